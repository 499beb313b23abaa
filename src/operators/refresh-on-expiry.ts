import {
  defer,
  retry,
  take,
  tap,
  throwError,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { isJwtExpiredError } from './jwt-expired.js';

/** What {@link refreshOnExpiry} needs of an auth client: its single-flight `refreshSession()`. */
export interface RefreshSource {
  refreshSession(): Observable<unknown>;
}

/** Options of {@link refreshOnExpiry}. */
export interface RefreshOnExpiryOptions {
  /** Whether an error says the JWT expired. Default {@link isJwtExpiredError}. */
  readonly isExpired?: (error: unknown) => boolean;
}

/**
 * On an error saying the JWT expired, refreshes the session once through the auth client's
 * `refreshSession()` — single-flight: many streams failing together send one refresh — and
 * resubscribes the source, which then sends the new token. Should the source fail so again
 * before emitting a value, that error passes through (no refresh loop); once it has emitted, a
 * later expiry refreshes again, so a long-lived stream outlives a laptop asleep past its token's
 * expiry. A failed refresh errors the stream with the refresh's error (e.g. `AuthSessionMissingError`).
 *
 * The transport of `createClient` already refreshes and replays a single request once after a
 * 401, when its bearer came from the session; this operator is the layer above it: it
 * resubscribes the whole source (a page walk, a long-lived stream), and it also covers what that
 * replay does not (a request whose replay is refused too, a source that is no single request).
 *
 * ```
 * source:               --#          (e: PGRST303 JWT expired), then --a|
 * refreshSession():       -s|
 * refreshOnExpiry(auth): -----a|
 * ```
 *
 * ## Example
 * ```ts
 * import { refreshOnExpiry } from 'supabase-rx/operators';
 *
 * supabase.from('orders').select().pipe(refreshOnExpiry(supabase.auth)).subscribe(render);
 * ```
 *
 * @param auth The auth client (`supabase.auth`), or anything with a `refreshSession()`.
 * @param options See {@link RefreshOnExpiryOptions}.
 * @return An operator that survives one JWT expiry per value emitted; other errors pass through.
 * Without a `refreshSession` it errors with a `SupabaseRxInputError`.
 * @see isJwtExpiredError
 */
export function refreshOnExpiry<T>(
  auth: RefreshSource,
  options: RefreshOnExpiryOptions = {},
): MonoTypeOperatorFunction<T> {
  const { isExpired = isJwtExpiredError } = options;
  return (source) =>
    defer(() => {
      if (auth === null || typeof auth !== 'object' || typeof auth.refreshSession !== 'function') {
        return throwError(
          () =>
            new SupabaseRxInputError(
              'refreshOnExpiry(): expected an auth client with refreshSession()',
            ),
        );
      }
      let refreshed = false;
      return source.pipe(
        tap(() => {
          refreshed = false;
        }),
        retry({
          delay: (error: unknown) => {
            if (refreshed || !isExpired(error)) return throwError(() => error);
            refreshed = true;
            return auth.refreshSession().pipe(take(1));
          },
        }),
      );
    });
}
