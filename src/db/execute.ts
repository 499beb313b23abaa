import type { Subscriber } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { HttpRequest } from '../http/types.js';
import { SupabaseRxError } from '../http/supabase-rx-error.js';
import { parseResponse } from './parse-response.js';
import { PostgrestError } from './postgrest-error.js';
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

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  stack?: unknown;
  cause?: unknown;
}

function isAbortLike(e: ErrorLike | undefined): boolean {
  if (!e) return false;
  const name = typeof e.name === 'string' ? e.name : '';
  return name.includes('Abort') || name.includes('Timeout') || e.code === 'ABORT_ERR';
}

function describe(e: ErrorLike | undefined): string {
  return `${typeof e?.name === 'string' ? e.name : 'FetchError'}: ${String(e?.message)}`;
}

/**
 * Maps anything the transport errors with to a `PostgrestError` with status 0 and code `''`,
 * shaped as supabase-js reports network failures (`details` carries the cause chain).
 *
 * @example
 * ```ts
 * toNetworkError(new TypeError('fetch failed')).status; // 0
 * ```
 */
export function toNetworkError(error: unknown, aborted = false): PostgrestError {
  if (error instanceof PostgrestError) return error;
  // The transport wraps what fetch rejected with (its `cause`); describe that root error, as
  // supabase-js does (`TypeError: fetch failed`), and keep the wrapper as our cause.
  const root =
    error instanceof SupabaseRxError && error.cause instanceof Error ? error.cause : error;
  const e = (root ?? undefined) as ErrorLike | undefined;
  const cause = e?.cause as ErrorLike | undefined;
  let details: string;
  if (cause) {
    details = `${describe(e)}\n\nCaused by: ${describe(cause)}`;
    if (typeof cause.code === 'string' && cause.code) details += ` (${cause.code})`;
    if (typeof cause.stack === 'string') details += `\n${cause.stack}`;
  } else {
    details = typeof e?.stack === 'string' ? e.stack : '';
  }
  const abort = aborted || isAbortLike(error as ErrorLike) || isAbortLike(e) || isAbortLike(cause);
  return new PostgrestError(
    { message: describe(e), details, hint: abort ? ABORT_HINT : '', code: '' },
    { status: 0, cause: error },
  );
}

function abortError(signal: AbortSignal): PostgrestError {
  const reason = signal.reason as ErrorLike | undefined;
  return toNetworkError(
    reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError'),
    true,
  );
}

/**
 * Performs a query: `toRequest(state)` → `transport.request()` → `parseResponse()`. The subscribe
 * function of every query builder. The user's `abortSignal()` errors it with status 0 and the
 * abort hint — before anything is sent if it is already aborted.
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
): (() => void) | void {
  const signal = state.signal;
  if (signal?.aborted) {
    subscriber.error(abortError(signal));
    return;
  }
  let req: HttpRequest;
  try {
    req = toRequest(state);
  } catch (e) {
    subscriber.error(e);
    return;
  }
  const inner = transport.request(req).subscribe({
    next(res) {
      let value: PostgrestResponse<R>;
      try {
        value = parseResponse<R>(res, state);
      } catch (e) {
        subscriber.error(e);
        return;
      }
      subscriber.next(value);
    },
    error(e) {
      subscriber.error(toNetworkError(e, signal?.aborted === true));
    },
    complete() {
      subscriber.complete();
    },
  });
  if (!signal) return () => inner.unsubscribe();
  // Handled here as well as in the transport so an abort behaves the same whichever transport
  // (custom, test fake) is plugged in.
  const onAbort = () => {
    inner.unsubscribe();
    subscriber.error(abortError(signal));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    inner.unsubscribe();
  };
}
