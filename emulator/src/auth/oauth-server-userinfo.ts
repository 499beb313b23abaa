import type { UserRow } from './users.js';

/**
 * The `profile` scope's claims as GoTrue reads them: `name` (metadata `name`, else the e-mail),
 * `picture` (`picture`, else `avatar_url`), `preferred_username` (`preferred_username`, else
 * `username`), `updated_at` (seconds). Pure.
 *
 * @example
 * profileClaims(user); // { name: 'Ada', picture: 'https://…', updated_at: 1767225600 }
 */
export function profileClaims(user: UserRow): Record<string, unknown> {
  const meta = user.raw_user_meta_data ?? {};
  const text = (key: string) =>
    typeof meta[key] === 'string' && meta[key] !== '' ? (meta[key] as string) : undefined;
  const out: Record<string, unknown> = {};
  const name = text('name') ?? (user.email || undefined);
  if (name) out.name = name;
  const picture = text('picture') ?? text('avatar_url');
  if (picture) out.picture = picture;
  const username = text('preferred_username') ?? text('username');
  if (username) out.preferred_username = username;
  const updated = Math.floor(new Date(user.updated_at).getTime() / 1000);
  if (updated > 0) out.updated_at = updated;
  return out;
}

/**
 * `GET /oauth/userinfo` (OIDC Core 5.3) as GoTrue answers it: `sub`, then the claims of the
 * scopes the session was granted — `email` (email, `email_verified` when confirmed), `profile`
 * (name, picture, preferred_username, updated_at, user_metadata), `phone` (phone,
 * `phone_verified` when confirmed). A session that is not an OAuth client's has no scopes: `sub`
 * alone. Pure.
 *
 * @example
 * userInfo(user, ['openid', 'email']); // { sub, email, email_verified: true }
 */
export function userInfo(user: UserRow, scopes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { sub: user.id };
  if (scopes.includes('email')) {
    if (user.email) out.email = user.email;
    if (user.email_confirmed_at) out.email_verified = true;
  }
  if (scopes.includes('profile')) {
    Object.assign(out, profileClaims(user));
    if (user.raw_user_meta_data) out.user_metadata = user.raw_user_meta_data;
  }
  if (scopes.includes('phone')) {
    if (user.phone) out.phone = user.phone;
    if (user.phone_confirmed_at) out.phone_verified = true;
  }
  return out;
}
