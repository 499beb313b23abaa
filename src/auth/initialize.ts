import {
  EMPTY,
  catchError,
  concat,
  defer,
  ignoreElements,
  of,
  switchMap,
  type Observable,
} from 'rxjs';
import { EXPIRY_MARGIN_MS, type AuthCore } from './auth-core.js';
import { isValidSession, msUntilExpiry } from './session-codec.js';
import { urlSessionFlows } from './lazy-flows.js';
import { readSession } from './session-persistence.js';
import { mayBeAuthCallback } from './url-callback.js';
import type { DetectSessionInUrl } from './url-session.js';

/** Where initialisation looks for a session. */
export interface InitializeOptions {
  readonly autoRefreshToken: boolean;
  readonly detectSessionInUrl: DetectSessionInUrl;
  /** The browser's location and history; absent outside browsers (no URL detection). */
  readonly location?: { href: string; hash: string };
  readonly history?: { replaceState(data: unknown, unused: string, url?: string): void };
}

/**
 * Loads the stored session (protocol.md §3.11/§3.12). A valid session not near expiry →
 * SIGNED_IN; near or past expiry → one refresh (TOKEN_REFRESHED); an invalid stored value is
 * removed (SIGNED_OUT); nothing stored → no event. A storage adapter that throws counts as
 * nothing stored (the failure is reported on `storageFailures$`).
 *
 * @example
 * ```ts
 * recoverFromStorage(core, true).subscribe();
 * ```
 */
export function recoverFromStorage(core: AuthCore, autoRefreshToken: boolean): Observable<void> {
  return readSession(core.options).pipe(
    switchMap((stored) => {
      if (stored === null || stored === undefined) return EMPTY;
      if (!isValidSession(stored)) return core.removeSession();
      if (msUntilExpiry(stored, core.now()) > EXPIRY_MARGIN_MS) {
        core.store.set(stored, 'SIGNED_IN');
        return EMPTY;
      }
      core.store.setSilently(stored);
      if (!autoRefreshToken) return EMPTY;
      return core.refresher.refresh(stored.refresh_token).pipe(catchError(() => EMPTY));
    }),
    ignoreElements(),
  );
}

/**
 * Initialises the client once: a session in the URL (browsers), else the stored one; then marks
 * the store initialised (INITIAL_SESSION). Completes on success; errors with the URL's error
 * (an {@link AuthImplicitGrantRedirectError} …) after initialising anyway.
 *
 * @example
 * ```ts
 * initialize(core, { autoRefreshToken: true, detectSessionInUrl: true }).subscribe();
 * ```
 */
export function initialize(core: AuthCore, options: InitializeOptions): Observable<void> {
  return defer(() => {
    let failure: unknown = null;
    const { location, detectSessionInUrl: detect, history } = options;
    // The URL-session code loads only for a URL that may be a callback (most page loads are not).
    const fromUrl$ =
      location && detect && mayBeAuthCallback(location.href, detect)
        ? urlSessionFlows((m) => m.sessionFromUrl(core, location, detect, history))
        : of(false);
    return concat(
      fromUrl$.pipe(
        catchError((error: unknown) => {
          failure = error;
          return of(false);
        }),
        switchMap((handled) =>
          handled ? EMPTY : recoverFromStorage(core, options.autoRefreshToken),
        ),
      ),
      defer(() => {
        core.store.markInitialized();
        if (failure) throw failure;
        return EMPTY;
      }),
    );
  });
}
