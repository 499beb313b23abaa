import {
  EMPTY,
  Subject,
  catchError,
  concat,
  defer,
  last,
  take,
  of,
  switchMap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { AuthApi } from './auth-api.js';
import { AuthSessionMissingError } from './errors.js';
import { removeAllPkceVerifiers } from './pkce.js';
import { Refresher } from './refresh.js';
import { msUntilExpiry } from './session-codec.js';
import { removeStoredSession, writeSession } from './session-persistence.js';
import { SessionStore } from './session-store.js';
import type { StorageFailure, StorageGateway } from './storage.js';
import type { AuthChangeEvent, AuthFlowType, Session } from './types.js';

/** Refresh when the token expires within this margin (supabase-js's EXPIRY_MARGIN_MS). */
export const EXPIRY_MARGIN_MS = 90_000;

/** Everything a flow needs: built once per client and handed to each flow function. */
export interface AuthCoreOptions {
  readonly api: AuthApi;
  readonly storage: StorageGateway;
  readonly storageKey: string;
  /** Where the user is kept apart from the session (supabase-js's `userStorage`). */
  readonly userStorage?: StorageGateway;
  readonly scheduler: SchedulerLike;
  readonly flowType: AuthFlowType;
  readonly storageFailures: Subject<StorageFailure>;
  /** Relays changes to other tabs (no-op outside browsers). */
  readonly broadcast?: (event: AuthChangeEvent, session: Session | null) => void;
}

/**
 * The shared machinery of the auth flows: the session store, persistence, single-flight refresh
 * (the flows' PKCE fields are in flows/pkce-fields.ts). Flows are plain functions of this core, so each lives in its own small file.
 *
 * @example
 * ```ts
 * core.saveSession(session, 'SIGNED_IN').subscribe();
 * ```
 */
export class AuthCore {
  readonly store: SessionStore = new SessionStore();
  readonly refresher: Refresher;
  /** Completes when initialisation has finished (any outcome); methods wait on it. */
  ready$: Observable<void> = of(undefined);

  constructor(readonly options: AuthCoreOptions) {
    this.refresher = new Refresher({
      api: options.api,
      scheduler: options.scheduler,
      store: this.store,
      commit: (session) => this.saveSession(session, 'TOKEN_REFRESHED'),
      signOutLocally: () => this.removeSession(),
    });
  }

  get api(): AuthApi {
    return this.options.api;
  }

  get scheduler(): SchedulerLike {
    return this.options.scheduler;
  }

  /** Milliseconds on the client's scheduler. */
  now(): number {
    return this.options.scheduler.now();
  }

  /** Stores the session (memory first, then the adapter) and announces `event`. */
  saveSession(
    session: Session,
    event: Exclude<AuthChangeEvent, 'INITIAL_SESSION'>,
  ): Observable<void> {
    return defer(() => {
      this.store.set(session, event);
      this.options.broadcast?.(event, session);
      return writeSession(this.options, session);
    });
  }

  /** Forgets the session, its stored copy and every PKCE verifier, then emits SIGNED_OUT. */
  removeSession(): Observable<void> {
    const { storage, storageKey } = this.options;
    return concat(
      removeStoredSession(this.options, removeAllPkceVerifiers(storage, storageKey)),
      defer(() => {
        this.store.set(null, 'SIGNED_OUT');
        this.options.broadcast?.('SIGNED_OUT', null);
        return of(undefined);
      }),
    ).pipe(last());
  }

  /**
   * The current session after initialisation, refreshed first when it expires within
   * {@link EXPIRY_MARGIN_MS} (single-flight); `null` when signed out.
   */
  currentSession(): Observable<Session | null> {
    return this.ready$.pipe(
      take(1),
      switchMap(() => {
        const session = this.store.session;
        if (!session) return of(null);
        if (msUntilExpiry(session, this.now()) > EXPIRY_MARGIN_MS) return of(session);
        return this.refresher.refresh(session.refresh_token);
      }),
    );
  }

  /** Like {@link currentSession}, but a missing session is an {@link AuthSessionMissingError}. */
  requireSession(): Observable<Session> {
    return this.currentSession().pipe(
      switchMap((s) => (s ? of(s) : throwError(() => new AuthSessionMissingError()))),
    );
  }

  /** Ignores errors of a background task (they are reported elsewhere). */
  quietly<T>(source: Observable<T>): Observable<T> {
    return source.pipe(catchError(() => EMPTY));
  }
}

/**
 * `{ captcha_token }` wrapper GoTrue expects, always present (empty without a token).
 *
 * @example
 * ```ts
 * securityMeta('tok'); // { captcha_token: 'tok' }
 * ```
 */
export function securityMeta(captchaToken?: string): { captcha_token?: string } {
  return captchaToken === undefined ? {} : { captcha_token: captchaToken };
}
