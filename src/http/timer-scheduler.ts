import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
// rxjs's own timer and clock indirections (public subpaths of the rxjs package, the ones
// `asyncScheduler` goes through). `TestScheduler.run()` points them at virtual time, so this
// scheduler is virtual inside `run()` exactly as `asyncScheduler` is.
import { dateTimestampProvider } from 'rxjs/internal/scheduler/dateTimestampProvider';
import { timeoutProvider } from 'rxjs/internal/scheduler/timeoutProvider';

type TimeoutHandle = ReturnType<typeof timeoutProvider.setTimeout>;

/** One scheduled piece of work: a `setTimeout` that unsubscribing clears. */
class TimerAction<T> extends Subscription implements SchedulerAction<T> {
  #handle: TimeoutHandle | undefined;

  constructor(private readonly work: (this: SchedulerAction<T>, state: T) => void) {
    super(() => this.#clear());
  }

  schedule(state?: T, delay = 0): Subscription {
    this.#clear();
    if (!this.closed) {
      this.#handle = timeoutProvider.setTimeout(() => {
        this.#handle = undefined;
        this.work(state as T);
      }, delay);
    }
    return this;
  }

  #clear(): void {
    if (this.#handle !== undefined) timeoutProvider.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}

/**
 * The transport's default scheduler: `setTimeout` through rxjs's timer indirection, with
 * `asyncScheduler`'s clock — the same timeline as `asyncScheduler` (including inside
 * `TestScheduler.run()`), without the action queue and interval recycling that make
 * `asyncScheduler` the largest piece of rxjs in a `supabase-rx/postgrest` browser bundle. The
 * transport only ever schedules a handful of one-shot timers (retry waits, timeouts), which need
 * none of that.
 *
 * @example
 * ```ts
 * const sub = timerScheduler.schedule(() => console.log('1 s later'), 1000);
 * sub.unsubscribe(); // never mind
 * ```
 */
export const timerScheduler: SchedulerLike = {
  now: () => dateTimestampProvider.now(),
  schedule<T>(
    work: (this: SchedulerAction<T>, state: T) => void,
    delay = 0,
    state?: T,
  ): Subscription {
    return new TimerAction(work).schedule(state, delay);
  },
};
