import {
  BehaviorSubject,
  combineLatest,
  defer,
  finalize,
  map,
  type Observable,
  type SchedulerLike,
  shareReplay,
  tap,
  timer,
} from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { Row } from './filter-eval.js';
import type { LiveQueryState } from './live-store.js';
import { keyOf } from './reconcile.js';

/** A pending write as it should show at once: the row (with its primary key) or its key. */
export type OptimisticWrite =
  { readonly insert: Row } | { readonly update: Row } | { readonly delete: Row };

/** A live query's state with the pending writes laid over its `data`. */
export type OptimisticState<R> = LiveQueryState<R> & {
  /** The keys (as `JSON.stringify(id)`, composite keys as a JSON array) with a write in flight. */
  readonly pending: ReadonlySet<string>;
  /** The last write that failed (rolled back): its key and the mutation's error. */
  readonly rejected?: { readonly key: string; readonly error: unknown };
};

/** Options of {@link optimistic}. */
export interface OptimisticOptions {
  /** The primary key column(s), as given to `liveQuery`. */
  readonly primaryKey: string | readonly string[];
  /**
   * After a write succeeded, how long (ms) the server's row stays laid over `data` if the live
   * query never shows it (e.g. the update moved the row out of the query's filter). Default 2000.
   */
  readonly settleTimeout?: number;
  /** Scheduler of `settleTimeout` (pass a `TestScheduler` in marble tests). */
  readonly scheduler?: SchedulerLike;
}

/** A live query with optimistic writes: its `state$`, and `mutate` to run a write. */
export interface OptimisticView<R> {
  readonly state$: Observable<OptimisticState<R>>;
  /**
   * Runs `mutation` on subscribe, showing `write` in `state$` at once (its key in `pending`).
   * On success the server's row (the mutation's `data` row with the same key, when it selected
   * one) replaces it until the live query shows the same row; on failure the write is rolled
   * back, `rejected` set, and the returned Observable errors with the mutation's error.
   * Unsubscribing before the answer rolls the write back too.
   */
  mutate<T>(mutation: Observable<T>, write: OptimisticWrite): Observable<T>;
}

interface Entry {
  readonly op: 'insert' | 'update' | 'delete';
  readonly key: string;
  readonly row: Row;
  /** After success: the row to show (the server's, or the written one). */
  server?: Row;
  settled?: boolean;
}

/**
 * Optimistic writes over a `liveQuery`: a write shows at once in `data`, marked in `pending`;
 * the server's row replaces it on success and stays until the live query shows that row (the
 * Realtime echo), so nothing flickers whether the echo comes before or after the response; a
 * failure rolls it back. Writes of the same row stack in the order they were made.
 *
 * ```
 * live data:  a-------b--      (b: the echo of the write, row 1 done)
 * mutate:     --(s)--r---      (s: subscribe, r: the response)
 * state$:     a-p----q-(b)     (p: row 1 done, pending; q: the server's row; then the echo)
 * ```
 *
 * ## Example
 * ```ts
 * import { liveQuery, optimistic } from 'supabase-rx/operators';
 * const todos = optimistic(liveQuery(supabase.from('todos').select('*'), { realtime: supabase, primaryKey: 'id' }), { primaryKey: 'id' });
 * todos.state$.subscribe(({ data, pending }) => render(data, pending));
 * todos.mutate(supabase.from('todos').update({ done: true }).eq('id', 1).select(), { update: { id: 1, done: true } }).subscribe();
 * ```
 *
 * @param live A `liveQuery` (any Observable of `LiveQueryState`).
 * @param options {@link OptimisticOptions}.
 * @return {@link OptimisticView}: `state$` is shared and replayed.
 */
