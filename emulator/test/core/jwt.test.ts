import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLI_DEFAULTS, CLI_DEMO_KEYS, CLI_OPAQUE_KEYS } from '../../src/config/defaults.js';
import { JwtError } from '../../src/context.js';
import { authenticateRequest } from '../../src/core/request-auth.js';
import { makeApiKeys } from '../../src/jwt/api-keys.js';
import { createJwtKeys } from '../../src/jwt/jwt-keys.js';
import { loadSigningKeys, SigningKeysError } from '../../src/jwt/signing-keys.js';

const SECRET = CLI_DEFAULTS.jwtSecret;
const now = () => Math.floor(Date.now() / 1000);

function hs256(claims: Record<string, unknown>, secret: string = SECRET): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

async function rejection(promise: Promise<unknown>): Promise<JwtError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtError);
  return error as JwtError;
}

describe('API keys', () => {
  it("are the Supabase CLI's published demo keys with the default secret", async () => {
    const keys = await makeApiKeys(SECRET);
    expect(keys.anonKey).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    );
    expect(keys.serviceRoleKey).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
    );
    expect(keys).toEqual({
      anonKey: CLI_DEMO_KEYS.anon,
      serviceRoleKey: CLI_DEMO_KEYS.serviceRole,
    });
  });

  it('are made from a custom secret the same way, and verify only with it', async () => {
    const custom = 'another-secret-of-at-least-thirty-two-chars';
    const keys = await makeApiKeys(custom);
    expect(keys.anonKey).not.toBe(CLI_DEMO_KEYS.anon);
    const jwt = await createJwtKeys({ secret: custom });
    expect(await jwt.verify(keys.anonKey)).toEqual({
      iss: 'supabase-demo',
      role: 'anon',
      exp: 1983812996,
    });
    const demo = await createJwtKeys({ secret: SECRET });
    expect((await rejection(demo.verify(keys.anonKey))).code).toBe('PGRST301');
  });
});

