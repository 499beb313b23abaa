import { filter, map, merge, switchMap, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { LiveBinding, LiveChannel } from './live-query.js';
import type { RowChange } from './reconcile.js';

/** What a live stream's channel tells its store. */
export type LiveChannelEvent =
  | { readonly type: 'change'; readonly change: RowChange }
  | { readonly type: 'status'; readonly status: string; readonly error?: unknown }
  /** Realtime's "Subscribed to PostgreSQL" (or the wait for it timed out). */
  | { readonly type: 'pg-ready' };

/** How long to wait for "Subscribed to PostgreSQL" after each join (`joined$`). */
export interface ReadyWait {
  readonly readyTimeout: number | false;
  readonly joined$: Observable<void>;
  readonly scheduler?: SchedulerLike;
}

const PG_READY: LiveChannelEvent = { type: 'pg-ready' };

/**
 * The channel side of `liveQuery` and `livePages`: the changes of `bindings` (subscribed first, so
 * the join carries them), the "ready" signal — the confirmation, or the timeout after each join;
 * the store ignores whichever comes second — and the channel's status.
 *
 * @example
 * ```ts
 * liveChannelEvents(channel, [{ event: '*', schema: 'public', table: 'todos' }], {
 *   readyTimeout: 3000,
 *   joined$,
 * }).subscribe((event) => store.handle(event));
 * ```
 */
export function liveChannelEvents(
  channel: LiveChannel,
  bindings: readonly LiveBinding[],
  wait: ReadyWait,
): Observable<LiveChannelEvent> {
  const { readyTimeout, joined$, scheduler } = wait;
  const changes$ = merge(...bindings.map((b) => channel.on('postgres_changes', b))).pipe(
    map((change): LiveChannelEvent => ({ type: 'change', change })),
  );
  const ready$ = merge(
    channel.on('system').pipe(filter((p) => p.extension === 'postgres_changes')),
    joined$.pipe(switchMap(() => timer(readyTimeout === false ? 0 : readyTimeout, scheduler))),
  ).pipe(map(() => PG_READY));
  const status$ = channel.status$.pipe(
    map((s): LiveChannelEvent => ({ type: 'status', status: s.status, error: s.error })),
  );
  return merge(changes$, ready$, status$);
}