export function optimistic<R>(
  live: Observable<LiveQueryState<R>>,
  options: OptimisticOptions,
): OptimisticView<R> {
  const pk =
    typeof options.primaryKey === 'string' ? [options.primaryKey] : [...options.primaryKey];
  if (pk.length === 0) throw new SupabaseRxInputError('optimistic: primaryKey is required');
  let entries: readonly Entry[] = [];
  // Each change of `entries` (a write made, answered, failed, settled) recomputes the state.
  const changed$ = new BehaviorSubject<void>(undefined);
  let rejected: OptimisticState<R>['rejected'];
  let base: readonly Row[] = [];
  const remove = (e: Entry) => {
    if (e.settled) return;
    e.settled = true;
    entries = entries.filter((x) => x !== e);
    changed$.next();
  };
  /** Drops the answered writes the live data now shows (their echo came): no emission of its own. */
  const prune = () => {
    if (!entries.some((e) => e.server !== undefined)) return;
    const shown = new Map(base.map((r) => [keyOf(r, pk), r]));
    entries = entries.filter((e) => {
      const keep = e.server === undefined || !isShown(e, shown);
      if (!keep) e.settled = true;
      return keep;
    });
  };
  const state$ = combineLatest([live, changed$]).pipe(
    map(([s]) => {
      base = s.data as readonly Row[];
      prune();
      return overlay(s, entries, pk, rejected);
    }),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  const mutate = <T>(mutation: Observable<T>, write: OptimisticWrite): Observable<T> =>
    defer(() => {
      const entry = toEntry(write, pk);
      entries = [...entries, entry];
      changed$.next();
      let answered = false;
      return mutation.pipe(
        tap({
          next: (response) => {
            if (answered) return;
            answered = true;
            entry.server = serverRow(response, entry, pk);
            // The echo may have come first: the recomputation drops the write if so.
            changed$.next();
            // If the live query never shows it (e.g. it left the filter), it goes after the timeout.
            if (!entry.settled) {
              timer(options.settleTimeout ?? 2000, options.scheduler).subscribe(() =>
                remove(entry),
              );
            }
          },
          error: (error: unknown) => {
            answered = true;
            rejected = { key: entry.key, error };
            remove(entry);
          },
        }),
        finalize(() => {
          if (!answered) remove(entry);
        }),
      );
    });
  return { state$, mutate };
}

function toEntry(write: OptimisticWrite, pk: readonly string[]): Entry {
  const op = 'insert' in write ? 'insert' : 'update' in write ? 'update' : 'delete';
  const row = (write as Record<string, Row>)[op]!;
  const key = keyOf(row, pk);
  if (key === undefined)
    throw new SupabaseRxInputError(`optimistic: the ${op} row lacks its primary key`);
  return { op, key, row };
}

/** The mutation's row of this key (`data` a row or an array), else the written row. */
function serverRow(response: unknown, e: Entry, pk: readonly string[]): Row {
  const data = (response as { data?: unknown } | null)?.data;
  const rows = Array.isArray(data) ? data : data !== null && typeof data === 'object' ? [data] : [];
  return (rows as Row[]).find((r) => keyOf(r, pk) === e.key) ?? e.row;
}

/** The live data shows the write's outcome: the row deleted, or its server row (its columns). */
function isShown(e: Entry, shown: Map<string | undefined, Row>): boolean {
  const row = shown.get(e.key);
  if (e.op === 'delete') return row === undefined;
  if (row === undefined) return false;
  return Object.keys(row).every(
    (c) => !(c in e.server!) || JSON.stringify(row[c]) === JSON.stringify(e.server![c]),
  );
}

function overlay<R>(
  s: LiveQueryState<R>,
  entries: readonly Entry[],
  pk: readonly string[],
  rejected: OptimisticState<R>['rejected'],
): OptimisticState<R> {
  const pending = new Set<string>();
  let data = s.data as readonly Row[];
  if (entries.length > 0) {
    const rows = data.slice();
    for (const e of entries) {
      if (e.server === undefined) pending.add(e.key);
      const at = rows.findIndex((r) => keyOf(r, pk) === e.key);
      if (e.op === 'delete') {
        if (at >= 0) rows.splice(at, 1);
        continue;
      }
      const next = e.server ?? { ...(at >= 0 ? rows[at] : {}), ...e.row };
      if (at >= 0) rows[at] = next;
      else rows.push(next);
    }
    data = rows;
  }
  return {
    ...s,
    data: data as readonly R[],
    pending,
    ...(rejected !== undefined ? { rejected } : {}),
  };
}
