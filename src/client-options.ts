import type { SchedulerLike } from 'rxjs';
import type { RealtimeClientOptions } from './realtime/realtime-client.js';
import type { WebAuthnCredentials } from './auth/passkey/webauthn-browser.js';

/**
 * Options of `createClient`, mirroring supabase-js v2's `SupabaseClientOptions`,
 * plus `scheduler` for every timer in the SDK.
 */
export interface SupabaseClientOptions<SchemaName extends string = 'public'> {
  db?: {
    /** PostgREST schema; default `'public'`. */
    schema?: SchemaName;
    /** Retry GET/HEAD on network errors, 503 and 520 (default `true`). */
    retry?: boolean;
    /** Per-request timeout in ms; aborts are never retried. */
    timeout?: number;
    /**
     * A failed request whose URL is longer than this (in characters) gets a note in its error's
     * `hint` saying the URL may be the cause (default 8000).
     */
    urlLengthLimit?: number;
  };
  global?: {
    /** Replaces the platform `fetch` for every service. */
    fetch?: typeof fetch;
    /** Sent with every request; they override the SDK's defaults. */
    headers?: Record<string, string>;
    /**
     * Per-request timeout in ms for the database, auth, storage and functions (each module's own
     * `timeout` wins). An expired request is aborted and errors with the module's error type.
     */
    timeout?: number;
  };
  /** Filled by the auth issue; accepted now. */
  auth?: {
    autoRefreshToken?: boolean;
    persistSession?: boolean;
    detectSessionInUrl?: boolean | ((url: URL, params: Record<string, string>) => boolean);
    flowType?: 'implicit' | 'pkce';
    storage?: SupportedStorage;
    storageKey?: string;
    /** Keeps the user apart from the session (see the auth module's `userStorage`). */
    userStorage?: SupportedStorage;
    /** The WebAuthn API for passkeys and WebAuthn MFA instead of `navigator.credentials`. */
    webauthn?: WebAuthnCredentials;
    /** Experimental auth APIs: `recoveryCodes: true` enables `auth.mfa.recoveryCodes`. */
    experimental?: { recoveryCodes?: boolean };
    debug?: boolean;
    /** Per-request timeout in ms of auth requests (over `global.timeout`). */
    timeout?: number;
  };
  storage?: {
    /**
     * Per-request timeout in ms of storage requests (over `global.timeout`). Uploads are not
     * bounded by it: a long upload still sending is never cut off.
     */
    timeout?: number;
  };
  functions?: {
    /** Per-call timeout in ms of `functions.invoke` (over `global.timeout`; a call's own wins). */
    timeout?: number;
  };
  /**
   * Passed to the `RealtimeClient` (`supabase.realtime`): `vsn`, `timeout`, `heartbeatIntervalMs`,
   * `transport` (a WebSocket constructor), `params` (`apikey` defaults to the client's key),
   * `graceMs` (how long a channel stays joined after its last unsubscribe, default 1000 ms), …
   * Its `scheduler` defaults to the client's; `accessToken` to the session token (the key when
   * signed out).
   */
  realtime?: Omit<RealtimeClientOptions, 'http'> & {
    /** Accepted as supabase-js accepts it; the socket sends no headers. */
    headers?: Record<string, string>;
  };
  /** Third-party auth: every request's bearer token comes from this callback. */
  accessToken?: () => Promise<string | null> | string | null;
  /** The scheduler of every timer in the SDK (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
}

/** A session storage adapter, sync or async (`localStorage`-like). */
export interface SupportedStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}
