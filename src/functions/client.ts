import {
  EMPTY,
  catchError,
  concatMap,
  defer,
  from,
  map,
  switchMap,
  throwError,
  timeout,
  TimeoutError,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { assertTimeout } from '../http/base-transport.js';
import { HttpAbortError, HttpNetworkError, describeRequest } from '../http/errors.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { timerScheduler } from '../http/timer-scheduler.js';
import { createModuleTransport, type Transport } from '../http/transport.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { bodyChunks } from './body-chunks.js';
import { FunctionsError, FunctionsFetchError } from './errors.js';
import { invokeRequest, type FunctionInvokeOptions } from './invoke-request.js';
import {
  assertInvokeStatus,
  mediaType,
  parseInvokeResponse,
  toFetchResponse,
  type FunctionsResponse,
} from './parse-response.js';
import { SseParser, type ServerSentEvent } from './sse-parser.js';

/** Options of `new FunctionsClient(url, options)`. */
export interface FunctionsClientOptions {
  /** Sent with every call (e.g. `apikey`, `Authorization`); a call's own headers override them. */
  headers?: Record<string, string>;
  /** Default region for every call; default `'any'` (none sent). */
  region?: string;
  /** Used when no `transport` is given; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Timeouts run on it (virtual inside `TestScheduler.run()`). */
  scheduler?: SchedulerLike;
  /** A ready transport (`createClient` passes one carrying the API key and the session token). */
  transport?: Transport;
  /** Default `timeout` of every call in ms (a call's own `timeout` wins); default none. */
  timeout?: number;
}

/**
 * Invokes Supabase Edge Functions, as functions-js's `FunctionsClient`, with cold Observables:
 * nothing is sent before subscribe, and unsubscribing aborts the request.
 *
 * @example
 * ```ts
 * const functions = new FunctionsClient('http://127.0.0.1:54321/functions/v1', {
 *   headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
 * });
 * functions.invoke<{ message: string }>('hello', { body: { name: 'Ada' } })
 *   .subscribe(({ data }) => console.log(data.message));
 * ```
 */
export class FunctionsClient {
  readonly url: string;
  readonly #headers: Record<string, string>;
  readonly #region: string;
  readonly #transport: Transport;
  readonly #scheduler: SchedulerLike;
  readonly #timeout: number | undefined;

  constructor(url: string, options: FunctionsClientOptions = {}) {
    if (typeof url !== 'string' || url.trim() === '') {
      throw new SupabaseRxInputError('new FunctionsClient(): url must be a non-empty string');
    }
    this.url = url;
    this.#headers = { ...options.headers };
    this.#region = options.region ?? 'any';
    assertTimeout(options.timeout, 'new FunctionsClient(): timeout');
    this.#timeout = options.timeout;
    this.#scheduler = options.scheduler ?? timerScheduler;
    this.#transport =
      options.transport ??
      createModuleTransport({ fetch: options.fetch, scheduler: this.#scheduler, retry: false });
  }

  /**
   * Sends `Authorization: Bearer <token>` with every later call (over the session's token).
   *
   * @example
   * ```ts
   * functions.setAuth(session.access_token);
   * ```
   */
  setAuth(token: string): void {
    this.#headers.Authorization = `Bearer ${token}`;
  }

  /**
   * Invokes the function `functionName`: emits one {@link FunctionsResponse} and completes, or
   * errors with `FunctionsHttpError` (non-2xx), `FunctionsRelayError` (`x-relay-error: true`) or
   * `FunctionsFetchError` (no response, timeout, aborted signal). A bad name or option throws a
   * `SupabaseRxInputError` at once.
   *
   * @example
   * ```ts
   * functions.invoke('hello', { body: { name: 'Ada' }, timeout: 5_000 }).pipe(toResult())
   *   .subscribe(({ data, error }) => console.log(data ?? error));
   * ```
   */
  invoke<T = any>(
    functionName: string,
    options: FunctionInvokeOptions = {},
  ): Observable<FunctionsResponse<T>> {
    const req = invokeRequest(this.url, this.#headers, this.#region, functionName, options);
    const timeoutMs = options.timeout ?? this.#timeout;
    assertTimeout(timeoutMs || undefined, 'invoke(): timeout');
    const scheduler = this.#scheduler;
    return defer(() => {
      let sent = this.#transport.request(req) as unknown as Observable<HttpResponse<Blob | null>>;
      if (timeoutMs) sent = sent.pipe(timeout({ first: timeoutMs, scheduler }));
      return sent.pipe(
        catchError((error: unknown) => throwError(() => toFetchError(error, req, timeoutMs))),
        switchMap((res) => from(parseInvokeResponse(res))),
      );
    }) as Observable<FunctionsResponse<T>>;
  }

  /**
   * Invokes `functionName` and emits its response body chunk by chunk as it arrives, then
   * completes — beyond functions-js, which reads the whole body first. Errors as `invoke()`;
   * `timeout` bounds the wait for the response to start, not the stream. Unsubscribing cancels
   * the request and its body.
   *
   * @example
   * ```ts
   * const decoder = new TextDecoder();
   * functions.invokeStream('generate', { body: { prompt: 'Hi' } })
   *   .subscribe((chunk) => console.log(decoder.decode(chunk, { stream: true })));
   * ```
   */
  invokeStream(functionName: string, options: FunctionInvokeOptions = {}): Observable<Uint8Array> {
    return this.#streamed(functionName, options).pipe(
      switchMap((res) => (res.body ? bodyChunks(res.body) : EMPTY)),
    );
  }

  /**
   * Invokes `functionName` and emits each server-sent event of its `text/event-stream` response
   * as it arrives (`{ event, data, id, retry? }`, `data` as text), completing when the function
   * ends the stream — a streaming AI function is one `subscribe`. A response of another media
   * type errors with a `FunctionsError` naming it (its `context` is the `Response`); other
   * errors as `invoke()`.
   *
   * @example
   * ```ts
   * functions.invokeEvents('chat', { body: { prompt: 'Hi' } })
   *   .pipe(map((e) => JSON.parse(e.data)))
   *   .subscribe((token) => console.log(token));
   * ```
   */
  invokeEvents(
    functionName: string,
    options: FunctionInvokeOptions = {},
  ): Observable<ServerSentEvent> {
    return this.#streamed(functionName, options).pipe(
      switchMap((res) => {
        const type = mediaType(res.headers);
        if (type !== 'text/event-stream') {
          const message = `invokeEvents('${functionName}'): the function answered ${type}, not text/event-stream`;
          throw new FunctionsError(message, 'FunctionsError', toFetchResponse(res), {
            status: res.status,
          });
        }
        if (!res.body) return EMPTY;
        const parser = new SseParser();
        const decoder = new TextDecoder();
        return bodyChunks(res.body).pipe(
          concatMap((chunk) => parser.push(decoder.decode(chunk, { stream: true }))),
        );
      }),
    );
  }

  /** The response with its body unread, once its status passed (relay and non-2xx errors). */
  #streamed(
    functionName: string,
    options: FunctionInvokeOptions,
  ): Observable<HttpResponse<ReadableStream<Uint8Array> | null>> {
    const req = {
      ...invokeRequest(this.url, this.#headers, this.#region, functionName, options),
      responseType: 'stream' as const,
    };
    const timeoutMs = options.timeout ?? this.#timeout;
    assertTimeout(timeoutMs || undefined, 'invoke(): timeout');
    const scheduler = this.#scheduler;
    return defer(() => {
      let sent = this.#transport.request(req) as unknown as Observable<
        HttpResponse<ReadableStream<Uint8Array> | null>
      >;
      if (timeoutMs) sent = sent.pipe(timeout({ first: timeoutMs, scheduler }));
      return sent.pipe(
        catchError((error: unknown) => throwError(() => toFetchError(error, req, timeoutMs))),
        map((res) => {
          assertInvokeStatus(res);
          return res;
        }),
      );
    });
  }
}

function toFetchError(error: unknown, req: HttpRequest, timeoutMs: number | undefined): unknown {
  if (error instanceof FunctionsError) return error;
  if (error instanceof TimeoutError) {
    const what = describeRequest(req.method, req.url);
    return new FunctionsFetchError(error, `${what} timed out after ${timeoutMs} ms`);
  }
  if (error instanceof HttpNetworkError || error instanceof HttpAbortError) {
    return new FunctionsFetchError(error);
  }
  return error;
}
