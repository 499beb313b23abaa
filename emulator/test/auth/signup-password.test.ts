import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import bcrypt from 'bcryptjs';
import { testEngines } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

describe.each(testEngines())(
  'auth: sign-up and password sign-in (CLI defaults) on %s',
  (engine) => {
    let emu: EmulatorHandle;
    let api: ReturnType<typeof authApi>;
    beforeAll(async () => {
      emu = await startAuthEmulator('', engine);
      api = authApi(emu);
    });
    afterAll(() => emu?.stop());

    it('signs up with e-mail and password, autoconfirmed, and returns a session with Supabase claims', async () => {
      const email = newEmail();
      const res = await api.post('/signup', {
        email,
        password: 'secret-pw',
        data: { name: 'Ann' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
      expect(typeof res.body.refresh_token).toBe('string');
      expect(res.body.user).toMatchObject({
        email,
        aud: 'authenticated',
        role: 'authenticated',
        user_metadata: { name: 'Ann' },
        app_metadata: { provider: 'email', providers: ['email'] },
        is_anonymous: false,
      });
      expect(res.body.user.email_confirmed_at).toBeTruthy();
      expect(res.body.user.identities).toHaveLength(1);
      const claims = jwtPayload(res.body.access_token);
      expect(claims).toMatchObject({
        sub: res.body.user.id,
        aud: 'authenticated',
        role: 'authenticated',
        aal: 'aal1',
        email,
        is_anonymous: false,
        user_metadata: { name: 'Ann' },
        iss: `${emu.url}/auth/v1`,
      });
      expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
      expect(claims.exp - claims.iat).toBe(3600);
      expect(res.body.expires_at).toBe(claims.exp);
      expect(typeof claims.session_id).toBe('string');
    });

    it('stores the user in auth.users with a bcrypt hash', async () => {
      const email = newEmail();
      await api.post('/signup', { email, password: 'secret-pw' });
      const { rows } = await emu.db.query<{ encrypted_password: string }>(
        'select encrypted_password from auth.users where email = $1',
        [email],
      );
      expect(rows[0].encrypted_password).toMatch(/^\$2[aby]\$\d\d\$/);
    });

    it('refuses a second sign-up with the same e-mail: 422 user_already_exists', async () => {
      const email = newEmail();
      await api.post('/signup', { email, password: 'secret-pw' });
      const res = await api.post('/signup', { email, password: 'secret-pw' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ code: 'user_already_exists', message: 'User already registered' });
      expect(res.headers.get('x-supabase-api-version')).toBe('2024-01-01');
      expect(res.headers.get('x-sb-error-code')).toBe('user_already_exists');
    });

    it('answers the legacy error shape without X-Supabase-Api-Version', async () => {
      const email = newEmail();
      await api.post('/signup', { email, password: 'secret-pw' });
      const res = await api.post('/signup', { email, password: 'secret-pw' }, { version: null });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        code: 422,
        error_code: 'user_already_exists',
        msg: 'User already registered',
      });
      expect(res.headers.get('x-supabase-api-version')).toBeNull();
    });

    it('refuses a malformed X-Supabase-Api-Version with 400', async () => {
      const res = await api.post('/signup', {}, { version: 'yesterday' });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('bad_json');
    });

    it('refuses a weak password with 422 weak_password and its reasons', async () => {
      const res = await api.post('/signup', { email: newEmail(), password: '123' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        code: 'weak_password',
        message: 'Password should be at least 6 characters.',
        weak_password: { reasons: ['length'] },
      });
    });

    it('refuses a malformed e-mail, a missing password and both e-mail and phone', async () => {
      const bad = await api.post('/signup', { email: 'not-an-email', password: 'secret-pw' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        code: 'validation_failed',
        message: 'Unable to validate email address: invalid format',
      });
      const noPw = await api.post('/signup', { email: newEmail() });
      expect(noPw.status).toBe(400);
      expect(noPw.body.message).toBe('Signup requires a valid password');
      const both = await api.post('/signup', {
        email: newEmail(),
        phone: '15551234567',
        password: 'secret-pw',
      });
      expect(both.status).toBe(400);
      expect(both.body.code).toBe('validation_failed');
    });

    it('refuses a body that is not JSON with 400 bad_json', async () => {
      const res = await fetch(`${emu.url}/auth/v1/signup`, {
        method: 'POST',
        headers: {
          apikey: emu.anonKey,
          'content-type': 'application/json',
          'x-supabase-api-version': '2024-01-01',
        },
        body: '{not json',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe('bad_json');
    });

    it('refuses anonymous sign-ins and phone sign-ups by default', async () => {
      const anon = await api.post('/signup', { data: {} });
      expect(anon.status).toBe(422);
      expect(anon.body).toEqual({
        code: 'anonymous_provider_disabled',
        message: 'Anonymous sign-ins are disabled',
      });
      const phone = await api.post('/signup', { phone: '+15551234567', password: 'secret-pw' });
      expect(phone.status).toBe(400);
      expect(phone.body).toEqual({
        code: 'phone_provider_disabled',
        message: 'Phone signups are disabled',
      });
    });

    it('signs in with the password; a wrong password is 400 invalid_credentials', async () => {
      const email = newEmail();
      await api.post('/signup', { email, password: 'secret-pw' });
      const ok = await api.post(
        '/token',
        { email, password: 'secret-pw' },
        { query: { grant_type: 'password' } },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.user.email).toBe(email);
      expect(ok.body.user.last_sign_in_at).toBeTruthy();
      const wrong = await api.post(
        '/token',
        { email, password: 'nope-nope' },
        { query: { grant_type: 'password' } },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body).toEqual({
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      });
      const unknown = await api.post(
        '/token',
        { email: newEmail(), password: 'secret-pw' },
        { query: { grant_type: 'password' } },
      );
      expect(unknown.body.code).toBe('invalid_credentials');
    });

    it('a sign-in with a password weaker than the current rules answers weak_password beside the session', async () => {
      const email = newEmail('weak');
      const hash = await bcrypt.hash('abc', 4);
      const created = await api.post(
        '/admin/users',
        { email, password_hash: hash, email_confirm: true },
        api.admin(),
      );
      expect(created.status).toBe(200);
      const res = await api.post(
        '/token',
        { email, password: 'abc' },
        { query: { grant_type: 'password' } },
      );
      expect(res.status).toBe(200);
      expect(res.body.weak_password).toEqual({
        reasons: ['length'],
        message: 'Password should be at least 6 characters.',
      });
      expect(typeof res.body.access_token).toBe('string');
    });

    it('refuses an unknown grant type', async () => {
      const res = await api.post('/token', {}, { query: { grant_type: 'magic' } });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('unsupported_grant_type');
    });

    it('serves /health, /settings and the JWKS', async () => {
      const health = await api.get('/health');
      expect(health.body.name).toBe('GoTrue');
      const settings = await api.get('/settings');
      expect(settings.body).toMatchObject({
        disable_signup: false,
        mailer_autoconfirm: true,
        external: { email: true, phone: false, anonymous_users: false, github: false },
      });
      const jwks = await api.get('/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      expect(Array.isArray(jwks.body.keys)).toBe(true);
    });
  },
);