describe('verify', () => {
  it('accepts a valid HS256 token and returns its claims', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const token = await hs256({ sub: 'u1', role: 'authenticated', exp: now() + 60 });
    expect(await jwt.verify(token)).toMatchObject({ sub: 'u1', role: 'authenticated' });
  });

  it('refuses an expired token with PGRST303 "JWT expired"', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const error = await rejection(jwt.verify(await hs256({ role: 'anon', exp: now() - 3600 })));
    expect([error.code, error.message]).toEqual(['PGRST303', 'JWT expired']);
  });

  it('allows 30 seconds of clock skew, as PostgREST does', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const token = await hs256({ role: 'anon', exp: now() - 5 });
    expect(await jwt.verify(token)).toMatchObject({ role: 'anon' });
  });

  it('refuses a token signed with another secret with PGRST301 "JWSError JWSInvalidSignature"', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const token = await hs256({ role: 'service_role' }, 'not-the-project-secret-but-long-enough');
    const error = await rejection(jwt.verify(token));
    expect([error.code, error.message]).toEqual(['PGRST301', 'JWSError JWSInvalidSignature']);
  });

  it('refuses a tampered payload', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const [header, , signature] = CLI_DEMO_KEYS.anon.split('.');
    const forged = Buffer.from(
      JSON.stringify({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }),
    ).toString('base64url');
    const error = await rejection(jwt.verify(`${header}.${forged}.${signature}`));
    expect(error.code).toBe('PGRST301');
  });

  it.each([
    ['not a jwt', 'Expected 3 parts in JWT; got 1'],
    ['a.b', 'Expected 3 parts in JWT; got 2'],
    ['a.b.c.d', 'Expected 3 parts in JWT; got 4'],
    ['!!!.???.***', 'JWT cryptographic operation failed'],
  ])('refuses the malformed token %j with PGRST301', async (token, message) => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const error = await rejection(jwt.verify(token));
    expect([error.code, error.message]).toEqual(['PGRST301', message]);
  });

  it('refuses an unsigned ("alg": "none") token', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ role: 'service_role' })}.`;
    expect((await rejection(jwt.verify(token))).code).toBe('PGRST301');
  });

  it('refuses a token that is not yet valid, or issued in the future', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const nbf = await rejection(jwt.verify(await hs256({ role: 'anon', nbf: now() + 3600 })));
    expect([nbf.code, nbf.message]).toEqual(['PGRST303', 'JWT not yet valid']);
    const iat = await rejection(jwt.verify(await hs256({ role: 'anon', iat: now() + 3600 })));
    expect([iat.code, iat.message]).toEqual(['PGRST303', 'JWT issued at future']);
  });
});

describe('asymmetric signing keys', () => {
  async function keysFile(): Promise<string> {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const jwks = [
      {
        ...(await exportJWK(ec.privateKey)),
        kid: 'ec-1',
        alg: 'ES256',
        use: 'sig',
        key_ops: ['sign', 'verify'],
      },
      { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    ];
    const dir = await mkdtemp(join(tmpdir(), 'emu-keys-'));
    const path = join(dir, 'signing_keys.json');
    await writeFile(path, JSON.stringify(jwks));
    return path;
  }

  it('signs with the first key (with its kid) and verifies with any, or with the secret', async () => {
    const signingKeys = await loadSigningKeys(await keysFile());
    const jwt = await createJwtKeys({ secret: SECRET, signingKeys });
    const token = await jwt.sign({ sub: 'u1', role: 'authenticated', exp: now() + 60 });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: 'ec-1', typ: 'JWT' });
    expect(await jwt.verify(token)).toMatchObject({ sub: 'u1' });

    const rsaSigned = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .sign(await (await import('jose')).importJWK(signingKeys[1] as never, 'RS256'));
    expect(await jwt.verify(rsaSigned)).toMatchObject({ role: 'anon' });
    // The HS256 demo keys keep working next to the asymmetric keys.
    expect(await jwt.verify(CLI_DEMO_KEYS.anon)).toMatchObject({ role: 'anon' });
  });

  it('publishes only the public halves', async () => {
    const jwt = await createJwtKeys({
      secret: SECRET,
      signingKeys: await loadSigningKeys(await keysFile()),
    });
    const { keys } = jwt.publicJwks();
    expect(keys.map((k) => k.kid)).toEqual(['ec-1', 'rsa-1']);
    for (const key of keys) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
        expect(key).not.toHaveProperty(secret);
      expect(key.key_ops).toEqual(['verify']);
    }
  });

  it('refuses a token from an unknown key id', async () => {
    const jwt = await createJwtKeys({
      secret: SECRET,
      signingKeys: await loadSigningKeys(await keysFile()),
    });
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'ES256', kid: 'nope' })
      .sign(other.privateKey);
    const error = await rejection(jwt.verify(token));
    expect(error.code).toBe('PGRST301');
  });

  it('HS256 only: signs with the secret and publishes no keys', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const token = await jwt.sign({ role: 'anon' });
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    expect(jwt.publicJwks()).toEqual({ keys: [] });
  });

  it('names the file and the problem when the keys file is unusable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-keys-'));
    const path = join(dir, 'bad.json');
    await writeFile(path, '[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]');
    await expect(loadSigningKeys(path)).rejects.toThrow(SigningKeysError);
    await expect(loadSigningKeys(path)).rejects.toThrow(/bad\.json: key 0 has no "kid"/);
    await writeFile(path, 'nope');
    await expect(loadSigningKeys(path)).rejects.toThrow(/is not JSON/);
    await expect(loadSigningKeys(join(dir, 'missing.json'))).rejects.toThrow(
      /Cannot read signing keys/,
    );
  });
});

describe('authenticateRequest', () => {
  const keys = { anonKey: CLI_DEMO_KEYS.anon, serviceRoleKey: CLI_DEMO_KEYS.serviceRole };
  const request = (headers: Record<string, string>) =>
    new Request('http://x/rest/v1/t', { headers });

  it('runs a request with no key at all as anon', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    expect(await authenticateRequest(request({}), jwt, keys)).toEqual({
      role: 'anon',
      claims: { role: 'anon' },
    });
  });

  it('takes the bearer token before the apikey header', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const user = await hs256({ sub: 'u1', role: 'authenticated', exp: now() + 60 });
    const auth = await authenticateRequest(
      request({ apikey: CLI_DEMO_KEYS.anon, authorization: `Bearer ${user}` }),
      jwt,
      keys,
    );
    expect(auth).toMatchObject({ role: 'authenticated', token: user, claims: { sub: 'u1' } });
    const byKey = await authenticateRequest(
      request({ apikey: CLI_DEMO_KEYS.serviceRole }),
      jwt,
      keys,
    );
    expect(byKey.role).toBe('service_role');
  });

  it('never falls back to anon on a bad token', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const expired = await hs256({ role: 'anon', exp: now() - 3600 });
    const error = await rejection(
      authenticateRequest(request({ authorization: `Bearer ${expired}` }), jwt, keys),
    );
    expect(error.code).toBe('PGRST303');
    // A bad bearer is refused even when a good apikey comes with it.
    await rejection(
      authenticateRequest(
        request({ apikey: CLI_DEMO_KEYS.anon, authorization: 'Bearer junk' }),
        jwt,
        keys,
      ),
    );
  });

  it('runs a valid token without a role claim as anon, as PostgREST does', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    const token = await hs256({ sub: 'x' });
    expect(await authenticateRequest(request({ apikey: token }), jwt, keys)).toMatchObject({
      role: 'anon',
      claims: { sub: 'x' },
    });
  });

  it('remembers a verified token for its own keys only: new keys verify it afresh', async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    let verified = 0;
    const counting = { ...jwt, verify: (t: string) => (verified++, jwt.verify(t)) };
    const token = await hs256({ role: 'authenticated', exp: now() + 60 });
    for (let i = 0; i < 3; i++) {
      expect((await authenticateRequest(request({ apikey: token }), counting, keys)).role).toBe(
        'authenticated',
      );
    }
    expect(verified).toBe(1);
    const rotated = await createJwtKeys({
      secret: 'another-secret-with-at-least-32-characters-long',
    });
    const error = await rejection(authenticateRequest(request({ apikey: token }), rotated, keys));
    expect(error.code).toBe('PGRST301');
  });

  it("accepts the CLI's opaque publishable and secret keys as the anon and service_role keys", async () => {
    const jwt = await createJwtKeys({ secret: SECRET });
    expect(
      (await authenticateRequest(request({ apikey: CLI_OPAQUE_KEYS.publishable }), jwt, keys)).role,
    ).toBe('anon');
    const secret = await authenticateRequest(
      request({ authorization: `Bearer ${CLI_OPAQUE_KEYS.secret}` }),
      jwt,
      keys,
    );
    expect(secret.role).toBe('service_role');
  });
});
