import { Observable, type SchedulerLike, type Unsubscribable } from 'rxjs';
import { createBaseHeaders } from './headers.js';
import { readTextBody } from './read-body.js';
import { noFetch } from './resolve-fetch.js';
import { RequestRun, type RunSink, type TransportConfig } from './request-run.js';
import { SupabaseRxInputError } from './supabase-rx-error.js';
import { timerScheduler } from './timer-scheduler.js';
import type { HttpRequest, HttpResponse, TokenSource } from './types.js';

/** How a service (PostgREST, storage, functions …) talks HTTP. One per client and service. */
export interface Transport {
  /** A cold Observable: sends on subscribe, aborts on unsubscribe, emits one response of any status. */
  request(req: HttpRequest): Observable<HttpResponse>;
  /**
   * Runs `req` into `sink` with no Observable of its own (what `request` subscribes to), and
   * returns its teardown. The SDK's own transports have it, so that a module whose requests are
   * Observables already (a database query) makes one Observable per request, not two; a
   * transport of the app's own needs only `request`.
   */
  open?(req: HttpRequest, sink: RunSink): Unsubscribable;
}

/** Options of `createTransport`: its `fetch`, scheduler, retries, API key, headers, token and timeout. */
export interface TransportOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Retry delays and timeouts run on it. Default: `timerScheduler`, `asyncScheduler`'s timeline
   * (virtual inside `TestScheduler.run()` too) in less code.
   */
  scheduler?: SchedulerLike;
  /** Retry GET/HEAD/OPTIONS on network errors, 503 and 520 (default `true`). */
  retry?: boolean;
  /** Sent as `apikey` (unless the request has one) and as the fallback bearer token. */
  apiKey?: string;
  /**
   * Whether the API key is the bearer when there is no token (default `true`). supabase-js turns
   * it off for Edge Functions with the new `sb_publishable_…` / `sb_secret_…` keys, which are not
   * JWTs.
   */
  apiKeyAsBearer?: boolean;
  /** Default headers (X-Client-Info, global headers); a request's own headers override them. */
  headers?: Record<string, string>;
  /** Where the bearer token comes from; without it the API key is the token. */
  tokenSource?: TokenSource;
  /** Per-request timeout in ms. */
  timeout?: number;
}

/** The `RequestRun` class a transport runs its requests with. */
type RunClass = new (config: TransportConfig, req: HttpRequest, subscriber: RunSink) => RequestRun;

/**
 * A transport over resolved options, running each request with `Run`.
 *
 * @example
 * ```ts
 * transportWith(resolveTransportOptions({ apiKey: 'anon-key' }), RequestRun);
 * ```
 */
export function transportWith(config: TransportConfig, Run: RunClass): Transport {
  const open = (req: HttpRequest, sink: RunSink): RequestRun => {
    const run = new Run(config, req, sink);
    run.start();
    return run;
  };
  return {
    open,
    request(req) {
      return new Observable<HttpResponse<unknown>>((subscriber) =>
        open(req, subscriber),
      ) as Observable<HttpResponse>;
    },
  };
}

/**
 * {@link createTransport} for a module's own, well-formed requests: no token source (the API key,
 * or a request's own `Authorization`, is the bearer), no request validation, bodies read as
 * text (`responseType` is not looked at), and no cross-fetch fallback (as postgrest-js). What
 * `PostgrestClient` uses on its own, so that its bundle leaves that code out.
 *
 * @example
 * ```ts
 * const http = createBaseTransport({ apiKey: 'anon-key', timeout: 10_000 });
 * ```
 */
export function createBaseTransport(
  options: Omit<TransportOptions, 'tokenSource'> = {},
): Transport {
  return transportWith(resolveTransportOptions(options), RequestRun);
}

/**
 * Throws a `SupabaseRxInputError` naming `option` unless `timeout` is absent or a positive, finite
 * number of ms.
 *
 * @example
 * ```ts
 * assertTimeout(options.db?.timeout, 'createClient(): db.timeout');
 * ```
 */
export function assertTimeout(timeout: unknown, option: string): void {
  if (
    timeout !== undefined &&
    !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))
  ) {
    throw new SupabaseRxInputError(
      `${option} must be a positive number of ms, got ${String(timeout)}`,
    );
  }
}

/**
 * Checks and completes a transport's options (default scheduler, retries on, merged base headers).
 *
 * @example
 * ```ts
 * resolveTransportOptions({ timeout: 5_000 }).retry; // true (bodies read as text)
 * ```
 */
export function resolveTransportOptions(options: TransportOptions): TransportConfig {
  const { timeout, fetch: customFetch } = options;
  assertTimeout(timeout, 'timeout');
  if (customFetch !== undefined && typeof customFetch !== 'function') {
    throw new SupabaseRxInputError(`fetch must be a function, got ${typeof customFetch}`);
  }
  return {
    fetch: customFetch,
    scheduler: options.scheduler ?? timerScheduler,
    retry: options.retry ?? true,
    apiKey: options.apiKey || undefined,
    apiKeyAsBearer: options.apiKeyAsBearer ?? true,
    base: createBaseHeaders(options.headers),
    readBody: readTextBody,
    loadFetch: noFetch,
    tokenSource: options.tokenSource,
    timeout,
  };
}
