import { concat, last, map, of, switchMap, throwError, type Observable } from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { AuthSessionMissingError, AuthValidationError } from '../errors.js';
import { decodeToken, parseUserResponse } from '../session-codec.js';
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

/**
 * Installs a session from its two tokens: an unexpired access token is checked with `GET /user`
 * (SIGNED_IN); an expired one is refreshed with the refresh token (TOKEN_REFRESHED).
 *
 * @example
 * ```ts
 * setSession(core, { access_token, refresh_token }).subscribe();
 * ```
 */
export function setSession(
  core: AuthCore,
  tokens: { access_token: string; refresh_token: string },
): Observable<{ session: Session; user: User }> {
  return coldWith(() => {
    if (!tokens?.access_token || !tokens?.refresh_token) throw new AuthSessionMissingError();
    const { payload } = decodeToken(tokens.access_token);
    const nowSec = Math.round(core.now() / 1000);
    const exp = typeof payload.exp === 'number' ? payload.exp : null;
    if (exp === null) throw new AuthValidationError('The access token has no exp claim');
    if (exp <= nowSec) {
      return core.ready$.pipe(
        switchMap(() => core.refresher.refresh(tokens.refresh_token)),
        map((session) => ({ session, user: session.user })),
      );
    }
    return core.api.request('GET', '/user', { jwt: tokens.access_token }).pipe(
      switchMap(({ data }) => {
        const user = parseUserResponse(data);
        const session: Session = {
          access_token: tokens.access_token,
          refresh_token: tokens.refresh_token,
          user,
          token_type: 'bearer',
          expires_in: exp - nowSec,
          expires_at: exp,
        };
        return concat(core.saveSession(session, 'SIGNED_IN'), of({ session, user })).pipe(last());
      }),
      map((r) => r as { session: Session; user: User }),
    );
  });
}
