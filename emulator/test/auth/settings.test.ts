import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { RateLimiter } from '../../src/auth/rate-limit.js';
import { goDurationMs } from '../../src/auth/duration.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

describe('auth settings: signups off', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator('[auth]\nenable_signup = false\n');
  });
  afterAll(() => emu?.stop());

  it('refuses sign-ups and OTP sign-ups with 422 signup_disabled; admins can still create users', async () => {
    const api = authApi(emu);
    const res = await api.post('/signup', { email: newEmail(), password: 'secret-pw' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      code: 'signup_disabled',
      message: 'Signups not allowed for this instance',
    });
    expect((await api.post('/otp', { email: newEmail() })).body.code).toBe('signup_disabled');
    expect((await api.post('/admin/users', { email: newEmail() }, api.admin())).status).toBe(200);
    expect((await api.get('/settings')).body.disable_signup).toBe(true);
  });
});

describe('auth settings: anonymous users, password rules, JWT expiry, rate limits', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(`
[auth]
enable_anonymous_sign_ins = true
minimum_password_length = 10
password_requirements = "lower_upper_letters_digits"
jwt_expiry = 600
[auth.email]
max_frequency = "60s"
[auth.rate_limit]
token_verifications = 2
`);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it('signs in anonymously: is_anonymous in the user and the token, amr anonymous', async () => {
    const res = await api.post('/signup', { data: { guest: true } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      is_anonymous: true,
      email: '',
      user_metadata: { guest: true },
    });
    const claims = jwtPayload(res.body.access_token);
    expect(claims).toMatchObject({ is_anonymous: true, role: 'authenticated' });
    expect(claims.amr[0].method).toBe('anonymous');
    expect(claims.exp - claims.iat).toBe(600);
    expect(res.body.expires_in).toBe(600);
  });

  it('an anonymous user becomes permanent by adding an e-mail', async () => {
    const anon = (await api.post('/signup', {})).body;
    const email = newEmail('anon');
    const res = await api.put('/user', { email }, { token: anon.access_token });
    expect(res.body).toMatchObject({ email, is_anonymous: false });
  });

  it('applies minimum_password_length and password_requirements with both reasons', async () => {
    const res = await api.post('/signup', { email: newEmail(), password: 'short' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('weak_password');
    expect(res.body.weak_password.reasons).toEqual(['length', 'characters']);
    expect(res.body.message).toMatch(
      /^Password should be at least 10 characters\. Password should contain at least one character of each: /,
    );
    const ok = await api.post('/signup', { email: newEmail(), password: 'LongEnough123' });
    expect(ok.status).toBe(200);
  });

  it('max_frequency: a second e-mail of one kind to one address within the window is 429', async () => {
    const email = newEmail('freq');
    expect((await api.post('/otp', { email })).status).toBe(200);
    const again = await api.post('/otp', { email });
    expect(again.status).toBe(429);
    expect(again.body).toEqual({
      code: 'over_email_send_rate_limit',
      message: 'For security purposes, you can only request this after 60 seconds.',
    });
    expect((await api.post('/otp', { email: newEmail('freq') })).status).toBe(200);
  });

  it('limits token verifications: the third in the window is 429 over_request_rate_limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        (await api.post('/verify', { type: 'signup', email: newEmail(), token: '123456' })).status,
      );
    }
    expect(codes).toEqual([403, 403, 429]);
    const last = await api.post('/verify', { type: 'signup', email: newEmail(), token: '123456' });
    expect(last.body).toEqual({
      code: 'over_request_rate_limit',
      message: 'Request rate limit reached',
    });
  });
});

describe('RateLimiter windows', () => {
  it('frees a slot when the window slides past, and names e-mail and SMS limits', () => {
    let now = 0;
    const limiter = new RateLimiter({ emailSent: 1, smsSent: 1, tokenRefresh: 2 }, () => now);
    limiter.hit('emailSent');
    expect(() => limiter.hit('emailSent')).toThrow('Email rate limit exceeded');
    limiter.hit('smsSent');
    expect(() => limiter.hit('smsSent')).toThrow('SMS rate limit exceeded');
    now = 3_600_001;
    expect(() => limiter.hit('emailSent')).not.toThrow();
    limiter.hit('tokenRefresh');
    limiter.hit('tokenRefresh');
    expect(() => limiter.hit('tokenRefresh')).toThrow('Request rate limit reached');
    now += 300_001;
    expect(() => limiter.hit('tokenRefresh')).not.toThrow();
    // Unset limits never throw.
    for (let i = 0; i < 100; i++) limiter.hit('signInSignUps');
  });
});

describe('goDurationMs', () => {
  it.each([
    ['1s', 1000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['', undefined],
    ['forever', undefined],
    ['10', undefined],
    ['5s junk', undefined],
  ])('%s → %s', (text, ms) => {
    expect(goDurationMs(text)).toBe(ms);
  });

  it('RateLimiter.every spaces events per key and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({}, () => now);
    limiter.every('a', 60_000);
    limiter.every('b', 60_000);
    now = 15_000;
    expect(() => limiter.every('a', 60_000)).toThrow('after 45 seconds');
    now = 60_000;
    expect(() => limiter.every('a', 60_000)).not.toThrow();
  });
});
