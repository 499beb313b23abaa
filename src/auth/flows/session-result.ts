import { concat, defer, last, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthApiResponse } from '../auth-api.js';
import type { AuthCore } from '../auth-core.js';
import { AuthInvalidTokenResponseError } from '../errors.js';
import { parseSessionResponse } from '../session-codec.js';
import type { AuthChangeEvent, AuthResponse, AuthSessionResponse } from '../types.js';

/**
 * Turns a session-returning response into the emitted result, saving the session (and announcing
 * `event`) when there is one.
 *
 * @example
 * ```ts
 * core.api.request('POST', '/signup', { body }).pipe(saveSessionFrom(core, 'SIGNED_IN'));
 * ```
 */
export function saveSessionFrom(
  core: AuthCore,
  event: Exclude<AuthChangeEvent, 'INITIAL_SESSION'>,
): (source: Observable<AuthApiResponse>) => Observable<AuthResponse> {
  return (source) =>
    source.pipe(
      switchMap(({ data }) => {
        const result = parseSessionResponse(data, core.now());
        if (!result.session) return of(result);
        return concat(core.saveSession(result.session, event), of(result)).pipe(last());
      }),
      map((r) => r as AuthResponse),
    );
}

/**
 * Like {@link saveSessionFrom}, for sign-ins that must yield a session and a user
 * ({@link AuthInvalidTokenResponseError} otherwise).
 *
 * @example
 * ```ts
 * request$.pipe(requireSessionFrom(core, 'SIGNED_IN'));
 * ```
 */
export function requireSessionFrom(
  core: AuthCore,
  event: Exclude<AuthChangeEvent, 'INITIAL_SESSION'>,
): (source: Observable<AuthApiResponse>) => Observable<AuthSessionResponse> {
  return (source) =>
    source.pipe(
      map(({ data }) => {
        const result = parseSessionResponse(data, core.now());
        if (!result.session || !result.user) throw new AuthInvalidTokenResponseError();
        return result as AuthSessionResponse;
      }),
      switchMap((result) =>
        concat(core.saveSession(result.session, event), of(result)).pipe(last()),
      ),
      map((r) => r as AuthSessionResponse),
    );
}

/**
 * Runs `build` after validating input synchronously inside the subscription (so bad input is an
 * error notification, never a throw from the method call).
 *
 * @example
 * ```ts
 * return coldWith(() => { validate(args); return core.api.request(…); });
 * ```
 */
export function coldWith<T>(build: () => Observable<T>): Observable<T> {
  return defer(build);
}
