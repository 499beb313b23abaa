import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { AUTH_SCHEMA_SQL } from '../../src/auth/schema-sql.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth.sms]
enable_signup = true
enable_confirmations = true
# an SMS provider: the emulator texts to its mailbox instead of calling Twilio
[auth.sms.twilio]
enabled = true
`;

describe('auth: mailbox endpoints, expired tokens, phone change, unknown paths', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it('GET /_emulator/mailbox lists messages (optionally for one recipient); DELETE clears it', async () => {
    emu.mailbox.clear();
    const a = newEmail('mb');
    const b = newEmail('mb');
    await api.post('/otp', { email: a });
    await api.post('/otp', { email: b });
    const all = await api.get('/_emulator/mailbox');
    expect(all.body.messages.map((m: { to: string }) => m.to)).toEqual([a, b]);
    const one = await api.get('/_emulator/mailbox', { query: { to: b } });
    expect(one.body.messages).toHaveLength(1);
    expect(one.body.messages[0]).toMatchObject({
      to: b,
      type: 'magiclink',
      channel: 'email',
      token: expect.stringMatching(/^\d{6}$/),
    });
    expect((await api.del('/_emulator/mailbox')).status).toBe(204);
    expect((await api.get('/_emulator/mailbox')).body.messages).toEqual([]);
  });

  it('an expired access token is 403 bad_jwt', async () => {
    const s = (await api.post('/signup', { email: newEmail(), password: 'secret-pw' })).body;
    const claims = jwtPayload(s.access_token);
    const expired = await emu.context.jwt.sign({
      ...claims,
      iat: claims.iat - 7200,
      exp: claims.iat - 3600,
    });
    const res = await api.get('/user', { token: expired });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('bad_jwt');
    expect(res.body.message).toMatch(/^invalid JWT: unable to parse or verify signature, /);
  });

  it('a phone change is confirmed with the code texted to the new number', async () => {
    const email = newEmail();
    const s = (await api.post('/signup', { email, password: 'secret-pw' })).body;
    const res = await api.put('/user', { phone: '+15557654321' }, { token: s.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phone: '', new_phone: '15557654321' });
    const sms = emu.mailbox.latest('15557654321')!;
    expect(sms.type).toBe('phone_change');
    // GoTrue finds the user by its current address (the new number is not the user's yet).
    await api.post('/resend', { type: 'phone_change', phone: '+15557654321' });
    expect(emu.mailbox.latest('15557654321')!.id).toBe(sms.id);
    await api.post('/resend', { type: 'phone_change', email });
    const resent = emu.mailbox.latest('15557654321')!;
    expect(resent.id).not.toBe(sms.id);
    const ok = await api.post('/verify', {
      type: 'phone_change',
      phone: '+15557654321',
      token: resent.token,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ phone: '15557654321' });
    expect(ok.body.user.phone_confirmed_at).toBeTruthy();
  });

  it('phone sign-in with the password needs a confirmed phone', async () => {
    await api.post('/signup', { phone: '+15550002222', password: 'secret-pw' });
    const res = await api.post(
      '/token',
      { phone: '+15550002222', password: 'secret-pw' },
      { query: { grant_type: 'password' } },
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'phone_not_confirmed', message: 'Phone not confirmed' });
  });

  it('the auth schema SQL is idempotent: running it again keeps users and sessions working', async () => {
    const email = newEmail('idem');
    const s = (await api.post('/signup', { email, password: 'secret-pw' })).body;
    await emu.db.exec(AUTH_SCHEMA_SQL);
    expect((await api.get('/user', { token: s.access_token })).body.email).toBe(email);
  });

  it('an unknown path under /auth/v1 is 404 JSON', async () => {
    const res = await api.get('/no-such-endpoint');
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe('not_found');
  });

  it('the legacy error shape carries the HTTP status as code', async () => {
    const res = await api.get('/user', { version: null });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 403, error_code: 'bad_jwt' });
    expect(res.headers.get('x-sb-error-code')).toBe('bad_jwt');
  });
});
