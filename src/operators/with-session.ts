import {
  defer,
  EMPTY,
  of,
  switchMap,
  throwError,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { userIds, type UserSource } from './session-source.js';

/** Options of {@link withSession}. */
export interface WithSessionOptions<T> {
  /** Emitted on sign-out (e.g. `[]` to clear a list). Default: nothing is emitted. */
  readonly signedOut?: T;
}

/**
 * Runs the source for the signed-in user and runs it again whenever the user changes: each
 * sign-in (or switch of account) unsubscribes the run in progress — aborting its request — and
 * subscribes the source anew, so a query under row-level security gives the new user's rows. On
 * sign-out the run is cancelled and `signedOut` is emitted when given; the stream then waits
 * for the next sign-in and completes only when the auth client's `user$` does. A token refresh
 * of the same user is no change.
 *
 * ```
 * user$:                 a-----b-----n---a--   (n = signed out)
 * source (per user):     --r|  --s|
 * withSession(auth, { signedOut: x }):
 *                        --r-----s---x-----r
 * ```
 *
 * ## Example
 * ```ts
 * import { pluckData, withSession } from 'supabase-rx/operators';
 *
 * const myNotes$ = supabase
 *   .from('notes')
 *   .select('id, body')
 *   .pipe(pluckData(), withSession(supabase.auth, { signedOut: [] }));
 * ```
 *
 * @param auth The auth client (`supabase.auth`), or anything with a `user$`.
 * @param options See {@link WithSessionOptions}.
 * @return An operator re-running the source per signed-in user; errors of the source pass
 * through. Without a `user$` it errors with a `SupabaseRxInputError`.
 * @see whenSignedIn
 */
export function withSession<T>(
  auth: UserSource,
  // NoInfer: `T` comes from the source, so `{ signedOut: [] }` fits a stream of row arrays.
  options: WithSessionOptions<NoInfer<T>> = {},
): MonoTypeOperatorFunction<T> {
  return (source: Observable<T>) =>
    defer(() => {
      if (auth === null || typeof auth !== 'object' || !auth.user$) {
        return throwError(
          () => new SupabaseRxInputError('withSession(): expected an auth client with a user$'),
        );
      }
      const onSignOut: Observable<T> = 'signedOut' in options ? of(options.signedOut as T) : EMPTY;
      return userIds(auth).pipe(switchMap((id) => (id === null ? onSignOut : source)));
    });
}
