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
import { HttpAbortError, HttpNetworkError, describeRequest } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { bodyChunks } from './body-chunks.js';
import { FunctionsError, FunctionsFetchError } from './errors.js';
import {
  assertInvokeStatus,
  mediaType,
  parseInvokeResponse,
  toFetchResponse,
  type FunctionsResponse,
} from './parse-response.js';
import { SseParser, type ServerSentEvent } from './sse-parser.js';

// What an invoke does once its request is built and checked: `FunctionsClient` runs it at once,
// `createClient`'s client loads it on the first call.

/**
 * Sends a built invoke request per subscription: one parsed response, or a functions error.
 *
 * @example
 * ```ts
 * sendInvoke(transport, invokeRequest(url, {}, 'any', 'hello'), 5_000, asyncScheduler).subscribe();
 * ```
 */
export function sendInvoke<T>(
  transport: Transport,
  req: HttpRequest,
  timeoutMs: number | undefined,
  scheduler: SchedulerLike,
): Observable<FunctionsResponse<T>> {
  return defer(() => {
    let sent = transport.request(req) as unknown as Observable<HttpResponse<Blob | null>>;
    if (timeoutMs) sent = sent.pipe(timeout({ first: timeoutMs, scheduler }));
    return sent.pipe(
      catchError((error: unknown) => throwError(() => toFetchError(error, req, timeoutMs))),
      switchMap((res) => from(parseInvokeResponse(res))),
    );
  }) as Observable<FunctionsResponse<T>>;
}

/**
 * The chunks of a streamed invoke's body (`invokeStream`).
 *
 * @example
 * ```ts
 * sendInvokeStream(transport, req, undefined, asyncScheduler).subscribe((chunk) => …);
 * ```
 */
export function sendInvokeStream(
  transport: Transport,
  req: HttpRequest,
  timeoutMs: number | undefined,
  scheduler: SchedulerLike,
): Observable<Uint8Array> {
  return streamed(transport, req, timeoutMs, scheduler).pipe(
    switchMap((res) => (res.body ? bodyChunks(res.body) : EMPTY)),
  );
}

/**
 * The server-sent events of a streamed invoke (`invokeEvents`); another media type errors with a
 * `FunctionsError` naming it.
 *
 * @example
 * ```ts
 * sendInvokeEvents('chat', transport, req, undefined, asyncScheduler).subscribe((e) => e.data);
 * ```
 */
export function sendInvokeEvents(
  functionName: string,
  transport: Transport,
  req: HttpRequest,
  timeoutMs: number | undefined,
  scheduler: SchedulerLike,
): Observable<ServerSentEvent> {
  return streamed(transport, req, timeoutMs, scheduler).pipe(
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
function streamed(
  transport: Transport,
  req: HttpRequest,
  timeoutMs: number | undefined,
  scheduler: SchedulerLike,
): Observable<HttpResponse<ReadableStream<Uint8Array> | null>> {
  return defer(() => {
    let sent = transport.request(req) as unknown as Observable<
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
