import { Observable, asyncScheduler, type SchedulerLike } from 'rxjs';
import type { HttpRequest, HttpResponse, TokenSource } from './types.js';

/** How a service (PostgREST, storage, functions …) talks HTTP. One per client and service. */
export interface Transport {
  /** A cold Observable: sends on subscribe, aborts on unsubscribe, emits one response of any status. */
  request(req: HttpRequest): Observable<HttpResponse>;
}

export interface TransportOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: `asyncScheduler`. Retry delays and timeouts run on it. */
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
 * PLACEHOLDER written to unblock the modules: sends one request, no retries. The transport issue
 * work replaces the body of this function; its signature is the contract.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const scheduler = options.scheduler ?? asyncScheduler;
  void scheduler;
  return {
    request(req) {
      return new Observable<HttpResponse>((subscriber) => {
        const controller = new AbortController();
        const headers: Record<string, string> = { ...options.headers, ...req.headers };
        if (options.apiKey && !hasHeader(headers, 'apikey')) headers.apikey = options.apiKey;
        if (options.apiKey && !hasHeader(headers, 'authorization'))
          headers.Authorization = `Bearer ${options.apiKey}`;
        const doFetch = options.fetch ?? fetch;
        doFetch(req.url, { method: req.method, headers, body: req.body, signal: controller.signal })
          .then(async (res) => {
            const body = req.method === 'HEAD' ? null : await res.text();
            subscriber.next({
              status: res.status,
              statusText: res.statusText,
              headers: res.headers,
              body,
              url: req.url,
            });
            subscriber.complete();
          })
          .catch((err) => subscriber.error(err));
        return () => controller.abort();
      });
    },
  };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}
