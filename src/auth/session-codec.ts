import type { AuthResponse, Session, User } from './types.js';

/**
 * Reads a session-returning response (protocol.md §3.1): a session only when `access_token`,
 * `refresh_token` and `expires_in` are all present (`expires_at` computed from `nowMs` if missing);
 * the user is `body.user`, or the body itself when it looks like a user.
 *
 * @example
 * ```ts
 * const { session, user } = parseSessionResponse(body, scheduler.now());
 * ```
 */
export function parseSessionResponse(data: unknown, nowMs: number): AuthResponse {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  let session: Session | null = null;
  if (body.access_token && body.refresh_token && body.expires_in) {
    session = { ...body } as unknown as Session;
    if (!body.expires_at) session.expires_at = Math.round(nowMs / 1000) + Number(body.expires_in);
  }
  const user = (body.user ?? (typeof body.id === 'string' ? body : null)) as User | null;
  const weak = body.weak_password as AuthResponse['weakPassword'] | undefined;
  const result: AuthResponse = { user, session };
  if (weak && typeof weak === 'object' && Array.isArray(weak.reasons) && weak.reasons.length) {
    result.weakPassword = weak;
  }
  return result;
}

/**
 * Reads a user-returning response: `body.user ?? body`.
 *
 * @example
 * ```ts
 * const user = parseUserResponse({ user: { id: '…' } });
 * ```
 */
export function parseUserResponse(data: unknown): User {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return (body.user ?? body) as User;
}

/**
 * Whether a stored value is a usable session: `access_token`, `refresh_token`, `expires_at`
 * (supabase-js's test; anything else is removed with SIGNED_OUT).
 *
 * @example
 * ```ts
 * isValidSession(JSON.parse(stored)); // true | false
 * ```
 */
export function isValidSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.access_token === 'string' &&
    typeof v.refresh_token === 'string' &&
    typeof v.expires_at === 'number'
  );
}

/**
 * Milliseconds until the session expires (negative once expired).
 *
 * @example
 * ```ts
 * if (msUntilExpiry(session, scheduler.now()) < EXPIRY_MARGIN_MS) refresh();
 * ```
 */
export function msUntilExpiry(session: Session, nowMs: number): number {
  return (session.expires_at ?? 0) * 1000 - nowMs;
}
