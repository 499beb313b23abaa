import {
  asyncScheduler,
  defer,
  mergeMap,
  throttleTime,
  throwError,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/** What {@link throttleSend} needs of a channel: realtime's `send` (`supabase.channel(…)`). */
export interface BroadcastTarget<Result> {
  send(args: { type: 'broadcast'; event: string; payload?: unknown }): Observable<Result>;
}

/** Options of {@link throttleSend}. */
export interface ThrottleSendOptions {
  /** The broadcast event name. */
  readonly event: string;
  /** At most one send per this many ms, an integer ≥ 1 (e.g. `50` for cursor positions). */
  readonly interval: number;
  /** Scheduler of the throttle. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Broadcasts a stream's values on a realtime channel, at most one per `interval`: the first
 * value at once, then the latest of each interval (leading and trailing), so a burst of cursor
 * moves sends few messages and the final position is always sent. Emits each send's result
 * (`'ok'`, `'timed out'`, `'error'`).
 *
 * ```
 * source:                                   -abc-------d--|
 * throttleSend(ch, { event, interval: 4 }): -a---c-----d--|    (send results, one per value sent)
 * ```
 *
 * ## Example
 * ```ts
 * import { fromEvent, map } from 'rxjs';
 * import { throttleSend } from 'supabase-rx/operators';
 *
 * const room = supabase.channel('room-1');
 * room.status$.subscribe(); // joins the channel: sends then go over the socket
 * fromEvent<PointerEvent>(document, 'pointermove')
 *   .pipe(map((e) => ({ x: e.clientX, y: e.clientY })), throttleSend(room, { event: 'cursor', interval: 50 }))
 *   .subscribe();
 * ```
 *
 * @param channel The channel to broadcast on, or anything with realtime's `send`.
 * @param options See {@link ThrottleSendOptions}.
 * @return An operator from payloads to send results; a failed send errors the stream. Bad
 * options error it with a `SupabaseRxInputError`.
 */
export function throttleSend<T, Result>(
  channel: BroadcastTarget<Result>,
  options: ThrottleSendOptions,
): OperatorFunction<T, Result> {
  const { event, interval, scheduler = asyncScheduler } = options ?? ({} as ThrottleSendOptions);
  const problem =
    channel === null || typeof channel !== 'object' || typeof channel.send !== 'function'
      ? 'throttleSend(): expected a channel with send()'
      : typeof event !== 'string' || event === ''
        ? 'throttleSend(): event must be a non-empty string'
        : typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1
          ? `throttleSend(): interval must be an integer ≥ 1 (ms), got ${String(interval)}`
          : null;
  if (problem !== null) return () => throwError(() => new SupabaseRxInputError(problem));
  return (source) =>
    source.pipe(
      throttleTime(interval, scheduler, { leading: true, trailing: true }),
      mergeMap((payload) => defer(() => channel.send({ type: 'broadcast', event, payload }))),
    );
}
