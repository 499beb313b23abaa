/**
 * Which attempts are retried and after how long — the rules of protocol.md §2.9, as pure
 * functions so they can be checked with tables of cases.
 */

/** At most three retries: four attempts in all. */
export const MAX_RETRIES = 3;

/** The exponential back-off never waits longer than this. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * Whether requests with this method may be retried at all: only those that cannot change data.
 *
 * @example
 * ```ts
 * isRetryableMethod('GET'); // true
 * isRetryableMethod('POST'); // false
 * ```
 */
export function isRetryableMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Whether a response status asks for a retry: 503 (service unavailable) and 520 (Cloudflare's
 * "unknown error" from the origin). 500, 502, 504, 429 … are final.
 *
 * @example
 * ```ts
 * isRetryableStatus(520); // true
 * isRetryableStatus(500); // false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 503 || status === 520;
}

/**
 * Whether a `fetch` rejection is an abort (by a signal, a timeout, or the fetch itself) rather than
 * a network failure. Aborts are never retried.
 *
 * @example
 * ```ts
 * isAbortLike(new DOMException('stop', 'AbortError')); // true
 * isAbortLike(new TypeError('fetch failed')); // false
 * ```
 */
export function isAbortLike(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'AbortError' || name === 'TimeoutError' || code === 'ABORT_ERR';
}

/**
 * The exponential back-off before retry number `retriesDone + 1`: 1 s, 2 s, 4 s … capped at 30 s.
 *
 * @example
 * ```ts
 * [0, 1, 2].map(backoffDelay); // [1000, 2000, 4000]
 * ```
 */
export function backoffDelay(retriesDone: number): number {
  return Math.min(1000 * 2 ** retriesDone, MAX_BACKOFF_MS);
}

/**
 * A `Retry-After` header in ms. Only the seconds form is understood; anything else (an HTTP date,
 * garbage, a negative number) means "retry at once", as supabase-js does.
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT'); // 0
 * ```
 */
export function parseRetryAfter(value: string): number {
  const seconds = Number(value.trim());
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** The parts of a response the policy looks at (a `Response`, or a fake in tests). */
export interface RetryableResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

/**
 * The delay in ms before retrying after this response, or `null` when the response is final.
 * `retriesDone` counts the retries already made (0 after the first attempt).
 *
 * @example
 * ```ts
 * retryDelayAfterResponse({ status: 520, headers: new Headers() }, 0); // 1000
 * retryDelayAfterResponse({ status: 503, headers: new Headers({ 'Retry-After': '5' }) }, 0); // 5000
 * retryDelayAfterResponse({ status: 520, headers: new Headers() }, 3); // null: budget spent
 * ```
 */
export function retryDelayAfterResponse(
  response: RetryableResponse,
  retriesDone: number,
): number | null {
  if (retriesDone >= MAX_RETRIES || !isRetryableStatus(response.status)) return null;
  const retryAfter = response.headers.get('retry-after');
  return retryAfter === null ? backoffDelay(retriesDone) : parseRetryAfter(retryAfter);
}

/**
 * The delay in ms before retrying after `fetch` rejected, or `null` when the failure is final
 * (an abort, or the budget spent).
 *
 * @example
 * ```ts
 * retryDelayAfterError(new TypeError('fetch failed'), 1); // 2000
 * retryDelayAfterError(new DOMException('stop', 'AbortError'), 0); // null
 * ```
 */
export function retryDelayAfterError(error: unknown, retriesDone: number): number | null {
  if (retriesDone >= MAX_RETRIES || isAbortLike(error)) return null;
  return backoffDelay(retriesDone);
}
