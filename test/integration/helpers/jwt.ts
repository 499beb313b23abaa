import { SignJWT } from 'jose';

/** Fixed users of the RLS fixture (`notes.owner_id` in seed.sql). */
export const USERS = {
  alice: '11111111-1111-4111-8111-111111111111',
  bob: '22222222-2222-4222-8222-222222222222',
} as const;

/**
 * An access token for a user, as GoTrue would issue it: HS256 with the project's JWT secret,
 * `role: authenticated`. No auth service is involved: the REST API only verifies the signature.
 */
export async function userToken(jwtSecret: string, sub: string, expiresInSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: 'authenticated', aud: 'authenticated', email: `${sub}@test` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(jwtSecret));
}
