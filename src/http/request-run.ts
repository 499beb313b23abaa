import {
  type SchedulerAction,
  type Subscriber,
  type Subscription,
  type Unsubscribable,
} from 'rxjs';
import {
  HttpAbortError,
  HttpNetworkError,
  HttpTimeoutError,
  describeCause,
  describeRequest,
} from './errors.js';
import {
  copyHeaders,
  mergeHeaders,
  withCredentials,
  type BaseHeaders,
  type MergedHeaders,
} from './headers.js';
import { drainBody } from './read-body.js';
import { resolveFetch } from './resolve-fetch.js';
import {
  isAbortLike,
  isRetryableMethod,
  retryDelayAfterError,
  retryDelayAfterResponse,
} from './retry-policy.js';
import { SupabaseRxError, SupabaseRxInputError } from './supabase-rx-error.js';
import type { HttpRequest, HttpResponse, ResponseBodyType, TokenSource } from './types.js';
import type { SchedulerLike } from 'rxjs';

/**
 * Where a run delivers its response: a `Subscriber`, or any object with these four members (a
 * module's own sink, given to `Transport.open`) whose `closed` turns true, as a Subscriber's does,
 * before the run is torn down; nothing is delivered to a closed sink.
 */
export type RunSink = Pick<
  Subscriber<HttpResponse<unknown>>,
  'closed' | 'next' | 'error' | 'complete'
>;

/** A transport's options, resolved once by `createTransport`. */
export interface TransportConfig {
  readonly fetch: typeof fetch | undefined;
  readonly scheduler: SchedulerLike;
  readonly retry: boolean;
  readonly apiKey: string | undefined;
  readonly apiKeyAsBearer?: boolean;
  readonly base: BaseHeaders;
  readonly tokenSource: TokenSource | undefined;
  readonly timeout: number | undefined;
  /**
   * What is wrong with a request, or `null`. Set by `createTransport`, whose callers may pass
   * anything; a database client's own transport only sees requests its builders made, so it
   * skips the check (and leaves its code out of the bundle).
   */
  readonly validate?: (req: HttpRequest) => string | null;
  /**
   * Reads a final response's body: a value at once, or a promise of it. `createTransport` reads
   * every `responseType`; the database client's own transport only ever needs text.
   */
  readonly readBody: (res: Response, method: string, type: ResponseBodyType) => unknown;
  /**
   * Where a `fetch` comes from when the runtime has no global one: `createTransport` loads
   * cross-fetch if the app has it; the database client's own transport just says to pass one.
   */
  readonly loadFetch: () => Promise<typeof fetch>;
}

/**
 * One subscription to `transport.request(req)`: a small state machine driven by fetch's promises.
 * The usual path (first attempt final) allocates this object, one AbortController, one headers
 * object and the response — no operators; the retry loop is only built when it is needed. It is
 * the teardown of its Observable: `unsubscribe()` aborts whatever is in flight (fetch, body read,
 * wait between retries, and a subclass's token or refresh lookup). Bearer tokens from a token
 * source and the 401 replay live in `TokenRequestRun`, so that bundles without auth leave them out.
 *
 * @example
 * ```ts
 * new Observable((subscriber) => {
 *   const run = new RequestRun(config, req, subscriber);
 *   run.start();
 *   return run;
 * });
 * ```
 */
export class RequestRun implements Unsubscribable {
  readonly #controller = new AbortController();
  readonly #responseType: ResponseBodyType;
  readonly #canRetry: boolean;
  /** Set once the response is emitted: from then on nothing may abort (a `'stream'` body is the user's). */
  #emitted = false;
  /** Set by `send()` before the first attempt. */
  #headers!: Record<string, string>;
  #fetchFn: typeof fetch | undefined;
  #timer: Subscription | undefined;
  /**
   * The asynchronous step in progress besides fetch itself: a wait between retries, or a
   * subclass's token lookup or refresh. They never overlap, so one field holds whichever it is.
   */
  protected step: Subscription | undefined;

  protected readonly config: TransportConfig;
  protected readonly req: HttpRequest;
  readonly #subscriber: RunSink;

  constructor(config: TransportConfig, req: HttpRequest, subscriber: RunSink) {
    this.config = config;
    this.req = req;
    this.#subscriber = subscriber;
    this.#responseType = req.responseType ?? 'text';
    this.#canRetry = (req.retry ?? config.retry) && isRetryableMethod(req.method);
  }

