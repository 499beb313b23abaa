import {
  AsyncSubject,
  Subject,
  asyncScheduler,
  catchError,
  defer,
  map,
  of,
  switchMap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { createTransport } from '../http/transport.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { TokenSource } from '../http/types.js';
import type { AdminApi } from './admin.js';
import { AuthApi } from './auth-api.js';
import { AuthCore, EXPIRY_MARGIN_MS } from './auth-core.js';
import { AutoRefresh, pageVisibility } from './auto-refresh.js';
import { TabSync } from './broadcast.js';
import { AuthSessionMethods } from './auth-methods.js';
import { initialize } from './initialize.js';
import {
  lazyAdminApi,
  lazyMfaApi,
  lazyOAuthServerApi,
  lazyPasskeyApi,
  passkeyModule,
} from './lazy-apis.js';
import type { MfaApi } from './mfa.js';
import type { OAuthServerApi } from './oauth-server/oauth-server-api.js';
import type { PasskeyApi } from './passkey/passkey-api.js';
import type { RegisterPasskeyCredentials } from './passkey/passkey-ceremonies.js';
import type {
  PasskeyMetadata,
  PasskeySignInResult,
  SignInWithPasskeyCredentials,
} from './passkey/types.js';
import { msUntilExpiry } from './session-codec.js';
import { StorageGateway, defaultStorage, type StorageFailure } from './storage.js';
import type { AuthChangeEvent, AuthClientOptions, AuthStateEvent, Session, User } from './types.js';

/** What `onAuthStateChange` returns, as in supabase-js. */
export interface AuthSubscription {
  data: {
    subscription: {
      id: string;
      callback: (event: AuthChangeEvent, session: Session | null) => void;
      unsubscribe(): void;
    };
  };
}

function isBrowser(): boolean {
  return (
    typeof (globalThis as { window?: unknown }).window !== 'undefined' &&
    typeof (globalThis as { document?: unknown }).document !== 'undefined'
  );
}

/**
 * The auth client (`supabase.auth`, or standalone from `supabase-rx/auth`): the session as
 * replayed streams, every GoTrue flow as a cold Observable, single-flight token refresh and the
 * token source the other modules use.
 *
 * @example
 * ```ts
 * const auth = new AuthClient({ url: 'http://127.0.0.1:54321/auth/v1', headers: { apikey: key, Authorization: `Bearer ${key}` } });
 * auth.user$.subscribe((user) => console.log(user?.email ?? 'signed out'));
 * auth.signInWithPassword({ email: 'a@b.c', password: 'secret' }).subscribe();
 * ```
 */
export class AuthClient extends AuthSessionMethods {
  /** The admin API (needs a client made with the service role key); its code loads on first call. */
  readonly admin: AdminApi;
  /** Multi-factor authentication of the signed-in user; its code loads on first call. */
  readonly mfa: MfaApi;
  /**
   * The OAuth 2.1 server's consent page and grants of the signed-in user (when the project runs
   * Supabase Auth as an OAuth server); its code loads on first call.
   */
  readonly oauth: OAuthServerApi;
  /** Passkeys of the signed-in user and the two-step ceremonies; its code loads on first call. */
  readonly passkey: PasskeyApi;
  /** The access-token source the REST, storage and functions transports read at subscribe time. */
  readonly tokenSource: TokenSource;
  /** Failures of the storage adapter (the auth state stays consistent in memory regardless). */
  readonly storageFailures$: Observable<StorageFailure>;

  readonly #webauthn: AuthClientOptions['webauthn'];
  readonly #autoRefresh: AutoRefresh;
  readonly #tabs: TabSync | null;
  readonly #initialized = new AsyncSubject<void>();
  readonly #init$: Observable<void>;
  #initStarted = false;
  /** Initialisation has ended (either way): the token can be read without waiting. */
  #initSettled = false;
  #nextSubscriptionId = 0;

  constructor(options: AuthClientOptions) {
    let url: URL;
    try {
      url = new URL(options?.url);
    } catch {
      throw new SupabaseRxInputError(`AuthClient: "${String(options?.url)}" is not a valid URL`);
    }
    const scheduler: SchedulerLike = options.scheduler ?? asyncScheduler;
    const storageKey = options.storageKey ?? `sb-${url.hostname.split('.')[0]}-auth-token`;
    const persist = options.persistSession ?? true;
    const failures = new Subject<StorageFailure>();
    const storage = new StorageGateway(
      persist ? (options.storage ?? defaultStorage(true)) : defaultStorage(false),
      failures,
    );
    // As supabase-js: a user storage only where the session is persisted.
    const userStorage =
      persist && options.userStorage
        ? new StorageGateway(options.userStorage, failures)
        : undefined;
    const transport =
      options.transport ??
      createTransport({ fetch: options.fetch, scheduler, retry: false, timeout: options.timeout });
    const api = new AuthApi(options.url.replace(/\/+$/, ''), options.headers ?? {}, transport);
    let tabs: TabSync | null = null;
    const core = new AuthCore({
      api,
      storage,
      storageKey,
      userStorage,
      scheduler,
      flowType: options.flowType ?? 'implicit',
      storageFailures: failures,
      broadcast: (event, session) => tabs?.post(event, session),
    });
    super(core);
    this.storageFailures$ = failures.asObservable();
    this.admin = lazyAdminApi(api);
    this.mfa = lazyMfaApi(core, { webauthn: options.webauthn, experimental: options.experimental });
    this.oauth = lazyOAuthServerApi(core);
    this.passkey = lazyPasskeyApi(core);
    this.#webauthn = options.webauthn;
    this.#tabs = tabs =
      isBrowser() && persist
        ? TabSync.open(storageKey, (event, session) =>
            core.store.set(session, event as Exclude<AuthChangeEvent, 'INITIAL_SESSION'>),
          )
        : null;
    this.#autoRefresh = new AutoRefresh(core, isBrowser() ? pageVisibility() : of(true));
    // Methods wait for initialisation (starting it if skipAutoInitialize left it undone); a failed
    // initialisation still leaves a defined state, so they go on with whatever session there is.
    core.ready$ = defer(() => this.initialize()).pipe(catchError(() => of(undefined)));

    const autoRefreshToken = options.autoRefreshToken ?? true;
    const w = (
      globalThis as { window?: { location: { href: string; hash: string }; history: History } }
    ).window;
    this.#init$ = initialize(core, {
      autoRefreshToken,
      detectSessionInUrl: options.detectSessionInUrl ?? true,
      location: isBrowser() ? w?.location : undefined,
      history: isBrowser() ? w?.history : undefined,
    });
    this.tokenSource = {
      token: () => this.#token(),
      refreshAfterUnauthorized: () =>
        core.ready$.pipe(
          switchMap(() => {
            const s = core.store.session;
            return s
              ? core.refresher.refresh(s.refresh_token).pipe(map((n) => n.access_token))
              : of(null);
          }),
        ),
    };
    if (!options.skipAutoInitialize) this.initialize().subscribe({ error: () => undefined });
    if (autoRefreshToken) this.#autoRefresh.start();
  }

  /** The session, replayed to each subscriber (`null` when signed out). */
  get session$(): Observable<Session | null> {
    return this.core.store.session$;
  }

  /** The user, replayed to each subscriber (`null` when signed out). */
  get user$(): Observable<User | null> {
    return this.core.store.user$;
  }

  /** `{ event, session }` for each change, INITIAL_SESSION first for each subscriber. */
  get events$(): Observable<AuthStateEvent> {
    return this.core.store.events$;
  }

  /** The current session, read synchronously. */
  get session(): Session | null {
    return this.core.store.session;
  }

  /** The current user, read synchronously. */
  get user(): User | null {
    return this.core.store.session?.user ?? null;
  }

  /**
   * Signs in with a passkey: the whole WebAuthn ceremony (options, the browser's prompt, verify),
   * then SIGNED_IN. Unsubscribing aborts the prompt. Without WebAuthn it fails before any request.
   *
   * @example
   * ```ts
   * auth.signInWithPasskey().subscribe(({ session }) => console.log(session.user.id));
   * ```
   */
  signInWithPasskey(
    credentials?: SignInWithPasskeyCredentials & { options?: { signal?: AbortSignal } },
  ): Observable<PasskeySignInResult> {
    return passkeyModule((m) =>
      m.signInWithPasskey(this.passkey, this.#webauthn ?? m.browserCredentials(), credentials),
    );
  }

  /**
   * Registers a passkey for the signed-in user: the whole WebAuthn ceremony; emits the passkey.
   *
   * @example
   * ```ts
   * auth.registerPasskey().subscribe((passkey) => console.log(passkey.id));
   * ```
   */
  registerPasskey(credentials?: RegisterPasskeyCredentials): Observable<PasskeyMetadata> {
    return passkeyModule((m) =>
      m.registerPasskey(this.passkey, this.#webauthn ?? m.browserCredentials(), credentials),
    );
  }

  /**
   * Loads the session (URL callback, then storage) once; later calls replay the outcome. Runs from
   * the constructor unless `skipAutoInitialize`.
   */
  initialize(): Observable<void> {
    if (!this.#initStarted) {
      this.#initStarted = true;
      this.#init$.subscribe({
        error: (error: unknown) => {
          this.#initSettled = true;
          this.#initialized.error(error);
        },
        complete: () => {
          this.#initSettled = true;
          this.#initialized.next(undefined);
          this.#initialized.complete();
        },
      });
    }
    return this.#initialized.asObservable();
  }

  /**
   * supabase-js's callback API over `events$`; the callback may call any client method.
   *
   * @example
   * ```ts
   * const { data: { subscription } } = auth.onAuthStateChange((event, session) => console.log(event));
   * subscription.unsubscribe();
   * ```
   */
  onAuthStateChange(
    callback: (event: AuthChangeEvent, session: Session | null) => void,
  ): AuthSubscription {
    const sub = this.events$.subscribe(({ event, session }) => callback(event, session));
    const id = `auth-${++this.#nextSubscriptionId}`;
    return { data: { subscription: { id, callback, unsubscribe: () => sub.unsubscribe() } } };
  }

  /** Starts refreshing the session in the background (on by default with `autoRefreshToken`). */
  startAutoRefresh(): void {
    this.#autoRefresh.start();
  }

  /** Stops background refreshing (tokens are still refreshed on demand). */
  stopAutoRefresh(): void {
    this.#autoRefresh.stop();
  }

  /** Stops the ticker, closes the tab channel and completes the state streams. */
  dispose(): void {
    this.#autoRefresh.stop();
    this.#tabs?.close();
    this.core.store.complete();
  }

  #token(): Observable<string | null> | string | null {
    const core = this.core;
    // The hot path of every request: once initialised, a missing or fresh session is answered
    // synchronously, without building an Observable.
    if (this.#initSettled) {
      const s = core.store.session;
      if (!s) return null;
      if (msUntilExpiry(s, core.now()) > EXPIRY_MARGIN_MS) return s.access_token;
    }
    // A failed initialisation still leaves a defined state: read whatever session there is.
    return core.ready$.pipe(
      switchMap(() => {
        const s = core.store.session;
        if (!s) return of(null);
        if (msUntilExpiry(s, core.now()) > EXPIRY_MARGIN_MS) return of(s.access_token);
        return core.refresher.refresh(s.refresh_token).pipe(
          map((fresh) => fresh.access_token),
          catchError((error: unknown) => {
            const current = core.store.session;
            if (current && msUntilExpiry(current, core.now()) > 0) return of(current.access_token);
            return throwError(() => error);
          }),
        );
      }),
    );
  }
}
