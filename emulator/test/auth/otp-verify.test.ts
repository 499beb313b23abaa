import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorHandle } from '../../src/index.js';
import { authApi, newEmail, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth]
site_url = "http://localhost:3000"
additional_redirect_urls = ["https://app.example.com/**"]
[auth.email]
enable_confirmations = true
secure_password_change = true
[auth.sms]
enable_signup = true
enable_confirmations = true
# an SMS provider: the emulator texts to its mailbox instead of calling Twilio
[auth.sms.twilio]
enabled = true
[auth.sms.test_otp]
14152127777 = "123456"
`;

const pkcePair = () => {
  const verifier = randomBytes(48).toString('hex');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** Parses the fragment of a redirect Location into an object. */
const fragment = (location: string) =>
  Object.fromEntries(new URLSearchParams(new URL(location).hash.slice(1)));

describe('auth: confirmations, OTP, magic links, recovery, PKCE (mailbox)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG);
    api = authApi(emu);
  });
  beforeEach(() => emu.mailbox.clear());
  afterAll(() => emu?.stop());

  const signUpConfirmed = async () => {
    const email = newEmail();
    await api.post('/signup', { email, password: 'secret-pw' });
    const msg = emu.mailbox.latest(email)!;
    const v = await api.post('/verify', { type: 'signup', email, token: msg.token });
    return { email, session: v.body };
  };

  it('sign-up sends a confirmation; sign-in before it is 400 email_not_confirmed; the code confirms and signs in', async () => {
    const email = newEmail();
    const res = await api.post('/signup', { email, password: 'secret-pw' });
    expect(res.status).toBe(200);
    expect(res.body.access_token).toBeUndefined();
    expect(res.body).toMatchObject({ email, confirmation_sent_at: expect.any(String) });
    expect(res.body.email_confirmed_at).toBeUndefined();
    const msg = emu.mailbox.latest(email)!;
    expect(msg).toMatchObject({
      channel: 'email',
      type: 'signup',
      token: expect.stringMatching(/^\d{6}$/),
    });
    expect(msg.link).toContain('/auth/v1/verify?token=');
    const early = await api.post(
      '/token',
      { email, password: 'secret-pw' },
      { query: { grant_type: 'password' } },
    );
    expect(early.body).toEqual({ code: 'email_not_confirmed', message: 'Email not confirmed' });
    const wrong = await api.post('/verify', { type: 'signup', email, token: '000000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ code: 'otp_expired', message: 'Token has expired or is invalid' });
    const ok = await api.post('/verify', { type: 'signup', email, token: msg.token });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email_confirmed_at).toBeTruthy();
    const reused = await api.post('/verify', { type: 'signup', email, token: msg.token });
    expect(reused.body.code).toBe('otp_expired');
  });

  it('signing up again with a confirmed address answers a look-alike user with no identities (no enumeration)', async () => {
    const { email } = await signUpConfirmed();
    emu.mailbox.clear();
    const res = await api.post('/signup', { email, password: 'other-pw' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email, identities: [] });
    const { rows } = await emu.db.query<{ id: string }>(
      'select id from auth.users where email = $1',
      [email],
    );
    expect(res.body.id).not.toBe(rows[0].id);
    expect(emu.mailbox.list()).toHaveLength(0);
  });

  it('the e-mailed link verifies with a 303 to redirect_to and the session in the fragment', async () => {
    const email = newEmail();
    await api.post(
      '/signup',
      { email, password: 'secret-pw' },
      { query: { redirect_to: 'https://app.example.com/welcome' } },
    );
    const link = emu.mailbox.latest(email)!.link!;
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location.startsWith('https://app.example.com/welcome#')).toBe(true);
    const f = fragment(location);
    expect(f).toMatchObject({ token_type: 'bearer', type: 'signup', expires_in: '3600' });
    expect(Object.keys(f)).toEqual([...Object.keys(f)].sort());
    const me = await api.get('/user', { token: f.access_token });
    expect(me.body.email).toBe(email);
    const again = await fetch(link, { redirect: 'manual' });
    const err = new URL(again.headers.get('location')!);
    expect(err.searchParams.get('error')).toBe('access_denied');
    expect(err.searchParams.get('error_code')).toBe('otp_expired');
    expect(err.searchParams.get('error_description')).toBe('Email link is invalid or has expired');
  });

  it('a redirect_to outside site_url and additional_redirect_urls falls back to site_url', async () => {
    const email = newEmail();
    await api.post(
      '/signup',
      { email, password: 'secret-pw' },
      { query: { redirect_to: 'https://evil.example.net/steal' } },
    );
    const res = await fetch(emu.mailbox.latest(email)!.link!, { redirect: 'manual' });
    expect(res.headers.get('location')!.startsWith('http://localhost:3000#')).toBe(true);
  });

  it('PKCE sign-up: the link redirects with ?code= and grant_type=pkce exchanges it with the verifier', async () => {
    const email = newEmail();
    const { verifier, challenge } = pkcePair();
    await api.post(
      '/signup',
      { email, password: 'secret-pw', code_challenge: challenge, code_challenge_method: 's256' },
      {
        query: { redirect_to: 'https://app.example.com/cb?x=1' },
      },
    );
    const link = emu.mailbox.latest(email)!.link!;
    expect(link).toContain('token=pkce_');
    const res = await fetch(link, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.example.com/cb');
    expect(location.searchParams.get('x')).toBe('1');
    const code = location.searchParams.get('code')!;
    const bad = await api.post(
      '/token',
      { auth_code: code, code_verifier: 'x'.repeat(64) },
      { query: { grant_type: 'pkce' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad_code_verifier');
    const ok = await api.post(
      '/token',
      { auth_code: code, code_verifier: verifier },
      { query: { grant_type: 'pkce' } },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(email);
    const twice = await api.post(
      '/token',
      { auth_code: code, code_verifier: verifier },
      { query: { grant_type: 'pkce' } },
    );
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('flow_state_not_found');
  });

  it('a half-given PKCE challenge is 400 validation_failed', async () => {
    const res = await api.post('/signup', {
      email: newEmail(),
      password: 'secret-pw',
      code_challenge: 'a'.repeat(43),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('/otp sends a magic link and code; verify type=email signs in; create_user=false refuses strangers', async () => {
    const { email } = await signUpConfirmed();
    emu.mailbox.clear();
    const res = await api.post('/otp', { email, create_user: true, data: {} });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const msg = emu.mailbox.latest(email)!;
    expect(msg.type).toBe('magiclink');
    const ok = await api.post('/verify', { type: 'email', email, token: msg.token });
    expect(ok.status).toBe(200);
    const stranger = await api.post('/otp', { email: newEmail(), create_user: false });
    expect(stranger.status).toBe(422);
    expect(stranger.body.code).toBe('otp_disabled');
  });

  it('/otp for a new address creates the user; the magic link confirms it', async () => {
    const email = newEmail();
    await api.post('/otp', { email, create_user: true });
    const link = emu.mailbox.latest(email)!.link!;
    const res = await fetch(link, { redirect: 'manual' });
    const f = fragment(res.headers.get('location')!);
    expect(f.type).toBe('magiclink');
    const me = await api.get('/user', { token: f.access_token });
    expect(me.body.email_confirmed_at).toBeTruthy();
  });

  it('verify by token_hash works too', async () => {
    const email = newEmail();
    await api.post('/otp', { email });
    const hash = new URL(emu.mailbox.latest(email)!.link!).searchParams.get('token')!;
    const ok = await api.post('/verify', { type: 'magiclink', token_hash: hash });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe(email);
  });

  it('/recover mails a recovery code; verify type=recovery signs in; unknown addresses answer 200 too', async () => {
    const { email } = await signUpConfirmed();
    emu.mailbox.clear();
    expect((await api.post('/recover', { email })).status).toBe(200);
    const msg = emu.mailbox.latest(email)!;
    expect(msg.type).toBe('recovery');
    const ok = await api.post('/verify', { type: 'recovery', email, token: msg.token });
    expect(ok.status).toBe(200);
    const amr = JSON.parse(Buffer.from(ok.body.access_token.split('.')[1], 'base64url').toString());
    expect(amr.amr[0].method).toBe('recovery');
    const unknown = await api.post('/recover', { email: newEmail() });
    expect(unknown.status).toBe(200);
    expect(emu.mailbox.list()).toHaveLength(1);
  });

  it('/resend sends a fresh signup code; the old one stops working', async () => {
    const email = newEmail();
    await api.post('/signup', { email, password: 'secret-pw' });
    const first = emu.mailbox.latest(email)!.token!;
    await api.post('/resend', { type: 'signup', email });
    const second = emu.mailbox.latest(email)!.token!;
    expect(emu.mailbox.list(email)).toHaveLength(2);
    if (first !== second) {
      expect((await api.post('/verify', { type: 'signup', email, token: first })).status).toBe(403);
    }
    expect((await api.post('/verify', { type: 'signup', email, token: second })).status).toBe(200);
    const bad = await api.post('/resend', { type: 'nope', email });
    expect(bad.status).toBe(400);
  });

  it('e-mail change with double confirmation: both links needed, then the address changes', async () => {
    const { email, session } = await signUpConfirmed();
    emu.mailbox.clear();
    const next = newEmail('next');
    const res = await api.put('/user', { email: next }, { token: session.access_token });
    expect(res.body).toMatchObject({ email, new_email: next });
    const toNew = emu.mailbox.latest(next)!;
    const toOld = emu.mailbox.latest(email)!;
    expect(toNew.type).toBe('email_change');
    expect(toOld.type).toBe('email_change');
    const half = await api.post('/verify', {
      type: 'email_change',
      email: next,
      token: toNew.token,
    });
    expect(half.status).toBe(200);
    expect(half.body.msg).toMatch(/Confirmation link accepted/);
    const done = await api.post('/verify', { type: 'email_change', email, token: toOld.token });
    expect(done.status).toBe(200);
    expect(done.body.user.email).toBe(next);
  });

  it('/resend email_change names the user by its current address and sends both links again', async () => {
    const { email, session } = await signUpConfirmed();
    const next = newEmail('next');
    await api.put('/user', { email: next }, { token: session.access_token });
    emu.mailbox.clear();
    // The pending address is not the user's yet: GoTrue finds nobody and sends nothing.
    expect(await api.post('/resend', { type: 'email_change', email: next })).toMatchObject({
      status: 200,
      body: {},
    });
    expect(emu.mailbox.list()).toHaveLength(0);
    expect((await api.post('/resend', { type: 'email_change', email })).status).toBe(200);
    const toNew = emu.mailbox.latest(next)!;
    const toOld = emu.mailbox.latest(email)!;
    expect([toNew.type, toOld.type]).toEqual(['email_change', 'email_change']);
    await api.post('/verify', { type: 'email_change', email: next, token: toNew.token });
    const done = await api.post('/verify', { type: 'email_change', email, token: toOld.token });
    expect(done.body.user.email).toBe(next);
    // No change pending any more: nothing to resend.
    emu.mailbox.clear();
    expect((await api.post('/resend', { type: 'email_change', email: next })).body).toEqual({});
    expect(emu.mailbox.list()).toHaveLength(0);
  });

  it('secure_password_change: a nonce from /reauthenticate is checked when given', async () => {
    const { email, session } = await signUpConfirmed();
    emu.mailbox.clear();
    const t = { token: session.access_token };
    expect((await api.get('/reauthenticate', t)).status).toBe(200);
    const nonce = emu.mailbox.latest(email)!;
    expect(nonce.type).toBe('reauthentication');
    const bad = await api.put('/user', { password: 'new-secret', nonce: '000000' }, t);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('reauthentication_not_valid');
    await api.get('/reauthenticate', t);
    const ok = await api.put(
      '/user',
      { password: 'new-secret', nonce: emu.mailbox.latest(email)!.token },
      t,
    );
    expect(ok.status).toBe(200);
  });

  it('secure_password_change: a session older than 24 h needs a nonce (reauthentication_needed)', async () => {
    const { session } = await signUpConfirmed();
    await emu.db.query(
      "update auth.sessions set created_at = now() - interval '25 hours' where user_id = $1",
      [session.user.id],
    );
    const res = await api.put('/user', { password: 'new-secret' }, { token: session.access_token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'reauthentication_needed',
      message: 'Password update requires reauthentication',
    });
  });

  it('phone sign-up with an SMS code (mailbox) and with a fixed test OTP', async () => {
    const phone = '+14155550123';
    const res = await api.post('/signup', { phone, password: 'secret-pw', channel: 'sms' });
    expect(res.status).toBe(200);
    expect(res.body.phone).toBe('14155550123');
    const sms = emu.mailbox.latest('14155550123')!;
    expect(sms.channel).toBe('sms');
    const ok = await api.post('/verify', { type: 'sms', phone, token: sms.token });
    expect(ok.status).toBe(200);
    expect(ok.body.user.phone_confirmed_at).toBeTruthy();
    const login = await api.post(
      '/token',
      { phone, password: 'secret-pw' },
      { query: { grant_type: 'password' } },
    );
    expect(login.status).toBe(200);

    const otp = await api.post('/otp', { phone: '+1 415 212 7777' });
    expect(otp.status).toBe(200);
    expect(emu.mailbox.list('14152127777')).toHaveLength(0);
    const fixed = await api.post('/verify', { type: 'sms', phone: '14152127777', token: '123456' });
    expect(fixed.status).toBe(200);
    const badPhone = await api.post('/otp', { phone: 'call me' });
    expect(badPhone.status).toBe(400);
  });

  it('verify refuses a missing or unknown type and a missing token', async () => {
    expect((await api.post('/verify', { email: newEmail(), token: '1' })).body.message).toBe(
      'Verify requires a verification type',
    );
    // GoTrue looks the user up and finds no code of an unknown type: 403, not a 400.
    expect(
      (await api.post('/verify', { type: 'weird', email: newEmail(), token: '1' })).status,
    ).toBe(403);
    expect((await api.post('/verify', { type: 'signup', email: newEmail() })).status).toBe(400);
  });
});
