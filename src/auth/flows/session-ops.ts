import { map, switchMap, throwError, type Observable } from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { AuthSessionMissingError } from '../errors.js';
import type { Session, User } from '../types.js';
import { coldWith } from './session-result.js';

/**
 * The current session (no request unless it expires within 90 s, then one single-flight refresh).
 *
 * @example
 * ```ts
 * getSession(core).subscribe(({ session }) => console.log(session?.access_token));
 * ```
 */
export function getSession(core: AuthCore): Observable<{ session: Session | null }> {
  return core.currentSession().pipe(map((session) => ({ session })));
}

/**
 * `POST /token?grant_type=refresh_token` with the given or the current refresh token
 * (TOKEN_REFRESHED); joins a refresh already in flight for the same token.
 *
 * @example
 * ```ts
 * refreshSession(core).subscribe(({ session }) => …);
 * ```
 */
export function refreshSession(
  core: AuthCore,
  current?: { refresh_token: string },
): Observable<{ session: Session; user: User }> {
  return coldWith(() =>
    core.ready$.pipe(
      switchMap(() => {
        const token = current?.refresh_token ?? core.store.session?.refresh_token;
        if (!token) return throwError(() => new AuthSessionMissingError());
        return core.refresher.refresh(token);
      }),
      map((session) => ({ session, user: session.user })),
    ),
  );
}