  /** Checks the request, links the caller's signal and the timeout, then sends. */
  start(): void {
    const req = this.req;
    const config = this.config;
    const problem = config.validate?.(req);
    if (problem) return this.fail(new SupabaseRxInputError(problem));
    const signal = req.signal;
    if (signal) {
      if (signal.aborted) return this.fail(this.#abortError(signal.reason));
      signal.addEventListener('abort', this);
    }
    if (config.timeout !== undefined) {
      this.#timer = config.scheduler.schedule(onTimeout, config.timeout, this);
    }
    this.begin(mergeHeaders(config.base, req.headers));
  }

  /** Finds the bearer token, then {@link send}s. Here there is none: the API key is the bearer. */
  protected begin(merged: MergedHeaders): void {
    this.send(merged, null);
  }

  /** The caller's signal fired (this object is its listener, to avoid a closure per request). */
  handleEvent(): void {
    this.fail(this.#abortError(this.req.signal?.reason));
  }

  /** Fired by the scheduler when `timeout` elapses before the response was emitted. */
  onTimeout(): void {
    const timeout = this.config.timeout ?? 0;
    const what = describeRequest(this.req.method, this.req.url);
    this.fail(new HttpTimeoutError(`${what} timed out after ${timeout} ms`, timeout));
  }

  /** Teardown: aborts what is in flight unless the response was already delivered. */
  unsubscribe(): void {
    if (!this.#emitted) this.#controller.abort();
    this.#timer?.unsubscribe();
    this.step?.unsubscribe();
    this.req.signal?.removeEventListener('abort', this);
  }

  /** Sends with `Authorization: Bearer <token or API key>` (unless the headers carry one). */
  protected send(merged: MergedHeaders, token: string | null): void {
    this.#headers = withCredentials(
      merged,
      this.config.apiKey,
      token,
      this.config.apiKeyAsBearer ?? true,
    );
    this.#fetchFn = resolveFetch(this.req.fetch ?? this.config.fetch);
    if (this.#fetchFn) return this.#attempt(0);
    this.config.loadFetch().then(
      (found) => {
        this.#fetchFn = found;
        if (!this.#subscriber.closed) this.#attempt(0);
      },
      (error: unknown) => this.fail(error),
    );
  }

  /**
   * Attempt number `retryCount` (0 first, then each retry), made by hand: neither the fast path
   * nor the retries need operators.
   */
  #attempt(retryCount: number): void {
    let pending: Promise<Response>;
    try {
      pending = this.#fetchOnce(retryCount);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (res) => this.#afterAttempt(retryCount, res),
      (error: unknown) => this.#afterAttempt(retryCount, undefined, error),
    );
  }

  /**
   * An attempt ended with a response, or (`res` undefined) with what fetch rejected with: wait on
   * the scheduler and retry, or deliver it.
   */
  #afterAttempt(retriesDone: number, res: Response | undefined, error?: unknown): void {
    if (this.#subscriber.closed) return;
    let delay: number | null = null;
    if (this.#canRetry) {
      delay = res
        ? retryDelayAfterResponse(res, retriesDone)
        : retryDelayAfterError(error, retriesDone);
    }
    if (delay !== null) {
      if (res) drainBody(res);
      // Every retry waits on the scheduler, even for `Retry-After: 0`, so that a retry never
      // recurses on fetch's callback stack. (A closure, but only on the rare retry path.)
      this.step = this.config.scheduler.schedule(() => this.#attempt(retriesDone + 1), delay);
    } else if (res) this.finish(res);
    else this.fail(this.#fetchError(error));
  }

  #fetchOnce(retryCount: number): Promise<Response> {
    const req = this.req;
    let headers = this.#headers;
    if (retryCount > 0) {
      headers = copyHeaders(headers);
      headers['X-Retry-Count'] = String(retryCount);
    }
    const init: RequestInit & { duplex?: 'half' } = {
      method: req.method,
      headers,
      body: req.body,
      signal: this.#controller.signal,
    };
    // Streaming request bodies must say so to fetch (Node and Chrome refuse them otherwise).
    if (isStream(req.body)) init.duplex = 'half';
    // Called as a plain function: browsers refuse `window.fetch` called with another `this`
    // ("Illegal invocation"), which `this.#fetchFn(…)` would give it.
    const send = this.#fetchFn as typeof fetch;
    return send(req.url, init);
  }

  /** The final response: read its body as asked, then emit it. */
  protected finish(res: Response): void {
    if (this.#subscriber.closed) return;
    const body = this.config.readBody(res, this.req.method, this.#responseType);
    if (!isThenable(body)) return this.#emit(res, body);
    body.then(
      (value) => this.#emit(res, value),
      (error: unknown) => this.fail(this.#fetchError(error)),
    );
  }

  #emit(res: Response, body: unknown): void {
    if (this.#subscriber.closed) return;
    this.#emitted = true;
    this.#subscriber.next({
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      body,
      url: this.req.url,
    });
    this.#subscriber.complete();
  }

  protected fail(error: unknown): void {
    this.#subscriber.error(error);
  }

  #fetchError(error: unknown): SupabaseRxError {
    if (error instanceof SupabaseRxError) return error;
    if (isAbortLike(error)) return this.#abortError(error);
    const what = describeRequest(this.req.method, this.req.url);
    return new HttpNetworkError(`${what} failed: ${describeCause(error)}`, error);
  }

  #abortError(cause: unknown): HttpAbortError {
    return new HttpAbortError(
      `${describeRequest(this.req.method, this.req.url)} was aborted`,
      cause,
    );
  }
}

function onTimeout(this: SchedulerAction<RequestRun>, run?: RequestRun): void {
  run?.onTimeout();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Whether a request body is a stream (sent with `duplex: 'half'`, never replayed). */
export function isStream(body: unknown): boolean {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}
