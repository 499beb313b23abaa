import type { SchedulerLike } from 'rxjs';

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
  };
  /** Filled by the auth issue; accepted now. */
  auth?: {
    autoRefreshToken?: boolean;
    persistSession?: boolean;
    detectSessionInUrl?: boolean | ((url: URL, params: Record<string, string>) => boolean);
    flowType?: 'implicit' | 'pkce';
    storage?: SupportedStorage;
    storageKey?: string;
    debug?: boolean;
  };
  /** Filled by the realtime issue; accepted now. */
  realtime?: Record<string, unknown>;
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
