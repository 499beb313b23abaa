import type { Subscriber, TeardownLogic, Unsubscribable } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { RunSink } from '../http/request-run.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { SupabaseRxError } from '../http/supabase-rx-error.js';
import { parseResponse, stringOr } from './parse-response.js';
import { PostgrestError } from './postgrest-error.js';
import { DEFAULT_URL_LENGTH_LIMIT } from './query-options.js';
import type { QueryState } from './state.js';
import { toRequest } from './to-request.js';
import type { PostgrestResponse } from './types.js';

/**
 * The hint supabase-js gives aborted requests; kept so code matching on it keeps working.
 *
 * @example
 * ```ts
 * query$.subscribe({ error: (e) => e.hint === ABORT_HINT && console.log('cancelled') });
 * ```
 */
export const ABORT_HINT = 'Request was aborted (timeout or manual cancellation)';

/** The hint supabase-js gives a request whose response headers were too large for the client. */
export const HEADERS_OVERFLOW_HINT = 'HTTP headers exceeded server limits (typically 16KB)';

/** What may be read off a thrown value: anything can be thrown, so each field is checked. */
interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  stack?: unknown;
  cause?: unknown;
}

function isAbortLike(e: ErrorLike | null | undefined): boolean {
  return !!e && (/Abort|Timeout/.test(stringOr(e.name, '')) || e.code === 'ABORT_ERR');
}

/** `TypeError: fetch failed`, as supabase-js describes an error. */
function describe(e: ErrorLike | null | undefined): string {
  return `${stringOr(e?.name, 'FetchError')}: ${String(e?.message)}`;
}

/** Where a failed request went, for the URL-length note of its hint. */
export interface FailedRequest {
  readonly url: string;
  /** Default {@link DEFAULT_URL_LENGTH_LIMIT}. */
  readonly urlLengthLimit?: number;
}

/**
 * Maps anything the transport errors with to a `PostgrestError` with status 0 and code `''`,
 * shaped as supabase-js reports network failures (`details` carries the cause chain). An abort
 * (the user's signal, the client timeout) gets supabase-js's abort hint, a response whose headers
 * overflowed its headers hint; either is followed by a note when `request.url` is longer than
 * `request.urlLengthLimit` (default 8000), as supabase-js does.
 *
 * @example
 * ```ts
 * toNetworkError(new TypeError('fetch failed')).status; // 0
 * toNetworkError(abortError, true, { url: longUrl, urlLengthLimit: 8000 }).hint;
 * // 'Request was aborted (timeout or manual cancellation). Note: Your request URL is 9120 characters, …'
 * ```
 */
export function toNetworkError(
  error: unknown,
  aborted = false,
  request?: FailedRequest,
): PostgrestError {
  if (error instanceof PostgrestError) return error;
  // The transport wraps what fetch rejected with (its `cause`); describe that root error, as
  // supabase-js does (`TypeError: fetch failed`), and keep the wrapper as our cause.
  const e = (
    error instanceof SupabaseRxError && error.cause instanceof Error ? error.cause : error
  ) as ErrorLike | null | undefined;
  const cause = e?.cause as ErrorLike | undefined;
  const message = describe(e);
  let details = stringOr(e?.stack, '');
  if (cause) {
    const code = stringOr(cause.code, '');
    const stack = stringOr(cause.stack, '');
    details = `${message}\n\nCaused by: ${describe(cause)}${code && ` (${code})`}${stack && `\n${stack}`}`;
  }
  const abort = aborted || ([error, e, cause] as ErrorLike[]).some(isAbortLike);
  let hint = abort
    ? ABORT_HINT
    : cause?.name === 'HeadersOverflowError' || cause?.code === 'UND_ERR_HEADERS_OVERFLOW'
      ? HEADERS_OVERFLOW_HINT
      : '';
  const length = request?.url.length ?? 0;
  if (hint && length > (request?.urlLengthLimit ?? DEFAULT_URL_LENGTH_LIMIT)) {
    // supabase-js words the note of each hint a little differently.
    hint += `. ${abort ? 'Note: ' : ''}Your request URL is ${length} characters${abort ? ', which may exceed server limits' : ''}. If selecting many fields, consider using views. If filtering with large arrays (e.g., .in('id', [${abort ? 'many' : '200+'} IDs])), consider using an RPC function ${abort ? 'to pass values server-side' : 'instead'}.`;
  }
  return new PostgrestError({ message, details, hint, code: '' }, { status: 0, cause: error });
}

