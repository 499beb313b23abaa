import {
  asyncScheduler,
  interval,
  isObservable,
  Observable,
  throwError,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/** What {@link boundedBuffer} emits: the values kept since the last batch, and how many were lost. */
export interface BoundedBatch<T> {
  /** At most `size` values, oldest first. */
  readonly values: T[];
  /** Values dropped since the last batch because the buffer was full. */
  readonly dropped: number;
}

/** Options of {@link boundedBuffer}. */
export interface BoundedBufferOptions {
  /** The most values kept between two batches, an integer ≥ 1. */
  readonly size: number;
  /**
   * When to hand over a batch: every `flush` ms, or on each value of an Observable (a consumer
   * saying it is ready, an animation frame).
   */
  readonly flush: number | Observable<unknown>;
  /** Which values a full buffer gives up: `'oldest'` (default, keeps the latest) or `'newest'`. */
  readonly drop?: 'oldest' | 'newest';
  /** Scheduler of a numeric `flush`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

function checkOptions(options: BoundedBufferOptions): string | null {
  const { size, flush, drop = 'oldest' } = options ?? ({} as BoundedBufferOptions);
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    return `boundedBuffer(): size must be an integer ≥ 1, got ${String(size)}`;
  }
  if (!isObservable(flush) && !(typeof flush === 'number' && flush > 0 && Number.isFinite(flush))) {
    return 'boundedBuffer(): flush must be a number of ms > 0 or an Observable';
  }
  if (drop !== 'oldest' && drop !== 'newest') {
    return `boundedBuffer(): drop must be 'oldest' or 'newest', got ${String(drop)}`;
  }
  return null;
}

/**
 * Buffers a fast stream for a slower consumer in at most `size` values, handed over as one
 * batch per `flush` (a period or a notifier). When the buffer is full a value is dropped — the
 * oldest by default — and counted, so the consumer knows how much it missed: memory stays
 * bounded however far the consumer falls behind. A flush with nothing buffered emits nothing;
 * on completion what is left is emitted first; an error is passed at once (the buffer is lost).
 *
 * ```
 * source:                       -abcd--e-|
 * flush$:                       ----f---f-
 * boundedBuffer({ size: 2, flush: flush$ }):
 *                               ----x---y|   (x = { values: [c, d], dropped: 2 }, y = { values: [e], dropped: 0 })
 * ```
 *
 * ## Example
 * ```ts
 * import { animationFrames } from 'rxjs';
 * import { boundedBuffer } from 'supabase-rx/operators';
 *
 * ticks$.pipe(boundedBuffer({ size: 100, flush: animationFrames() })).subscribe(({ values, dropped }) => {
 *   draw(values);
 *   if (dropped > 0) console.warn(`${dropped} ticks skipped`);
 * });
 * ```
 *
 * @param options See {@link BoundedBufferOptions}.
 * @return An operator from values to batches. Bad options error it with a `SupabaseRxInputError`.
 */
export function boundedBuffer<T>(
  options: BoundedBufferOptions,
): OperatorFunction<T, BoundedBatch<T>> {
  const problem = checkOptions(options);
  if (problem !== null) return () => throwError(() => new SupabaseRxInputError(problem));
  const { size, flush, drop = 'oldest', scheduler = asyncScheduler } = options;
  const flush$ = typeof flush === 'number' ? interval(flush, scheduler) : flush;
  return (source) =>
    new Observable<BoundedBatch<T>>((subscriber) => {
      let values: T[] = [];
      let dropped = 0;
      const emit = () => {
        if (values.length === 0 && dropped === 0) return;
        const batch = { values, dropped };
        values = [];
        dropped = 0;
        subscriber.next(batch);
      };
      const ticks = flush$.subscribe({ next: emit, error: (e: unknown) => subscriber.error(e) });
      const values$ = source.subscribe({
        next: (value) => {
          if (values.length < size) values.push(value);
          else {
            dropped += 1;
            if (drop === 'oldest') {
              values.shift();
              values.push(value);
            }
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          emit();
          subscriber.complete();
        },
      });
      return () => {
        ticks.unsubscribe();
        values$.unsubscribe();
      };
    });
}
