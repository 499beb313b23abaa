import {
  asyncScheduler,
  retry,
  throwError,
  timer,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { isAbortLike, parseRetryAfter } from '../http/retry-policy.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/** Options of {@link retryBackoff}. */
export interface RetryBackoffOptions {
  /** Retries after the first attempt. Default `3`. */
  readonly maxRetries?: number;
  /** Delay before the first retry in ms; doubles each retry. Default `1000`. */
  readonly initialDelay?: number;
  /** The delay never exceeds this (ms). Default `30000`. */
  readonly maxDelay?: number;
  /** Fraction of each delay drawn at random (0 = none, 1 = full jitter). Default `0.5`. */
  readonly jitter?: number;
  /** Source of randomness in [0, 1), injectable so tests are deterministic. Default `Math.random`. */
  readonly random?: () => number;
  /** Whether an error may be retried. Default {@link isSafeToRetry}. */
  readonly retryIf?: (error: unknown) => boolean;
  /** Wait the `Retry-After` of an error that carries one instead of the back-off. Default `true`. */
  readonly respectRetryAfter?: boolean;
  /** Scheduler of the delays. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * The default `retryIf`: network failures (status 0, not an abort), 408, 429 and 5xx — unless the
 * error says its request used a non-idempotent method (a `method` field, e.g. `POST`).
 *
 * @example
 * ```ts
 * import { isSafeToRetry } from 'supabase-rx/operators';
 *
 * isSafeToRetry({ status: 503 }); // true
 * isSafeToRetry({ status: 503, method: 'POST' }); // false
 * isSafeToRetry({ status: 404 }); // false
 * ```
 */
export function isSafeToRetry(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || isAbortLike(error)) return false;
  const { status, method } = error as { status?: unknown; method?: unknown };
  if (typeof method === 'string' && !IDEMPOTENT.has(method.toUpperCase())) return false;
  if (typeof status !== 'number') return false;
  return status === 0 || status === 408 || status === 429 || (status >= 500 && status <= 599);
}

function retryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { retryAfter } = error as { retryAfter?: unknown };
  if (typeof retryAfter === 'number') return Math.max(0, retryAfter * 1000);
  if (typeof retryAfter === 'string') return parseRetryAfter(retryAfter);
  return null;
}

function checkCount(name: string, value: number): string | null {
  return Number.isInteger(value) && value >= 0
    ? null
    : `${name} must be an integer ≥ 0, got ${value}`;
}

/**
 * Resubscribes the source after a retryable error, waiting an exponential back-off with jitter.
 * The db transport already retries GETs on 503/520 (up to 3 times; the other modules do not).
 * Piped straight onto a query builder (`query.pipe(retryBackoff())`), it runs the query with that
 * built-in retry off (`query.retry(false)`), so the two never multiply. Anywhere else in a
 * pipeline it cannot see the query: turn the built-in one off yourself, with
 * `createClient(url, key, { db: { retry: false } })` or `query.retry(false)`.
 *
 * ```
 * source:                 --#            (error e: status 503), then --a|
 * retryBackoff({ initialDelay: 3, jitter: 0 }):
 *                         -----------a|  (2 frames, 3 frames of delay, 2 frames, a)
 * ```
 *
 * ## Example
 * ```ts
 * import { retryBackoff } from 'supabase-rx/operators';
 *
 * db.from('movies').select().pipe(retryBackoff({ maxRetries: 5 })).subscribe(console.log);
 * ```
 *
 * @param options See {@link RetryBackoffOptions}.
 * @return An operator that retries the source; the last error passes through once the budget is
 * spent or `retryIf` says no. Bad options error the stream with a `SupabaseRxInputError`.
 * @see isSafeToRetry
 */
export function retryBackoff<T>(options: RetryBackoffOptions = {}): MonoTypeOperatorFunction<T> {
  const {
    maxRetries = 3,
    initialDelay = 1000,
    maxDelay = 30_000,
    jitter = 0.5,
    random = Math.random,
    retryIf = isSafeToRetry,
    respectRetryAfter = true,
    scheduler = asyncScheduler,
  } = options;
  const problem =
    checkCount('maxRetries', maxRetries) ??
    (initialDelay >= 0 && maxDelay >= 0 ? null : 'initialDelay and maxDelay must be ≥ 0') ??
    (jitter >= 0 && jitter <= 1 ? null : `jitter must be between 0 and 1, got ${jitter}`);
  if (problem !== null) return () => throwError(() => new SupabaseRxInputError(problem));
  return (source) =>
    withoutBuiltInRetry(source).pipe(
      retry({
        count: maxRetries,
        delay: (error: unknown, retryCount: number) => {
          if (!retryIf(error)) return throwError(() => error);
          const after = respectRetryAfter ? retryAfterMs(error) : null;
          if (after !== null) return timer(after, scheduler);
          const base = Math.min(initialDelay * 2 ** (retryCount - 1), maxDelay);
          // Jitter only shortens the wait, so maxDelay stays an upper bound.
          return timer(Math.round(base * (1 - jitter * random())), scheduler);
        },
      }),
    );
}

/** A db builder (it has `retry(enabled)`) without its own retry; any other source as it is. */
function withoutBuiltInRetry<T>(source: Observable<T>): Observable<T> {
  const builder = source as Observable<T> & { retry?: unknown };
  return typeof builder.retry === 'function'
    ? (builder.retry as (enabled: boolean) => Observable<T>).call(builder, false)
    : source;
}
