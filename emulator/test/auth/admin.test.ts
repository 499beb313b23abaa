import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { authApi, newEmail, startAuthEmulator } from './helpers.js';

describe('auth: admin API (service_role only)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  let admin: ReturnType<ReturnType<typeof authApi>['admin']>;
  beforeAll(async () => {
    emu = await startAuthEmulator('[auth]\nsite_url = "http://localhost:3000"\n');
    api = authApi(emu);
    admin = api.admin();
  });
  beforeEach(() => emu.mailbox.clear());
  afterAll(() => emu?.stop());

  it('refuses the anon key and a user token with 403 not_admin', async () => {
    const anon = await api.get('/admin/users');
    expect(anon.status).toBe(403);
    expect(anon.body).toEqual({ code: 'not_admin', message: 'User not allowed' });
    const s = (await api.post('/signup', { email: newEmail(), password: 'secret-pw' })).body;
    const user = await api.post('/admin/users', { email: newEmail() }, { token: s.access_token });
    expect(user.status).toBe(403);
  });

  it("accepts the CLI's opaque secret key (as Authorization or alone as apikey) and refuses the publishable one", async () => {
    const secret = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';
    const publishable = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
    expect((await api.get('/admin/users', { token: secret })).status).toBe(200);
    const apikeyOnly = await fetch(`${emu.url}/auth/v1/admin/users`, {
      headers: { apikey: secret },
    });
    expect(apikeyOnly.status).toBe(200);
    expect((await api.get('/admin/users', { token: publishable })).status).toBe(403);
  });

  it('creates, gets, updates and hard-deletes a user', async () => {
    const email = newEmail('adm');
    const created = await api.post(
      '/admin/users',
      {
        email,
        password: 'secret-pw',
        email_confirm: true,
        user_metadata: { a: 1 },
        app_metadata: { plan: 'pro' },
      },
      admin,
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      email,
      user_metadata: { a: 1 },
      app_metadata: { provider: 'email', providers: ['email'], plan: 'pro' },
    });
    expect(created.body.email_confirmed_at).toBeTruthy();
    const id = created.body.id;
    const got = await api.get(`/admin/users/${id}`, admin);
    expect(got.body.id).toBe(id);
    const dup = await api.post('/admin/users', { email }, admin);
    expect(dup.status).toBe(422);
    expect(dup.body.code).toBe('email_exists');
    const updated = await api.put(
      `/admin/users/${id}`,
      { user_metadata: { b: 2 }, app_metadata: { plan: 'free' }, role: 'authenticated' },
      admin,
    );
    expect(updated.body.user_metadata).toEqual({ a: 1, b: 2 });
    expect(updated.body.app_metadata.plan).toBe('free');
    const login = await api.post(
      '/token',
      { email, password: 'secret-pw' },
      { query: { grant_type: 'password' } },
    );
    expect(login.status).toBe(200);
    const del = await api.del(`/admin/users/${id}`, { should_soft_delete: false }, admin);
    expect(del.status).toBe(200);
    const gone = await api.get(`/admin/users/${id}`, admin);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 'user_not_found', message: 'User not found' });
    expect((await api.get('/admin/users/not-a-uuid', admin)).status).toBe(404);
  });

  it('soft delete keeps the row with deleted_at and frees the e-mail', async () => {
    const email = newEmail('soft');
    const u = (await api.post('/admin/users', { email, email_confirm: true }, admin)).body;
    await api.del(`/admin/users/${u.id}`, { should_soft_delete: true }, admin);
    const { rows } = await emu.db.query<{ deleted_at: Date | null }>(
      'select deleted_at from auth.users where id = $1',
      [u.id],
    );
    expect(rows[0].deleted_at).toBeInstanceOf(Date);
    expect((await api.get(`/admin/users/${u.id}`, admin)).status).toBe(404);
    expect((await api.post('/admin/users', { email }, admin)).status).toBe(200);
  });

  it('bans with ban_duration: sign-in is refused until unbanned with "none"', async () => {
    const email = newEmail('ban');
    const u = (
      await api.post('/admin/users', { email, password: 'secret-pw', email_confirm: true }, admin)
    ).body;
    const banned = await api.put(`/admin/users/${u.id}`, { ban_duration: '24h' }, admin);
    expect(new Date(banned.body.banned_until).getTime()).toBeGreaterThan(
      Date.now() + 23 * 3600_000,
    );
    const refused = await api.post(
      '/token',
      { email, password: 'secret-pw' },
      { query: { grant_type: 'password' } },
    );
    expect(refused.body.code).toBe('user_banned');
    await api.put(`/admin/users/${u.id}`, { ban_duration: 'none' }, admin);
    expect(
      (
        await api.post(
          '/token',
          { email, password: 'secret-pw' },
          { query: { grant_type: 'password' } },
        )
      ).status,
    ).toBe(200);
    const bad = await api.put(`/admin/users/${u.id}`, { ban_duration: 'forever' }, admin);
    expect(bad.status).toBe(400);
  });

  it('lists users with X-Total-Count and Link (next, last), newest first', async () => {
    for (let i = 0; i < 3; i++) await api.post('/admin/users', { email: newEmail('list') }, admin);
    const total = Number(
      (
        await api.get('/admin/users', { ...admin, query: { page: '1', per_page: '1' } })
      ).headers.get('x-total-count'),
    );
    expect(total).toBeGreaterThanOrEqual(3);
    const page2 = await api.get('/admin/users', { ...admin, query: { page: '2', per_page: '1' } });
    expect(page2.status).toBe(200);
    expect(page2.body.aud).toBe('authenticated');
    expect(page2.body.users).toHaveLength(1);
    const link = page2.headers.get('link')!;
    expect(link).toContain(`/auth/v1/admin/users?page=3&per_page=1>; rel="next"`);
    expect(link).toContain(`?page=${total}&per_page=1>; rel="last"`);
    const all = await api.get('/admin/users', { ...admin, query: { page: '', per_page: '' } });
    const created = all.body.users.map((u: { created_at: string }) => u.created_at);
    expect(created).toEqual([...created].sort().reverse());
    const bad = await api.get('/admin/users', { ...admin, query: { page: '-1' } });
    expect(bad.status).toBe(400);
  });

  it('invites by e-mail: the invite link signs the user in', async () => {
    const email = newEmail('invite');
    const res = await api.post('/invite', { email, data: { team: 'x' } }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email,
      user_metadata: { team: 'x' },
      invited_at: expect.any(String),
    });
    const msg = emu.mailbox.latest(email)!;
    expect(msg.type).toBe('invite');
    const loc = (await fetch(msg.link!, { redirect: 'manual' })).headers.get('location')!;
    expect(loc).toMatch(/^http:\/\/localhost:3000#access_token=/);
    expect(new URLSearchParams(loc.split('#')[1]).get('type')).toBe('invite');
    expect((await api.post('/invite', { email: 'nope' }, admin)).status).toBe(400);
  });

  it('generate_link answers every type without sending mail, and the links work', async () => {
    const email = newEmail('gl');
    const signup = await api.post(
      '/admin/generate_link',
      { type: 'signup', email, password: 'secret-pw', data: { x: 1 } },
      admin,
    );
    expect(signup.status).toBe(200);
    expect(signup.body).toMatchObject({
      email,
      verification_type: 'signup',
      redirect_to: 'http://localhost:3000',
    });
    expect(signup.body.email_otp).toMatch(/^\d{6}$/);
    expect(signup.body.action_link).toContain(`token=${signup.body.hashed_token}`);
    expect(emu.mailbox.list()).toHaveLength(0);
    const v = await api.post('/verify', { type: 'signup', token_hash: signup.body.hashed_token });
    expect(v.status).toBe(200);

    for (const type of ['magiclink', 'recovery']) {
      const r = await api.post('/admin/generate_link', { type, email }, admin);
      expect(r.body.verification_type).toBe(type);
      expect((await api.post('/verify', { type, email, token: r.body.email_otp })).status).toBe(
        200,
      );
    }
    const invite = await api.post(
      '/admin/generate_link',
      { type: 'invite', email: newEmail('gli') },
      admin,
    );
    expect(invite.body.verification_type).toBe('invite');
    const next = newEmail('glnew');
    const cur = await api.post(
      '/admin/generate_link',
      { type: 'email_change_current', email, new_email: next },
      admin,
    );
    const nw = await api.post(
      '/admin/generate_link',
      { type: 'email_change_new', email, new_email: next },
      admin,
    );
    expect(cur.body.verification_type).toBe('email_change');
    await api.post('/verify', { type: 'email_change', token_hash: cur.body.hashed_token });
    const done = await api.post('/verify', {
      type: 'email_change',
      token_hash: nw.body.hashed_token,
    });
    expect(done.body.user.email).toBe(next);
    const unknownUser = await api.post(
      '/admin/generate_link',
      { type: 'magiclink', email: newEmail() },
      admin,
    );
    expect(unknownUser.status).toBe(404);
    const badType = await api.post('/admin/generate_link', { type: 'teleport', email }, admin);
    expect(badType.status).toBe(400);
  });

  it("lists and deletes a user's factors", async () => {
    const s = (await api.post('/signup', { email: newEmail(), password: 'secret-pw' })).body;
    const f = (await api.post('/factors', { factor_type: 'totp' }, { token: s.access_token })).body;
    const list = await api.get(`/admin/users/${s.user.id}/factors`, admin);
    expect(list.body).toEqual([
      expect.objectContaining({ id: f.id, factor_type: 'totp', status: 'unverified' }),
    ]);
    const del = await api.del(`/admin/users/${s.user.id}/factors/${f.id}`, undefined, admin);
    expect(del.body).toEqual({ id: f.id });
    expect((await api.get(`/admin/users/${s.user.id}/factors`, admin)).body).toEqual([]);
    expect(
      (await api.del(`/admin/users/${s.user.id}/factors/${f.id}`, undefined, admin)).status,
    ).toBe(404);
  });
});
