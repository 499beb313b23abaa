import { Observable, type SchedulerLike } from 'rxjs';
import { createBaseHeaders } from './headers.js';
import { RequestRun, type TransportConfig } from './request-run.js';
import { SupabaseRxInputError } from './supabase-rx-error.js';
import { timerScheduler } from './timer-scheduler.js';
import type { HttpRequest, HttpResponse, TokenSource } from './types.js';

/** How a service (PostgREST, storage, functions …) talks HTTP. One per client and service. */
export interface Transport {
  /** A cold Observable: sends on subscribe, aborts on unsubscribe, emits one response of any status. */
  request(req: HttpRequest): Observable<HttpResponse>;
}

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
  /** Default headers (X-Client-Info, global headers); a request's own headers override them. */
  headers?: Record<string, string>;
  /** Where the bearer token comes from; without it the API key is the token. */
  tokenSource?: TokenSource;
  /** Per-request timeout in ms. */
  timeout?: number;
}

/**
 * Makes the transport every HTTP module sends through: a request description in, a cold
 * Observable of one `HttpResponse` out (any status; mapping errors is the module's job).
 *
 * - Nothing is sent before subscribe; each subscription sends again; unsubscribing aborts the
 *   fetch, the body read, or the wait between retries. `req.signal` aborts too
 *   (`HttpAbortError`), `timeout` aborts with `HttpTimeoutError`; neither is retried.
 * - Headers: `X-Client-Info`, then `headers`, then the request's own; `apikey` and
 *   `Authorization: Bearer <token or apiKey>` where absent. The token is read at subscribe time;
 *   after a 401 the token source's `refreshAfterUnauthorized()` is asked once and the request
 *   replayed once.
 * - GET/HEAD/OPTIONS are retried on network errors, 503 and 520: at most 3 times, after
 *   `Retry-After` or 1 s / 2 s / 4 s on `scheduler`, with `X-Retry-Count`.
 * - A network failure errors with `HttpNetworkError` (`status` 0, the fetch error as `cause`).
 *
 * @example
 * ```ts
 * const http = createTransport({ apiKey: 'anon-key', headers: { 'x-app': 'demo' } });
 * http
 *   .request({ method: 'GET', url: 'http://127.0.0.1:54321/rest/v1/movies?select=id', headers: {} })
 *   .subscribe((res) => console.log(res.status, res.body));
 * ```
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const config = resolveOptions(options);
  return {
    request(req) {
      return new Observable<HttpResponse<unknown>>((subscriber) => {
        const run = new RequestRun(config, req, subscriber);
        run.start();
        return run;
      }) as Observable<HttpResponse>;
    },
  };
}

function resolveOptions(options: TransportOptions): TransportConfig {
  const { timeout, fetch: customFetch } = options;
  if (
    timeout !== undefined &&
    !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))
  ) {
    throw new SupabaseRxInputError(
      `timeout must be a positive number of ms, got ${String(timeout)}`,
    );
  }
  if (customFetch !== undefined && typeof customFetch !== 'function') {
    throw new SupabaseRxInputError(`fetch must be a function, got ${typeof customFetch}`);
  }
  return {
    fetch: customFetch,
    scheduler: options.scheduler ?? timerScheduler,
    retry: options.retry ?? true,
    apiKey: options.apiKey || undefined,
    base: createBaseHeaders(options.headers),
    tokenSource: options.tokenSource,
    timeout,
  };
}