function abortError(signal: AbortSignal, request?: FailedRequest): PostgrestError {
  const reason = signal.reason as unknown;
  return toNetworkError(
    reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError'),
    true,
    request,
  );
}

/** The request and its URL length limit, for a failure's hint (read only when one fails). */
function failed(state: QueryState, req: HttpRequest): FailedRequest {
  return { url: req.url, urlLengthLimit: state.urlLengthLimit };
}

type Parse<R> = (res: HttpResponse, state: QueryState) => PostgrestResponse<R>;
type ToError = (error: unknown, aborted: boolean | undefined, request: FailedRequest) => unknown;

/**
 * Hands a query's response to its subscriber, parsed, or its failure, mapped: the sink of the
 * transport's run (`Transport.open`), or the observer of `transport.request()` for a transport
 * without `open`. A class, so that a request makes one object for it rather than three closures.
 */
class QuerySink<R> implements RunSink {
  readonly #subscriber: Subscriber<PostgrestResponse<R>>;
  readonly #state: QueryState;
  readonly #req: HttpRequest;
  readonly #parse: Parse<R>;
  readonly #toError: ToError;

  constructor(
    subscriber: Subscriber<PostgrestResponse<R>>,
    state: QueryState,
    req: HttpRequest,
    parse: Parse<R>,
    toError: ToError,
  ) {
    this.#subscriber = subscriber;
    this.#state = state;
    this.#req = req;
    this.#parse = parse;
    this.#toError = toError;
  }

  get closed(): boolean {
    return this.#subscriber.closed;
  }

  next(res: HttpResponse): void {
    let value: PostgrestResponse<R>;
    try {
      value = this.#parse(res, this.#state);
    } catch (e) {
      this.#subscriber.error(e);
      return;
    }
    this.#subscriber.next(value);
  }

  error(e: unknown): void {
    const state = this.#state;
    this.#subscriber.error(this.#toError(e, state.signal?.aborted, failed(state, this.#req)));
  }

  complete(): void {
    this.#subscriber.complete();
  }
}

/**
 * Performs a query: `toRequest(state)` → `transport.request()` → `parse()` (default
 * `parseResponse`), a transport error mapped by `toError` (default `toNetworkError`). The
 * subscribe function of every query builder and of `getOpenApiSpec()`. The user's
 * `abortSignal()` errors it with status 0 and the abort hint — before anything is sent if it is
 * already aborted.
 *
 * @example
 * ```ts
 * new Observable((subscriber) => runQuery(transport, state, subscriber));
 * ```
 */
export function runQuery<R>(
  transport: Transport,
  state: QueryState,
  subscriber: Subscriber<PostgrestResponse<R>>,
  parse: Parse<R> = parseResponse,
  toError: ToError = toNetworkError,
): TeardownLogic {
  const signal = state.signal;
  let req: HttpRequest;
  try {
    req = toRequest(state);
  } catch (e) {
    // An abort that came first wins over bad input, as when nothing is sent.
    subscriber.error(signal?.aborted ? abortError(signal) : e);
    return;
  }
  // Nothing is sent when the signal was aborted first.
  let inner: Unsubscribable | undefined;
  if (!signal?.aborted) {
    const sink = new QuerySink(subscriber, state, req, parse, toError);
    // The transport's run straight into the sink when it can (the SDK's transports): the
    // Observable of `request()` around it cost ~2 µs per query in the request loop (in-loop
    // timings, Node 24; bench/request-overhead.ts).
    inner = transport.open ? transport.open(req, sink) : transport.request(req).subscribe(sink);
  }
  if (!signal) return inner;
  // Handled here as well as in the transport so an abort behaves the same whichever transport
  // (custom, test fake) is plugged in.
  const onAbort = () => {
    inner?.unsubscribe();
    subscriber.error(abortError(signal, failed(state, req)));
  };
  if (!inner) return onAbort();
  // No `once`: a signal fires `abort` at most once, and the teardown removes the listener.
  signal.addEventListener('abort', onAbort);
  return () => {
    signal.removeEventListener('abort', onAbort);
    inner.unsubscribe();
  };
}
