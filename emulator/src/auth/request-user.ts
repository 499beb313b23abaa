import type { Context } from 'hono';
import { CLI_OPAQUE_KEYS } from '../config/defaults.js';
import { AuthHttpError } from './errors.js';
import type { AuthService } from './service.js';
import { findSession, type SessionRow } from './sessions.js';
import { findUserById, type UserRow } from './users.js';

/** The signed-in caller of a user endpoint. */
export interface CurrentUser {
  user: UserRow;
  session: SessionRow;
  claims: Record<string, unknown>;
}

/**
 * The bearer JWT of a request. The CLI's opaque keys (`sb_publishable_…`, `sb_secret_…`) stand
 * for the anon and service_role JWTs, in `Authorization` or — as the CLI's gateway forwards them —
 * alone in `apikey`.
 */
function bearerToken(svc: AuthService, c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  const m = /^bearer\s+(\S+)$/i.exec(header.trim());
  const token = m?.[1] ?? c.req.header('apikey')?.trim();
  if (token === CLI_OPAQUE_KEYS.secret) return svc.ctx.keys.serviceRoleKey;
  if (token === CLI_OPAQUE_KEYS.publishable) return svc.ctx.keys.anonKey;
  return m?.[1];
}

/**
 * Verifies the `Authorization: Bearer` JWT; GoTrue's 401 `no_authorization` / 403 `bad_jwt`.
 *
 * @example
 * const claims = await bearerClaims(svc, c); // claims.role === 'service_role'
 */
export async function bearerClaims(svc: AuthService, c: Context): Promise<Record<string, unknown>> {
  const token = bearerToken(svc, c);
  if (!token)
    throw new AuthHttpError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  try {
    return await svc.ctx.jwt.verify(token);
  } catch (e) {
    throw new AuthHttpError(
      403,
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${(e as Error).message}`,
    );
  }
}

/**
 * The user and session behind the request's access token. A token without `sub` is 403
 * `bad_jwt`; a deleted user 403 `user_not_found`; a signed-out session 403 `session_not_found`.
 *
 * @example
 * const { user, session } = await requireUser(svc, c);
 */
export async function requireUser(svc: AuthService, c: Context): Promise<CurrentUser> {
  const claims = await bearerClaims(svc, c);
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new AuthHttpError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  }
  const user = await findUserById(svc.ctx.engine, claims.sub);
  if (!user)
    throw new AuthHttpError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  const sessionId = typeof claims.session_id === 'string' ? claims.session_id : '';
  const session = sessionId ? await findSession(svc.ctx.engine, sessionId) : undefined;
  if (!session || session.user_id !== user.id) {
    throw new AuthHttpError(
      403,
      'session_not_found',
      'Session from session_id claim in JWT does not exist',
    );
  }
  return { user, session, claims };
}

/** Roles that may use the admin API. */
const ADMIN_ROLES = new Set(['service_role', 'supabase_admin']);

/**
 * Requires a `service_role` (or `supabase_admin`) bearer; anyone else gets 403 `not_admin`.
 *
 * @example
 * await requireAdmin(svc, c);
 */
export async function requireAdmin(svc: AuthService, c: Context): Promise<Record<string, unknown>> {
  const claims = await bearerClaims(svc, c);
  if (!ADMIN_ROLES.has(String(claims.role ?? ''))) {
    throw new AuthHttpError(403, 'not_admin', 'User not allowed');
  }
  return claims;
}
