import { AuthHttpError } from './errors.js';
import { profileClaims } from './oauth-server-userinfo.js';
import type { AuthService } from './service.js';
import type { UserRow } from './users.js';

/** What an id token is issued for: the user, the client, the granted scopes, the nonce. */
export interface IdTokenGrant {
  issuer: string;
  user: UserRow;
  clientId: string;
  scopes: string[];
  nonce?: string | null;
  /** When the user authenticated (GoTrue: the sign-in of this exchange), seconds. */
  authTime: number;
}

/**
 * GoTrue's `GenerateIDToken`: an OpenID Connect id token for a code exchange whose scopes include
 * `openid`, signed with the project's signing key. GoTrue refuses to sign one with HS256, so
 * without an asymmetric key (`[auth] signing_keys_path`) the exchange answers 500 "Error
 * generating ID token" — after the code was spent, as there. Lives an hour; `aud` is the client.
 *
 * @example
 * const idToken = await issueIdToken(svc, { issuer, user, clientId, scopes, nonce, authTime });
 */
export async function issueIdToken(svc: AuthService, grant: IdTokenGrant): Promise<string> {
  if (svc.ctx.jwt.publicJwks().keys.length === 0) {
    throw new AuthHttpError(500, 'unexpected_failure', 'Error generating ID token');
  }
  const { user, scopes } = grant;
  const iat = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: grant.issuer,
    sub: user.id,
    aud: grant.clientId,
    exp: iat + 3600,
    iat,
    auth_time: grant.authTime,
    client_id: grant.clientId,
  };
  if (grant.nonce) claims.nonce = grant.nonce;
  const email = scopes.includes('email');
  const phone = scopes.includes('phone');
  if (email && user.email) claims.email = user.email;
  if (phone && user.phone) claims.phone_number = user.phone;
  // GoTrue always sends both flags (false unless the scope was granted and the address confirmed).
  claims.email_verified = email && user.email_confirmed_at != null;
  claims.phone_number_verified = phone && user.phone_confirmed_at != null;
  if (scopes.includes('profile')) Object.assign(claims, profileClaims(user));
  return svc.ctx.jwt.sign(claims);
}
