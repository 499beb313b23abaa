import {
  catchError,
  concatMap,
  defer,
  map,
  of,
  throwError,
  timer,
  asyncScheduler,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
} from 'rxjs';

/** What one attempt ended with: a value, or the error it failed with. */
export type AttemptOutcome<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** How {@link retryLoop} runs attempts and decides between them. */
export interface RetryLoopConfig<R> {
  /** Starts attempt number `retryCount` (0 for the first try, 1 for the first retry …). */
  attempt(retryCount: number): ObservableInput<R>;
  /**
   * The delay in ms before the next attempt, or `null` when `outcome` is final. Called with the
   * number of retries already made.
   */
  delayBeforeRetry(outcome: AttemptOutcome<R>, retriesDone: number): number | null;
  /** Where the delays run. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/**
 * Runs attempts one after another until one is final, waiting on the scheduler between them;
 * emits the final value (or errors with the final error). Unsubscribing cancels the attempt in
 * flight or the wait. Generic so that tests can drive it with cold marble observables.
 *
 * `start` resumes a loop whose first attempts were made elsewhere (the transport makes the first
 * one by hand to keep its fast path free of operators): the next attempt is `start.retryCount`,
 * after `start.delay` ms.
 *
 * @example
 * ```ts
 * const response$ = retryLoop({
 *   attempt: (n) => fetchOnce(n),
 *   delayBeforeRetry: (o, n) => (o.ok && o.value.status === 503 && n < 3 ? 1000 : null),
 *   scheduler,
 * });
 * ```
 */
export function retryLoop<R>(
  config: RetryLoopConfig<R>,
  start: { readonly retryCount: number; readonly delay: number } = { retryCount: 0, delay: 0 },
): Observable<R> {
  const scheduler = config.scheduler ?? asyncScheduler;
  const step = (retryCount: number, delay: number): Observable<R> => {
    const attempt$ = defer(() => config.attempt(retryCount));
    // The very first attempt starts synchronously; every retry waits on the scheduler, even for
    // `Retry-After: 0`, so a retry never recurses on the caller's stack.
    const scheduled$ =
      retryCount === 0 && delay === 0
        ? attempt$
        : timer(delay, scheduler).pipe(concatMap(() => attempt$));
    return scheduled$.pipe(
      map((value): AttemptOutcome<R> => ({ ok: true, value })),
      catchError((error: unknown) => of<AttemptOutcome<R>>({ ok: false, error })),
      concatMap((outcome) => {
        const next = config.delayBeforeRetry(outcome, retryCount);
        if (next !== null) return step(retryCount + 1, next);
        return outcome.ok ? of(outcome.value) : throwError(() => outcome.error);
      }),
    );
  };
  return step(start.retryCount, start.delay);
}
