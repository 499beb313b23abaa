import {
  animationFrameScheduler,
  asapScheduler,
  auditTime,
  catchError,
  concat,
  defer,
  distinctUntilChanged,
  filter,
  finalize,
  identity,
  map,
  merge,
  type MonoTypeOperatorFunction,
  type Observable,
  of,
  type SchedulerLike,
  shareReplay,
  startWith,
  Subject,
  switchMap,
  take,
  tap,
} from 'rxjs';
import type { QueryState } from '../db/state.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { Row } from './filter-eval.js';
import { liveChannelEvents } from './live-channel-events.js';
import { LiveStore, type LiveEvent, type LiveQueryState } from './live-store.js';
import { liveSpec, type LiveSpec } from './query-spec.js';
import type { RowChange } from './reconcile.js';
import { checkVersion } from './row-version.js';

/** The part of a realtime channel a live query uses (`supabase.channel(name)` has it). */
export interface LiveChannel {
  readonly status$: Observable<{ readonly status: string; readonly error?: unknown }>;
  on(
    type: 'postgres_changes',
    filter: {
      event: 'INSERT' | 'UPDATE' | 'DELETE' | '*';
      schema: string;
      table: string;
      filter?: string;
    },
  ): Observable<RowChange>;
  on(type: 'system'): Observable<{ readonly extension: string; readonly status: string }>;
}

/** Where a live query gets its channel: a `SupabaseClient` or a `RealtimeClient`. */
export interface LiveRealtime {
  channel(name: string): LiveChannel;
  removeChannel(channel: never): Observable<unknown>;
}

/** A select builder: a cold Observable of a response, with its plain state. */
export interface LiveSource<R> extends Observable<{ data: R[] | null }> {
  readonly state: QueryState;
}

/** Options of {@link liveQuery}. */
export interface LiveQueryOptions {
  /** Where the channel comes from: the client (`supabase`) or its `realtime`. */
  readonly realtime: LiveRealtime;
  /** The primary key column(s): rows are matched by it, and ties in `order` broken by it. */
  readonly primaryKey: string | readonly string[];
  /**
   * How emissions are coalesced: `'tick'` (default; one emission per `scheduler` tick — asap, a
   * microtask, by default), `'frame'` (per animation frame), `'none'` (one per change).
   */
  readonly batch?: 'tick' | 'frame' | 'none';
  /** Scheduler of the batching tick and of the refetch delay (default: asap / async). */
  readonly scheduler?: SchedulerLike;
  /**
   * Delay of a coalesced refetch (window refill, refetch mode), in ms: the first request starts
   * the delay, later ones within it join the same refetch (RxJS `auditTime`). Default 50.
   */
  readonly refetchDelay?: number;
  /**
   * Which events carry the server-side filter taken from the query (its first `eq`, `neq`, `lt`,
   * `lte`, `gt`, `gte` or `in` filter). `'insert'` (default): only INSERTs — always safe.
   * `'insert-update'`: UPDATEs too, fewer messages, but only correct when that column never
   * changes (Realtime filters an UPDATE on its new row, so a row leaving the filter is never
   * seen). `false`: no server-side filter. DELETEs are never filtered on the server (their old
   * row may carry only the key).
   */
  readonly serverFilter?: 'insert' | 'insert-update' | false;
  /** The server's row cap (PostgREST `db-max-rows`), for `capped`. Default 1000. */
  readonly maxRows?: number;
  /**
   * After each join, how long to wait (ms) for Realtime's "Subscribed to PostgreSQL" message
   * before taking the snapshot anyway; `false`: take it at `SUBSCRIBED`. Default 3000. Hosted
   * Realtime starts the change feed after the join reply: a snapshot taken before this message
   * could miss a change committed in between.
   */
  readonly readyTimeout?: number | false;
  /** The channel name (default `live:<schema>:<table>:<n>`). */
  readonly channelName?: string;
  /**
   * A column every write of a row increases — an `updated_at` set by a trigger, or an integer
   * bumped by each update — and that the select keeps. With it, a change older than the row
   * shown (one committed before the snapshot but delivered after it) is dropped, so a row never
   * goes back to an older version; without it, it can for a moment (docs/live-query.md).
   */
  readonly version?: string;
}

let channels = 0;

