import {
  defer,
  of,
  skipWhile,
  switchMap,
  takeWhile,
  throwError,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { userIds, type UserSource } from './session-source.js';

const SIGNED_OUT = Symbol('signed out');

/**
 * Runs the source once a user is signed in, again whenever the user changes (the run in progress
 * is unsubscribed, its request aborted), and completes on sign-out — the source's run
 * cancelled. Nothing is subscribed while nobody is signed in at the start. A token refresh of
 * the same user is no change.
 *
 * ```
 * user$:               n--a-----b---n--    (n = signed out)
 * source (per user):      --r|  -s|
 * whenSignedIn(auth):  -----r----s--|
 * ```
 *
 * ## Example
 * ```ts
 * import { whenSignedIn } from 'supabase-rx/operators';
 *
 * supabase
 *   .from('profiles')
 *   .select('id, name')
 *   .pipe(whenSignedIn(supabase.auth))
 *   .subscribe({ next: showProfile, complete: showSignIn });
 * ```
 *
 * @param auth The auth client (`supabase.auth`), or anything with a `user$`.
 * @return An operator running the source while a user is signed in; errors of the source pass
 * through. Without a `user$` it errors with a `SupabaseRxInputError`.
 * @see withSession
 */
export function whenSignedIn<T>(auth: UserSource): MonoTypeOperatorFunction<T> {
  return (source: Observable<T>) =>
    defer(() => {
      if (auth === null || typeof auth !== 'object' || !auth.user$) {
        return throwError(
          () => new SupabaseRxInputError('whenSignedIn(): expected an auth client with a user$'),
        );
      }
      // The sign-out goes through switchMap too, so that it cancels the run in progress.
      return userIds(auth).pipe(
        skipWhile((id) => id === null),
        switchMap((id): Observable<T | typeof SIGNED_OUT> =>
          id === null ? of(SIGNED_OUT) : source,
        ),
        takeWhile((value): value is T => value !== SIGNED_OUT),
      );
    });
}
