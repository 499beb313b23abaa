import type { Observable, SchedulerLike } from 'rxjs';
import { assertTimeout } from '../http/base-transport.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { timerScheduler } from '../http/timer-scheduler.js';
import { createModuleTransport, type Transport } from '../http/transport.js';
import type { HttpRequest } from '../http/types.js';
import { invokeRequest, type FunctionInvokeOptions } from './invoke-request.js';
import type { FunctionsResponse } from './parse-response.js';
import type { ServerSentEvent } from './sse-parser.js';

/** Runs the sending half of a call (`invoke-send.ts`): at once, or once its module has loaded. */
export type RunInvokes = <T>(
  use: (sends: typeof import('./invoke-send.js')) => Observable<T>,
) => Observable<T>;

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
 * What every functions client is: the options, `setAuth`, and the checks and request of each
 * call, made at once (a bad name or option throws); the sending runs through `run`, so
 * `FunctionsClient` sends at once and `createClient`'s client loads the sending code on first use.
 *
 * @example
 * ```ts
 * class Functions extends FunctionsClientBase {}
 * new Functions(url, {}, (use) => use(sends)).invoke('hello').subscribe();
 * ```
 */
export class FunctionsClientBase {
  readonly url: string;
  readonly #headers: Record<string, string>;
  readonly #region: string;
  readonly #transport: Transport;
  readonly #scheduler: SchedulerLike;
  readonly #timeout: number | undefined;
  readonly #run: RunInvokes;

  constructor(url: string, options: FunctionsClientOptions, run: RunInvokes) {
    this.#run = run;
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
    const transport = this.#transport;
    const scheduler = this.#scheduler;
    return this.#run((m) => m.sendInvoke<T>(transport, req, timeoutMs, scheduler));
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
    const [req, timeoutMs] = this.#streamRequest(functionName, options);
    const transport = this.#transport;
    const scheduler = this.#scheduler;
    return this.#run((m) => m.sendInvokeStream(transport, req, timeoutMs, scheduler));
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
    const [req, timeoutMs] = this.#streamRequest(functionName, options);
    const transport = this.#transport;
    const scheduler = this.#scheduler;
    return this.#run((m) => m.sendInvokeEvents(functionName, transport, req, timeoutMs, scheduler));
  }

  /** A streamed call's request and timeout, checked at once as `invoke()`'s. */
  #streamRequest(
    functionName: string,
    options: FunctionInvokeOptions,
  ): [HttpRequest, number | undefined] {
    const req = {
      ...invokeRequest(this.url, this.#headers, this.#region, functionName, options),
      responseType: 'stream' as const,
    };
    const timeoutMs = options.timeout ?? this.#timeout;
    assertTimeout(timeoutMs || undefined, 'invoke(): timeout');
    return [req, timeoutMs];
  }
}
