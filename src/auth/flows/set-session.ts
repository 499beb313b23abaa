import { concat, last, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { AuthSessionMissingError, AuthValidationError } from '../errors.js';
import { decodeToken } from '../jwt-decode.js';
import { parseUserResponse } from '../session-codec.js';
import type { Session, User } from '../types.js';
import { coldWith } from './session-result.js';

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
