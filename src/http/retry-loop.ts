import { Observable, isObservable, type SchedulerLike, type Unsubscribable } from 'rxjs';
import { timerScheduler } from './timer-scheduler.js';

/** What one attempt ended with: a value, or the error it failed with. */
export type AttemptOutcome<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** How {@link retryLoop} runs attempts and decides between them. */
export interface RetryLoopConfig<R> {
  /**
   * Starts attempt number `retryCount` (0 for the first try, 1 for the first retry …): an
   * Observable (its first value or its error is the outcome) or a promise.
   */
  attempt(retryCount: number): Observable<R> | PromiseLike<R>;
  /**
   * The delay in ms before the next attempt, or `null` when `outcome` is final. Called with the
   * number of retries already made.
   */
  delayBeforeRetry(outcome: AttemptOutcome<R>, retriesDone: number): number | null;
  /** Where the delays run. Default `timerScheduler` (`asyncScheduler`'s timeline). */
  scheduler?: SchedulerLike;
}

/**
 * Runs attempts one after another until one is final, waiting on the scheduler between them;
 * emits the final value (or errors with the final error). Unsubscribing cancels the attempt in
 * flight or the wait. Generic so that tests can drive it with cold marble observables.
 *
 * `start` resumes a loop whose first attempts were made elsewhere: the next attempt is
 * `start.retryCount`, after `start.delay` ms.
 *
 * The transport itself no longer goes through this loop: `RequestRun` chains its attempts on
 * fetch's promises and the scheduler directly (the same rules, from `retry-policy.ts`), which
 * keeps about 0.3 KB gzipped out of a `supabase-rx/postgrest` browser bundle. This generic form
 * stays for retrying other sources (Observables or promises) by the same rules.
 *
 * Written by hand rather than composed from `timer`/`concatMap`/`catchError`: those operators
 * (and `from`, which they bring) would more than double the rxjs code in a browser bundle of
 * `supabase-rx/postgrest`, which otherwise needs only `Observable` and a timer.
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
  const scheduler = config.scheduler ?? timerScheduler;
  return new Observable<R>((subscriber) => {
    // The attempt in flight or the wait in progress: what unsubscribing must cancel.
    let current: Unsubscribable | undefined;

    const decide = (outcome: AttemptOutcome<R>, retriesDone: number) => {
      let delay: number | null;
      try {
        delay = config.delayBeforeRetry(outcome, retriesDone);
      } catch (error) {
        return subscriber.error(error);
      }
      if (delay !== null) return wait(retriesDone + 1, delay);
      if (!outcome.ok) return subscriber.error(outcome.error);
      subscriber.next(outcome.value);
      subscriber.complete();
    };

    // Every retry waits on the scheduler, even for `Retry-After: 0`, so that a retry never
    // recurses on the caller's stack.
    const wait = (retryCount: number, delay: number) => {
      current = scheduler.schedule(() => run(retryCount), delay);
    };

    const run = (retryCount: number) => {
      let source: Observable<R> | PromiseLike<R>;
      try {
        source = config.attempt(retryCount);
      } catch (error) {
        return decide({ ok: false, error }, retryCount);
      }
      let settled = false;
      const settle = (outcome: AttemptOutcome<R>) => {
        if (settled || subscriber.closed) return;
        settled = true;
        decide(outcome, retryCount);
      };
      if (!isObservable(source)) {
        current = { unsubscribe: () => void (settled = true) };
        source.then(
          (value) => settle({ ok: true, value }),
          (error: unknown) => settle({ ok: false, error }),
        );
        return;
      }
      const sub = source.subscribe({
        next: (value) => settle({ ok: true, value }),
        error: (error: unknown) => settle({ ok: false, error }),
        // An attempt that ends without a value ends the loop without one.
        complete: () => settled || ((settled = true), subscriber.complete()),
      });
      // Settled synchronously: `decide` has already moved on (and may have set `current`).
      if (settled) sub.unsubscribe();
      else current = sub;
    };

    if (start.retryCount === 0 && start.delay === 0) run(0);
    else wait(start.retryCount, start.delay);
    return () => current?.unsubscribe();
  });
}
