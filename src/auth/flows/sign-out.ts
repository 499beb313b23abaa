import {
  EMPTY,
  catchError,
  concat,
  ignoreElements,
  map,
  of,
  switchMap,
  throwError,
  type Observable,
} from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import {
  AuthApiError,
  AuthRetryableFetchError,
  AuthSessionMissingError,
  AuthValidationError,
} from '../errors.js';
import type { Session } from '../types.js';
import { coldWith } from './session-result.js';

/** Who is signed out: every session of the user, this one, or all but this one. */
export type SignOutScope = 'global' | 'local' | 'others';

/** 401/403/404 or a missing session mean "already signed out" on the server. */
function alreadySignedOut(error: unknown): boolean {
  return (
    error instanceof AuthSessionMissingError ||
    (error instanceof AuthApiError && [401, 403, 404].includes(error.status))
  );
}

/**
 * `POST /logout?scope=…` with the user's token. `local` forgets the session first; `global` forgets
 * it after the server agreed (a network failure keeps it, so the user can retry); `others` keeps
 * it. Cold: an unsubscribed `signOut()` does nothing.
 *
 * @example
 * ```ts
 * signOut(core, { scope: 'local' }).subscribe();
 * ```
 */
export function signOut(core: AuthCore, options: { scope?: SignOutScope } = {}): Observable<void> {
  return coldWith(() => {
    const scope = options.scope ?? 'global';
    if (!['global', 'local', 'others'].includes(scope)) {
      throw new AuthValidationError(
        `signOut scope must be global, local or others, not "${String(scope)}"`,
      );
    }
    return core.currentSession().pipe(
      catchError((error: unknown) => {
        if (error instanceof AuthSessionMissingError) return of(null);
        const drop = scope === 'local' && error instanceof AuthRetryableFetchError;
        return concat(
          drop ? core.removeSession().pipe(ignoreElements()) : EMPTY,
          throwError(() => error),
        );
      }),
      switchMap((session: Session | null) => {
        const removeFirst = scope === 'local' ? core.removeSession().pipe(ignoreElements()) : EMPTY;
        const call = session
          ? core.api
              .request('POST', '/logout', { query: { scope }, jwt: session.access_token })
              .pipe(
                ignoreElements(),
                catchError((error: unknown) =>
                  alreadySignedOut(error) ? EMPTY : throwError(() => error),
                ),
              )
          : EMPTY;
        const removeAfter =
          scope === 'global' ? core.removeSession().pipe(ignoreElements()) : EMPTY;
        return concat(removeFirst, call, removeAfter, of(undefined));
      }),
      map(() => undefined),
    );
  });
}
