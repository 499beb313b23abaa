import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { testEngines } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

describe.each(testEngines())(
  'auth: sessions, refresh-token rotation, /user and /logout on %s',
  (engine) => {
    let emu: EmulatorHandle;
    let api: ReturnType<typeof authApi>;
    // Reuse interval 0 so reuse detection is observable without waiting.
    beforeAll(async () => {
      emu = await startAuthEmulator('[auth]\nrefresh_token_reuse_interval = 0\n', engine);
      api = authApi(emu);
    });
    afterAll(() => emu?.stop());

    const signUp = async () => {
      const email = newEmail();
      const res = await api.post('/signup', { email, password: 'secret-pw' });
      return { email, ...res.body };
    };
    const refresh = (token: string) =>
      api.post('/token', { refresh_token: token }, { query: { grant_type: 'refresh_token' } });

    it('rotates the refresh token and keeps the session', async () => {
      const s = await signUp();
      const r1 = await refresh(s.refresh_token);
      expect(r1.status).toBe(200);
      expect(r1.body.refresh_token).not.toBe(s.refresh_token);
      expect(jwtPayload(r1.body.access_token).session_id).toBe(
        jwtPayload(s.access_token).session_id,
      );
      const { rows } = await emu.db.query<{ revoked: boolean; parent: string | null }>(
        'select revoked, parent from auth.refresh_tokens where token = $1',
        [r1.body.refresh_token],
      );
      expect(rows[0]).toEqual({ revoked: false, parent: s.refresh_token });
    });

    it('gives back the active token for its just-revoked parent (a client that lost the answer)', async () => {
      const s = await signUp();
      const r1 = await refresh(s.refresh_token);
      const again = await refresh(s.refresh_token);
      expect(again.status).toBe(200);
      expect(again.body.refresh_token).toBe(r1.body.refresh_token);
    });

    it('concurrent refreshes of one token take turns: both get the same new token', async () => {
      const s = await signUp();
      const [a, b] = await Promise.all([refresh(s.refresh_token), refresh(s.refresh_token)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body.refresh_token).toBe(b.body.refresh_token);
    });

    it('detects reuse of an older token: 400 refresh_token_already_used and the family is revoked', async () => {
      const s = await signUp();
      const r1 = await refresh(s.refresh_token);
      const r2 = await refresh(r1.body.refresh_token);
      const reuse = await refresh(s.refresh_token);
      expect(reuse.status).toBe(400);
      expect(reuse.body).toEqual({
        code: 'refresh_token_already_used',
        message: 'Invalid Refresh Token: Already Used',
      });
      const after = await refresh(r2.body.refresh_token);
      expect(after.status).toBe(400);
      expect(after.body.code).toBe('refresh_token_already_used');
    });

    it('answers an unknown refresh token with 400 refresh_token_not_found, and a missing one with 400', async () => {
      const res = await refresh('nope');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        code: 'refresh_token_not_found',
        message: 'Invalid Refresh Token: Refresh Token Not Found',
      });
      const missing = await api.post('/token', {}, { query: { grant_type: 'refresh_token' } });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('validation_failed');
    });

    it('GET /user returns the signed-in user; no token, a bad token or the anon key are refused', async () => {
      const s = await signUp();
      const me = await api.get('/user', { token: s.access_token });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: s.user.id, email: s.email });
      const anon = await api.get('/user');
      expect(anon.status).toBe(403);
      expect(anon.body.code).toBe('bad_jwt');
      const tampered = await api.get('/user', { token: `${s.access_token.slice(0, -4)}AAAA` });
      expect(tampered.status).toBe(403);
      expect(tampered.body.code).toBe('bad_jwt');
      const none = await fetch(`${emu.url}/auth/v1/user`, {
        headers: { apikey: emu.anonKey, 'x-supabase-api-version': '2024-01-01' },
      });
      expect(none.status).toBe(401);
      expect((await none.json()).code).toBe('no_authorization');
    });

    it('PUT /user merges metadata, changes the password (not to the same one) and the e-mail (autoconfirm)', async () => {
      const s = await signUp();
      const t = { token: s.access_token };
      const meta = await api.put('/user', { data: { theme: 'dark' } }, t);
      expect(meta.status).toBe(200);
      expect(meta.body.user_metadata).toEqual({ theme: 'dark' });
      const same = await api.put('/user', { password: 'secret-pw' }, t);
      expect(same.status).toBe(422);
      expect(same.body.code).toBe('same_password');
      const weak = await api.put('/user', { password: 'x' }, t);
      expect(weak.body.code).toBe('weak_password');
      const pw = await api.put('/user', { password: 'another-pw' }, t);
      expect(pw.status).toBe(200);
      const login = await api.post(
        '/token',
        { email: s.email, password: 'another-pw' },
        { query: { grant_type: 'password' } },
      );
      expect(login.status).toBe(200);
      const email = newEmail('changed');
      const changed = await api.put('/user', { email }, t);
      expect(changed.body.email).toBe(email);
      const taken = await signUp();
      const clash = await api.put('/user', { email: taken.email }, t);
      expect(clash.status).toBe(422);
      expect(clash.body.code).toBe('email_exists');
    });

    it('logout scope=local ends only this session; the token then gets 403 session_not_found', async () => {
      const s = await signUp();
      const other = await api.post(
        '/token',
        { email: s.email, password: 'secret-pw' },
        { query: { grant_type: 'password' } },
      );
      const out = await api.post('/logout', undefined, {
        token: s.access_token,
        query: { scope: 'local' },
      });
      expect(out.status).toBe(204);
      const me = await api.get('/user', { token: s.access_token });
      expect(me.status).toBe(403);
      expect(me.body).toEqual({
        code: 'session_not_found',
        message: 'Session from session_id claim in JWT does not exist',
      });
      expect((await api.get('/user', { token: other.body.access_token })).status).toBe(200);
      expect((await refresh(s.refresh_token)).body.code).toBe('refresh_token_not_found');
    });

    it('logout scope=others keeps this session; scope=global ends them all', async () => {
      const s = await signUp();
      const second = await api.post(
        '/token',
        { email: s.email, password: 'secret-pw' },
        { query: { grant_type: 'password' } },
      );
      await api.post('/logout', undefined, { token: s.access_token, query: { scope: 'others' } });
      expect((await api.get('/user', { token: s.access_token })).status).toBe(200);
      expect((await api.get('/user', { token: second.body.access_token })).status).toBe(403);
      const third = await api.post(
        '/token',
        { email: s.email, password: 'secret-pw' },
        { query: { grant_type: 'password' } },
      );
      await api.post('/logout', undefined, { token: third.body.access_token });
      expect((await api.get('/user', { token: s.access_token })).status).toBe(403);
      const bad = await api.post('/logout', undefined, {
        token: s.access_token,
        query: { scope: 'everything' },
      });
      expect(bad.status).toBe(400);
    });

    it('user rows are usable from SQL: auth.users(id) foreign keys and cascades', async () => {
      const s = await signUp();
      await emu.db.exec(
        'create table if not exists public.profiles (id uuid primary key references auth.users(id) on delete cascade, name text)',
      );
      await emu.db.query('insert into public.profiles (id, name) values ($1, $2)', [
        s.user.id,
        'x',
      ]);
      await emu.db.query('delete from auth.users where id = $1', [s.user.id]);
      const { rows } = await emu.db.query('select * from public.profiles where id = $1', [
        s.user.id,
      ]);
      expect(rows).toHaveLength(0);
    });
  },
);
