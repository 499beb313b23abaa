import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { asyncScheduler, lastValueFrom, type SchedulerLike } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthClient, AuthInvalidJwtError } from 'supabase-rx/auth';
import { fakeTransport, json, makeJwt, mapStorage, USER } from './helpers.js';

const URL_ = 'http://proj.test/auth/v1';
let privateKey: CryptoKey;
let jwk: Record<string, unknown>;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey as CryptoKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
});

/** A scheduler whose clock the test sets (seconds since the epoch × 1000). */
function clock(startMs: number): SchedulerLike & { set(ms: number): void } {
  let t = startMs;
  return Object.assign(Object.create(asyncScheduler) as SchedulerLike, {
    now: () => t,
    set: (ms: number) => (t = ms),
  });
}

function setup(startMs = Date.now()) {
  const scheduler = clock(startMs);
  const transport = fakeTransport((req) => {
    if (req.path.endsWith('/.well-known/jwks.json')) return json(200, { keys: [jwk] });
    if (req.path.endsWith('/user')) return json(200, USER);
    return json(404, {});
  });
  const auth = new AuthClient({
    url: URL_,
    transport,
    scheduler,
    storage: mapStorage(),
    autoRefreshToken: false,
  });
  return { auth, transport, scheduler };
}

const sign = (claims: Record<string, unknown>, kid = 'k1') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);

describe('getClaims (protocol.md §3.10)', () => {
  it('verifies an ES256 token locally with the JWKS, cached for 10 minutes on the scheduler', async () => {
    const now = Date.now();
    const { auth, transport, scheduler } = setup(now);
    const token = await sign({
      sub: USER.id,
      role: 'authenticated',
      exp: Math.floor(now / 1000) + 3600,
    });
    const first = await lastValueFrom(auth.getClaims(token));
    expect(first?.claims.sub).toBe(USER.id);
    expect(first?.header).toMatchObject({ alg: 'ES256', kid: 'k1' });
    expect(first?.signature).toBeInstanceOf(Uint8Array);
    await lastValueFrom(auth.getClaims(token));
    scheduler.set(now + 9 * 60_000);
    await lastValueFrom(auth.getClaims(token));
    expect(transport.requests.map((r) => r.path)).toEqual(['/auth/v1/.well-known/jwks.json']);
    scheduler.set(now + 11 * 60_000);
    await lastValueFrom(auth.getClaims(token));
    expect(transport.requests).toHaveLength(2);
  });

  it('a tampered token fails with AuthInvalidJwtError', async () => {
    const { auth } = setup();
    const token = await sign({ sub: USER.id, exp: Math.floor(Date.now() / 1000) + 3600 });
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'someone-else', exp: 9999999999 })).toString('base64url')}.${s}`;
    await expect(lastValueFrom(auth.getClaims(forged))).rejects.toBeInstanceOf(AuthInvalidJwtError);
  });

  it('an expired token fails unless allowExpired', async () => {
    const { auth } = setup();
    const token = await sign({ sub: USER.id, exp: Math.floor(Date.now() / 1000) - 10 });
    await expect(lastValueFrom(auth.getClaims(token))).rejects.toThrow(/expired/);
    expect((await lastValueFrom(auth.getClaims(token, { allowExpired: true })))?.claims.sub).toBe(
      USER.id,
    );
  });

  it('an unknown kid fails with AuthInvalidJwtError', async () => {
    const { auth } = setup();
    const token = await sign({ sub: USER.id, exp: Math.floor(Date.now() / 1000) + 60 }, 'other');
    await expect(lastValueFrom(auth.getClaims(token))).rejects.toBeInstanceOf(AuthInvalidJwtError);
  });

  it('HS256 tokens are checked by GET /user with the token', async () => {
    const { auth, transport } = setup();
    const token = makeJwt({ sub: USER.id, exp: Math.floor(Date.now() / 1000) + 60 });
    const result = await lastValueFrom(auth.getClaims(token));
    expect(result?.claims.sub).toBe(USER.id);
    expect(transport.requests[0].path).toBe('/auth/v1/user');
    expect(transport.requests[0].headers.authorization).toBe(`Bearer ${token}`);
  });

  it('malformed tokens fail with AuthInvalidJwtError; signed out emits null', async () => {
    const { auth } = setup();
    await expect(lastValueFrom(auth.getClaims('not.a-jwt'))).rejects.toBeInstanceOf(
      AuthInvalidJwtError,
    );
    expect(await lastValueFrom(auth.getClaims())).toBeNull();
  });
});