/**
 * A select that stays true as the database changes: an Observable of `{ data, status, … }`,
 * replayed to late subscribers and shared (one channel, one snapshot).
 *
 * It joins a `postgres_changes` channel for the table first, waits for `SUBSCRIBED`, then takes
 * the snapshot; changes that arrive meanwhile are buffered and reconciled onto it by primary key.
 * Every later `SUBSCRIBED` (a rejoin after a reconnect) resyncs: refetch, diff, emit once.
 * Filters, `order` and `limit` are evaluated on the client; queries it cannot evaluate refetch on
 * every change of the table (`mode: 'refetch'`).
 *
 * ```
 * changes:  ----i--u--d------|
 * status:   connecting → live (snapshot) ------ resyncing → live (after a rejoin)
 * ```
 *
 * ## Example
 * ```ts
 * import { liveQuery } from 'supabase-rx/operators';
 * const open$ = liveQuery(
 *   supabase.from('todos').select('id, title, done').eq('done', false).order('id').limit(50),
 *   { realtime: supabase, primaryKey: 'id' },
 * );
 * open$.subscribe(({ data, status }) => render(data, status));
 * ```
 *
 * @param query A select on one table (`from(t).select(…)` with filters, `order`, `limit`).
 * @param options {@link LiveQueryOptions}.
 * @return A hot, replayed Observable of {@link LiveQueryState}; it errors only on bad input.
 */
export function liveQuery<R>(
  query: LiveSource<R>,
  options: LiveQueryOptions,
): Observable<LiveQueryState<R>> {
  return defer(() => {
    const pk =
      typeof options.primaryKey === 'string' ? [options.primaryKey] : [...options.primaryKey];
    if (pk.length === 0) throw new SupabaseRxInputError('liveQuery: primaryKey is required');
    const spec = liveSpec(query.state, pk);
    checkVersion('liveQuery', options.version, spec);
    return live(query, spec, pk, options);
  }).pipe(shareReplay({ bufferSize: 1, refCount: true }));
}

function live<R>(
  query: LiveSource<R>,
  spec: LiveSpec,
  pk: readonly string[],
  options: LiveQueryOptions,
): Observable<LiveQueryState<R>> {
  const { realtime, scheduler } = options;
  const readyTimeout = options.readyTimeout ?? 3000;
  const store = new LiveStore(
    spec,
    pk,
    options.maxRows ?? 1000,
    readyTimeout !== false,
    options.version,
  );
  const channel = realtime.channel(
    options.channelName ?? `live:${spec.schema}:${spec.table}:${++channels}`,
  );
  const now$ = new Subject<void>();
  const later$ = new Subject<void>();
  const joined$ = new Subject<void>();
  const snapshot$: Observable<LiveEvent> = query.pipe(
    take(1),
    map((r): LiveEvent => ({ type: 'snapshot', rows: (r.data ?? []) as Row[] })),
    catchError((error: unknown) => of<LiveEvent>({ type: 'fetch-error', error })),
  );
  const fetches$ = merge(now$, later$.pipe(auditTime(options.refetchDelay ?? 50, scheduler))).pipe(
    switchMap(() => concat(of<LiveEvent>({ type: 'fetch-start' }), snapshot$)),
  );
  const channelEvents$ = liveChannelEvents(
    channel,
    bindings(spec, options.serverFilter ?? 'insert'),
    { readyTimeout, joined$, scheduler },
  );
  // Channel first, so the join carries the bindings; fetches last, driven by the store.
  return merge(channelEvents$, fetches$).pipe(
    map((event) => store.handle(event)),
    tap((out) => {
      if (out.fetch === 'now') now$.next();
      else if (out.fetch === 'later') later$.next();
      else if (out.fetch === 'await-ready') joined$.next();
    }),
    filter((out) => out.emit),
    // The first state ({ data: [], status: 'connecting' }) at once.
    startWith(undefined),
    coalesce(options),
    map(() => store.state<R>()),
    distinctUntilChanged(),
    finalize(() => {
      now$.complete();
      later$.complete();
      joined$.complete();
      realtime.removeChannel(channel as never).subscribe({ error: () => undefined });
    }),
  );
}

/** One postgres_changes binding of a live stream's channel. */
export type LiveBinding = {
  event: 'INSERT' | 'UPDATE' | 'DELETE' | '*';
  schema: string;
  table: string;
  filter?: string;
};

/** The postgres_changes bindings: one `*` binding, or filtered INSERT (UPDATE) beside the rest. */
export function bindings(
  spec: LiveSpec,
  serverFilter: 'insert' | 'insert-update' | false,
): LiveBinding[] {
  const base = { schema: spec.schema, table: spec.table };
  const f = spec.refetchReason === undefined ? spec.serverFilter : undefined;
  if (serverFilter === false || f === undefined) return [{ event: '*', ...base }];
  const updates = serverFilter === 'insert-update';
  return [
    { event: 'INSERT', ...base, filter: f },
    updates ? { event: 'UPDATE', ...base, filter: f } : { event: 'UPDATE', ...base },
    { event: 'DELETE', ...base },
  ];
}

/** The `batch` option: one emission per animation frame, per scheduler tick, or per event. */
export function coalesce<T>(
  options: Pick<LiveQueryOptions, 'batch' | 'scheduler'>,
): MonoTypeOperatorFunction<T> {
  switch (options.batch ?? 'tick') {
    case 'none':
      return identity;
    case 'frame':
      return auditTime(0, animationFrameScheduler);
    default:
      return auditTime(0, options.scheduler ?? asapScheduler);
  }
}
