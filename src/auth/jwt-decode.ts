import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthInvalidJwtError } from './errors.js';
import type { JwtHeader, JwtPayload } from './types.js';

// Apart from the session codec: only setSession, MFA and getClaims decode tokens, and they load on
// first use, so jose stays out of an app that never calls them.

/**
 * Decodes a JWT without verifying it; a malformed token is an {@link AuthInvalidJwtError}.
 *
 * @example
 * ```ts
 * const { header, payload } = decodeToken(session.access_token);
 * ```
 */
export function decodeToken(jwt: string): { header: JwtHeader; payload: JwtPayload } {
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw new AuthInvalidJwtError('Invalid JWT structure');
  }
  try {
    return {
      header: decodeProtectedHeader(jwt) as JwtHeader,
      payload: decodeJwt(jwt) as JwtPayload,
    };
  } catch (cause) {
    throw new AuthInvalidJwtError(`Invalid JWT: ${(cause as Error).message}`);
  }
}
