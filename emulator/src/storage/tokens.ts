import { jwtVerify, SignJWT } from 'jose';
import { StorageErrors } from './errors.js';

/** What a signed URL's token carries, as Storage's. */
export interface UrlTokenClaims {
  /** `<bucket>/<key>`. */
  url: string;
  /** The owner an upload through a signed upload URL is made for. */
  owner?: string;
  upsert?: boolean;
  transformations?: string;
}

/**
 * Signs a signed-URL token (HS256 with the project's JWT secret, as Storage signs them).
 *
 * @example
 * ```ts
 * const token = await signUrlToken(secret, { url: 'avatars/a.png' }, 60);
 * ```
 */
export async function signUrlToken(
  secret: string,
  claims: UrlTokenClaims,
  expiresIn: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/**
 * Verifies a signed-URL token and that it was made for `url` (`<bucket>/<key>`; any, when
 * `undefined`); throws
 * Storage's `InvalidJWT` / `InvalidSignature`.
 *
 * @example
 * ```ts
 * const claims = await verifyUrlToken(secret, token, 'avatars/a.png');
 * ```
 */
export async function verifyUrlToken(
  secret: string,
  token: string | undefined,
  url: string | undefined,
): Promise<UrlTokenClaims> {
  if (!token) throw StorageErrors.missingToken();
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw StorageErrors.invalidJwt(
      code === 'ERR_JWT_EXPIRED' ? 'jwt expired' : 'invalid signature',
    );
  }
  if (url !== undefined && payload.url !== url) throw StorageErrors.invalidSignature();
  return payload as unknown as UrlTokenClaims;
}
