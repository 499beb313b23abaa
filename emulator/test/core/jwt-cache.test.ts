import { describe, expect, it } from 'vitest';
import { JwtError } from '../../src/context.js';
import { JwtCache } from '../../src/core/jwt-cache.js';

/** A verifier that counts its calls and answers from a table (a missing token is refused). */
function fakeVerifier(claimsOf: Record<string, Record<string, unknown>>) {
  const calls: string[] = [];
  const verify = async (token: string) => {
    calls.push(token);
    const claims = claimsOf[token];
    if (!claims) throw new JwtError('JWSError JWSInvalidSignature', 'PGRST301');
    return { ...claims };
  };
  return { calls, verify };
}

describe('JwtCache', () => {
  it('verifies a token once and then answers from the cache', async () => {
    const { calls, verify } = fakeVerifier({ a: { role: 'anon', exp: 2_000 } });
    const cache = new JwtCache(verify, { now: () => 1_000_000 });
    expect(await cache.verify('a')).toEqual({ role: 'anon', exp: 2_000 });
    expect(await cache.verify('a')).toEqual({ role: 'anon', exp: 2_000 });
    expect(calls).toEqual(['a']);
  });

  it('shares one verification between concurrent requests with a new token', async () => {
    const { calls, verify } = fakeVerifier({ a: { role: 'anon' } });
    const cache = new JwtCache(verify);
    await Promise.all([cache.verify('a'), cache.verify('a'), cache.verify('a')]);
    expect(calls).toEqual(['a']);
  });

  it('gives each caller its own copy of the claims', async () => {
    const { verify } = fakeVerifier({ a: { role: 'anon' } });
    const cache = new JwtCache(verify);
    const first = await cache.verify('a');
    first.role = 'service_role';
    expect((await cache.verify('a')).role).toBe('anon');
  });

  it('verifies again once exp plus the clock skew has passed, and fails as the verifier does', async () => {
    let nowMs = 1_000_000; // 1000 s
    const claimsOf: Record<string, Record<string, unknown>> = { a: { role: 'anon', exp: 1_010 } };
    const { calls, verify } = fakeVerifier(claimsOf);
    const cache = new JwtCache(verify, { now: () => nowMs, clockSkewSeconds: 30 });
    await cache.verify('a');
    nowMs = 1_039_999; // 1039.999 s: exp 1010 > 1039 - 30
    await cache.verify('a');
    expect(calls).toEqual(['a']);
    nowMs = 1_040_000; // 1040 s: exp 1010 <= 1040 - 30, as jose's check
    delete claimsOf.a; // the verifier now refuses it
    await expect(cache.verify('a')).rejects.toMatchObject({ code: 'PGRST301' });
    expect(calls).toEqual(['a', 'a']);
  });

  it('keeps tokens without exp until they are the least recently used past the bound', async () => {
    const { calls, verify } = fakeVerifier({ a: {}, b: {}, c: {} });
    const cache = new JwtCache(verify, { max: 2 });
    await cache.verify('a');
    await cache.verify('b');
    await cache.verify('a'); // a is now the most recently used
    await cache.verify('c'); // drops b
    expect(cache.size).toBe(2);
    await cache.verify('a');
    await cache.verify('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('does not remember a failure', async () => {
    const claimsOf: Record<string, Record<string, unknown>> = {};
    const { calls, verify } = fakeVerifier(claimsOf);
    const cache = new JwtCache(verify);
    await expect(cache.verify('a')).rejects.toBeInstanceOf(JwtError);
    expect(cache.size).toBe(0);
    claimsOf.a = { role: 'anon' };
    expect(await cache.verify('a')).toEqual({ role: 'anon' });
    expect(calls).toEqual(['a', 'a']);
  });
});
