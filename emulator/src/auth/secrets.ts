import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * A random URL-safe token (refresh tokens, auth codes, OAuth states).
 *
 * @example
 * randomToken(12); // 'q2Xx0sVd8yZk'
 */
export function randomToken(length = 12): string {
  return randomBytes(Math.ceil((length * 3) / 4) + 1)
    .toString('base64url')
    .slice(0, length);
}

/**
 * A numeric one-time code of `length` digits, uniformly random.
 *
 * @example
 * otpCode(6); // '042917'
 */
export function otpCode(length = 6): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/**
 * The hash GoTrue stores for a one-time token: hex SHA-224 of the recipient then the code, so
 * that the e-mailed link carries the hash and the code itself is never stored.
 *
 * @example
 * tokenHash('a@b.c', '123456');
 */
export function tokenHash(recipient: string, code: string): string {
  return createHash('sha224')
    .update(recipient + code)
    .digest('hex');
}

/**
 * Hex SHA-256 (id-token nonces are compared as such).
 *
 * @example
 * sha256Hex('nonce');
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Checks a PKCE verifier against the stored challenge (`s256`: base64url SHA-256, or `plain`).
 *
 * @example
 * pkceMatches('s256', challenge, verifier);
 */
export function pkceMatches(method: string, challenge: string, verifier: string): boolean {
  const computed =
    method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
