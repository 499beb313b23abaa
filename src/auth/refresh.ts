import {
  ReplaySubject,
  defer,
  map,
  retry,
  share,
  switchMap,
  tap,
  throwError,
  timer,
  catchError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { AuthApi } from './auth-api.js';
import {
  AuthError,
  AuthRefreshDiscardedError,
  AuthRetryableFetchError,
  AuthSessionMissingError,
} from './errors.js';
import { msUntilExpiry, parseSessionResponse } from './session-codec.js';
import type { SessionStore } from './session-store.js';
import type { Session } from './types.js';

/** Retry back-off starts here and doubles (200, 400, 800 … ms). */
export const REFRESH_RETRY_BASE_MS = 200;
/** Retrying stops when the next attempt would start this long after the first. */
export const REFRESH_RETRY_WINDOW_MS = 30_000;
/** A failed refresh is answered from cache for this long to callers with the same token. */
export const REFRESH_FAILURE_COOLDOWN_MS = 60_000;

/** What the refresher needs from the client. */
export interface RefreshDeps {
  readonly api: AuthApi;
  readonly scheduler: SchedulerLike;
  readonly store: SessionStore;
  /** Saves a refreshed session and emits TOKEN_REFRESHED. */
  commit(session: Session): Observable<void>;
  /** Removes the session and emits SIGNED_OUT. */
  signOutLocally(): Observable<void>;
}

/**
 * Single-flight token refresh: however many callers ask at once for the same refresh token, one
 * `POST /token?grant_type=refresh_token` goes out and every caller gets its result.
 *
 * Once started, a refresh runs to the end even if every caller unsubscribes: the server has
 * already rotated the refresh token, so abandoning the answer would lose the session. Its result is
 * committed only if the session is still the one it refreshed (a sign-out or another sign-in in
 * the meantime wins, and the callers get {@link AuthRefreshDiscardedError}). A non-retryable
 * failure signs out when the access token has expired and keeps the session when it is still valid.
 *
 * @example
 * ```ts
 * const refresher = new Refresher(deps);
 * refresher.refresh(session.refresh_token).subscribe((fresh) => console.log(fresh.access_token));
 * ```
 */
export class Refresher {
  #flight: Observable<Session> | null = null;
  #flightToken: string | null = null;
  #lastFailure: { token: string; error: AuthError; at: number } | null = null;
  /** How many refresh requests were sent (for diagnostics and tests). */
  requests = 0;

  constructor(private readonly deps: RefreshDeps) {}

  /** Whether a refresh is in flight. */
  get inFlight(): boolean {
    return this.#flight !== null;
  }

  /** The refreshed session (cold; joins the flight in progress for the same token). */
  refresh(refreshToken: string): Observable<Session> {
    return defer(() => {
      if (!refreshToken) return throwError(() => new AuthSessionMissingError());
      if (this.#flight && this.#flightToken === refreshToken) return this.#flight;
      const failure = this.#lastFailure;
      const now = this.deps.scheduler.now();
      if (
        failure &&
        failure.token === refreshToken &&
        now - failure.at < REFRESH_FAILURE_COOLDOWN_MS
      ) {
        return throwError(() => failure.error);
      }
      const flight: Observable<Session> = this.#start(refreshToken).pipe(
        // Cleared before callers hear the outcome, so a caller reacting to it starts afresh.
        tap({ complete: () => this.#land(flight), error: () => this.#land(flight) }),
        share({
          connector: () => new ReplaySubject<Session>(1),
          resetOnError: false,
          resetOnComplete: false,
          resetOnRefCountZero: false,
        }),
      );
      this.#flight = flight;
      this.#flightToken = refreshToken;
      return flight;
    });
  }

  #land(flight: Observable<Session>): void {
    if (this.#flight === flight) {
      this.#flight = null;
      this.#flightToken = null;
    }
  }

  #start(refreshToken: string): Observable<Session> {
    const { api, scheduler, store } = this.deps;
    const startedAt = scheduler.now();
    // The session this refresh belongs to; if it changes meanwhile, the result is not ours to save.
    const before = store.session?.refresh_token ?? null;
    return defer(() => {
      this.requests++;
      return api.request('POST', '/token', {
        query: { grant_type: 'refresh_token' },
        body: { refresh_token: refreshToken },
      });
    }).pipe(
      retry({
        delay: (error: unknown, count: number) => {
          const wait = REFRESH_RETRY_BASE_MS * 2 ** (count - 1);
          const retryable = error instanceof AuthRetryableFetchError;
          if (!retryable || scheduler.now() + wait - startedAt >= REFRESH_RETRY_WINDOW_MS) {
            return throwError(() => error);
          }
          return timer(wait, scheduler);
        },
      }),
      map(({ data }) => {
        const { session } = parseSessionResponse(data, scheduler.now());
        if (!session) throw new AuthSessionMissingError();
        return session;
      }),
      switchMap((session) => {
        // Commit guard: the session may have been signed out or replaced while we waited.
        if ((store.session?.refresh_token ?? null) !== before)
          throw new AuthRefreshDiscardedError();
        return this.deps.commit(session).pipe(map(() => session));
      }),
      catchError((error: unknown) => this.#fail(refreshToken, error)),
    );
  }

  #fail(refreshToken: string, error: unknown): Observable<never> {
    const { scheduler, store } = this.deps;
    const authError =
      error instanceof AuthError ? error : new AuthRetryableFetchError(String(error), 0, error);
    if (authError instanceof AuthRefreshDiscardedError) return throwError(() => authError);
    this.#lastFailure = { token: refreshToken, error: authError, at: scheduler.now() };
    const current = store.session;
    const stillOurs = current?.refresh_token === refreshToken;
    const expired = current ? msUntilExpiry(current, scheduler.now()) <= 0 : true;
    if (stillOurs && expired && !(authError instanceof AuthRetryableFetchError)) {
      return this.deps.signOutLocally().pipe(switchMap(() => throwError(() => authError)));
    }
    return throwError(() => authError);
  }
}
