import {
  catchError,
  concat,
  defer,
  distinctUntilChanged,
  filter,
  finalize,
  map,
  merge,
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
import type { KeysetPaginateOptions, KeysetQuery } from '../operators/keyset-paginate.js';
import { checkColumn, keysetFilter, type KeysetOrder } from '../operators/keyset-cursor.js';
import { checkPageSize, checkTrigger } from '../operators/page.js';
import type { Row } from './filter-eval.js';
import { liveChannelEvents } from './live-channel-events.js';
import { bindings, coalesce, type LiveRealtime } from './live-query.js';
import { upToFilter } from './live-pages-range.js';
import {
  LivePagesStore,
  type LivePagesEvent,
  type LivePagesState,
  type PageKind,
} from './live-pages-store.js';
import { liveSpec } from './query-spec.js';
import { checkVersion } from './row-version.js';

/** A select builder {@link livePages} can page: keyset-pageable, with its plain state. */
export interface LivePagesQuery<R> extends KeysetQuery<R> {
  readonly state: QueryState;
}

/**
 * Options of {@link livePages}: `keysetPaginate`'s (`key` is also the primary key rows are matched
 * by; `next$` is ignored while a page loads or before the first), and the live stream's.
 */
export interface LivePagesOptions extends KeysetPaginateOptions {
  /** Where the channel comes from: the client (`supabase`) or its `realtime`. */
  readonly realtime: LiveRealtime;
  /** `'tick'` (default): one emission per `scheduler` tick; `'none'`: one per event. */
  readonly batch?: 'tick' | 'none';
  /** Scheduler of the batching tick and of the `readyTimeout` (default asap / async). */
  readonly scheduler?: SchedulerLike;
  /** As `liveQuery`'s: wait (ms) for "Subscribed to PostgreSQL" after each join. Default 3000. */
  readonly readyTimeout?: number | false;
  /** The channel name (default `live-pages:<schema>:<table>:<n>`). */
  readonly channelName?: string;
  /** As `liveQuery`'s: a column every write increases; older changes and page rows are dropped. */
  readonly version?: string;
}

let channels = 0;

/**
 * Keyset pages that stay true under Realtime: one state `{ rows, hasMore, status, loading }` with
 * every page loaded so far, changes applied to the rows inside the loaded range (from the start
 * of the order to the last loaded row; a row that moves past it leaves, one that moves into it
 * comes in). It subscribes to `postgres_changes` first, then fetches the first page; `next$`
 * fetches the rows after the last one (a keyset cursor, as `keysetPaginate`). A page never
 * overwrites a change of the same row seen after the page was asked for. On every rejoin the
 * loaded range is fetched again (`resyncing`).
 *
 * ```
 * status:   s-------------------
 * next$:    --------n-----------
 * changes:  ------u-------i-----   (u: row 2 updated; i: a row inserted past the loaded end)
 * pages:    ----1-------2-------   (each answers 4 frames after its request)
 * livePages(q, { orderBy: 'id', key: 'id', pageSize: 2, next$, realtime }):
 *           c---a-b-l---p-------   (c: connecting, a: page 1, b: u applied, l: loading,
 *                                   p: pages 1–2; i is not shown: past the end)
 * ```
 *
 * ## Example
 * ```ts
 * import { Subject } from 'rxjs';
 * import { livePages } from 'supabase-rx/operators';
 *
 * const more$ = new Subject<void>();
 * livePages(supabase.from('messages').select('id, created_at, body'), {
 *   realtime: supabase,
 *   orderBy: 'created_at',
 *   key: 'id',
 *   ascending: false,
 *   pageSize: 50,
 *   next$: more$,
 * }).subscribe(({ rows, hasMore }) => render(rows, hasMore));
 * ```
 *
 * @param query A select on one table, without `order()` / `limit()`, whose filters `liveQuery`
 * can evaluate on the client; it must select `orderBy` and `key`.
 * @param options {@link LivePagesOptions}.
 * @return A hot, replayed, shared Observable of {@link LivePagesState}; it errors only on bad
 * input (a `SupabaseRxInputError`).
 */
export function livePages<R>(
  query: LivePagesQuery<R>,
  options: LivePagesOptions,
): Observable<LivePagesState<R>> {
  return defer(() => {
    checkColumn('livePages', 'orderBy', options.orderBy);
    checkColumn('livePages', 'key', options.key);
    checkPageSize('livePages', options.pageSize);
    checkTrigger('livePages', options.next$);
    if (query.state.params.some(([name]) => name === 'order' || name === 'limit')) {
      throw new SupabaseRxInputError(
        'livePages(): the query must not have its own order() or limit(); give orderBy and pageSize instead',
      );
    }
    const spec = liveSpec(query.state, [options.key]);
    if (spec.refetchReason !== undefined) {
      throw new SupabaseRxInputError(
        `livePages(): the query must be one liveQuery evaluates on the client (${spec.refetchReason})`,
      );
    }
    checkVersion('livePages', options.version, spec);
    return pages(query, spec, options);
  }).pipe(shareReplay({ bufferSize: 1, refCount: true }));
}

function pages<R>(
  query: LivePagesQuery<R>,
  spec: ReturnType<typeof liveSpec>,
  options: LivePagesOptions,
): Observable<LivePagesState<R>> {
  const { orderBy, key, ascending = true, pageSize, realtime, scheduler } = options;
  const order: KeysetOrder = {
    orderBy,
    key,
    ascending,
    nullsFirst: options.nullsFirst ?? !ascending,
  };
  const terms = [
    { column: orderBy, ascending, nullsFirst: order.nullsFirst },
    ...(orderBy === key ? [] : [{ column: key, ascending, nullsFirst: false }]),
  ];
  const readyTimeout = options.readyTimeout ?? 3000;
  const store = new LivePagesStore(
    spec,
    terms,
    key,
    pageSize,
    readyTimeout !== false,
    options.version,
  );
  const channel = realtime.channel(
    options.channelName ?? `live-pages:${spec.schema}:${spec.table}:${++channels}`,
  );
  const fetch$ = new Subject<PageKind>();
  const joined$ = new Subject<void>();
  const ordered = (q: KeysetQuery<R>) => {
    const o = q.order(orderBy, { ascending, nullsFirst: order.nullsFirst });
    return key === orderBy ? o : o.order(key, { ascending });
  };
  const request = (kind: PageKind): KeysetQuery<R> => {
    const end = store.end;
    if (kind === 'resync') {
      return ordered(end === null ? query : query.or(upToFilter(order, end[orderBy], end[key])));
    }
    const q = end === null ? query : query.or(keysetFilter(order, end[orderBy], end[key]));
    return ordered(q).limit(pageSize + 1);
  };
  const fetches$ = fetch$.pipe(
    switchMap((kind) =>
      concat(
        of<LivePagesEvent>({ type: 'fetch-start', kind }),
        defer(() => request(kind)).pipe(
          take(1),
          map((r): LivePagesEvent => ({ type: 'page', kind, rows: (r.data ?? []) as Row[] })),
          catchError((error: unknown) => of<LivePagesEvent>({ type: 'fetch-error', error })),
        ),
      ),
    ),
  );
  const channelEvents$ = liveChannelEvents(channel, bindings(spec, 'insert'), {
    readyTimeout,
    joined$,
    scheduler,
  });
  const next$ = options.next$.pipe(map((): LivePagesEvent => ({ type: 'next' })));
  return merge(channelEvents$, next$, fetches$).pipe(
    map((event) => store.handle(event)),
    tap((out) => {
      if (out.fetch === 'await-ready') joined$.next();
      else if (out.fetch !== null) fetch$.next(out.fetch);
    }),
    filter((out) => out.emit),
    startWith(undefined),
    coalesce(options),
    map(() => store.state<R>()),
    distinctUntilChanged(),
    finalize(() => {
      fetch$.complete();
      joined$.complete();
      realtime.removeChannel(channel as never).subscribe({ error: () => undefined });
    }),
  );
}
