import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from 'hono';
import type { EmulatorContext, EmulatorHandle } from '../../src/index.js';
import { clientAddress } from '../../src/auth/client-address.js';
import { RateLimiter } from '../../src/auth/rate-limit.js';
import { CLI_RATE_LIMITS, readAuthSettings } from '../../src/auth/settings.js';
import { authApi, newEmail, startAuthEmulator } from './helpers.js';

function settingsOf(auth: Record<string, unknown>) {
  const ctx = { config: { auth: { raw: auth, siteUrl: '', jwtExpiry: 0 } } };
  return readAuthSettings(ctx as unknown as EmulatorContext);
}

function fakeContext(headers: Record<string, string>, remoteAddress?: string): Context {
  return {
    req: { header: (name: string) => headers[name.toLowerCase()] },
    env: remoteAddress ? { incoming: { socket: { remoteAddress } } } : {},
  } as unknown as Context;
}

describe('[auth.rate_limit] as the CLI hands it to GoTrue', () => {
  it("defaults to the CLI template's values; email_sent counts only with SMTP enabled", () => {
    expect(settingsOf({}).rateLimits).toEqual({
      emailSent: undefined,
      smsSent: 30,
      anonymousUsers: 30,
      tokenRefresh: 150,
      signInSignUps: 30,
      tokenVerifications: 30,
      web3: 30,
    });
    expect(settingsOf({ email: { smtp: { enabled: true } } }).rateLimits.emailSent).toBe(
      CLI_RATE_LIMITS.emailSent,
    );
    const set = settingsOf({
      email: { smtp: { enabled: true } },
      rate_limit: { email_sent: 9, sign_in_sign_ups: 3, web3: 4, token_refresh: 5 },
    }).rateLimits;
    expect(set).toMatchObject({ emailSent: 9, signInSignUps: 3, web3: 4, tokenRefresh: 5 });
  });
});

describe('clientAddress', () => {
  it.each([
    [
      'no trusted header: the socket address',
      undefined,
      { 'x-forwarded-for': '1.1.1.1' },
      '10.0.0.9',
    ],
    [
      'a trusted header: its first value',
      'X-Forwarded-For',
      { 'x-forwarded-for': ' 1.1.1.1 , 2.2.2.2' },
      '1.1.1.1',
    ],
    ['a trusted header that is absent: the socket address', 'X-Forwarded-For', {}, '10.0.0.9'],
    [
      'a trusted header whose first value is empty: the socket address',
      'X-Forwarded-For',
      { 'x-forwarded-for': ' , 2.2.2.2' },
      '10.0.0.9',
    ],
  ])('%s', (_name, trusted, headers, expected) => {
    expect(clientAddress(fakeContext(headers, '10.0.0.9'), trusted)).toBe(expected);
  });
});

describe('RateLimiter per address', () => {
  it('counts sign-ins per address, e-mails for the whole project', async () => {
    const limiter = new RateLimiter({ signInSignUps: 2, emailSent: 2 }, () => 0);
    const as = (address: string, fn: () => void) =>
      limiter.within(address, async () => {
        fn();
      });
    await as('a', () => limiter.hit('signInSignUps'));
    await as('a', () => limiter.hit('signInSignUps'));
    await expect(as('a', () => limiter.hit('signInSignUps'))).rejects.toThrow(
      'Request rate limit reached',
    );
    await expect(as('b', () => limiter.hit('signInSignUps'))).resolves.toBeUndefined();
    await as('a', () => limiter.hit('emailSent'));
    await as('b', () => limiter.hit('emailSent'));
    await expect(as('c', () => limiter.hit('emailSent'))).rejects.toThrow(
      'Email rate limit exceeded',
    );
  });
});

describe('per-address limits over HTTP', () => {
  const CONFIG = `
[auth.rate_limit]
sign_in_sign_ups = 2
`;
  const signIn = (api: ReturnType<typeof authApi>, forwardedFor: string) =>
    api.post(
      '/token?grant_type=password',
      { email: newEmail('rl'), password: 'wrong-password' },
      { headers: { 'x-forwarded-for': forwardedFor } },
    );

  describe('without a trusted header', () => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      emu = await startAuthEmulator(CONFIG);
    });
    afterAll(() => emu?.stop());

    it('X-Forwarded-For does not open a new bucket: the third sign-in is 429', async () => {
      const api = authApi(emu);
      const statuses = [];
      for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3'])
        statuses.push((await signIn(api, ip)).status);
      expect(statuses).toEqual([400, 400, 429]);
      expect((await signIn(api, '4.4.4.4')).body).toEqual({
        code: 'over_request_rate_limit',
        message: 'Request rate limit reached',
      });
    });
  });

  describe('with GOTRUE_RATE_LIMIT_HEADER=X-Forwarded-For', () => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      process.env.GOTRUE_RATE_LIMIT_HEADER = 'X-Forwarded-For';
      try {
        emu = await startAuthEmulator(CONFIG);
      } finally {
        delete process.env.GOTRUE_RATE_LIMIT_HEADER;
      }
    });
    afterAll(() => emu?.stop());

    it('each forwarded client has its own bucket', async () => {
      const api = authApi(emu);
      const a = [];
      for (let i = 0; i < 3; i++) a.push((await signIn(api, '1.1.1.1, 10.0.0.1')).status);
      expect(a).toEqual([400, 400, 429]);
      expect((await signIn(api, '2.2.2.2')).status).toBe(400);
    });
  });
});
