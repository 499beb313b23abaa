import { defer, exhaustMap, startWith, takeWhile, tap, type Observable } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { checkColumn, keysetFilter, type KeysetOrder } from './keyset-cursor.js';
import { checkPageSize, checkTrigger, toPage, type Page, type RowsResponse } from './page.js';

/** A query that can be ordered, limited and filtered: any `db.from(…).select(…)` builder. */
export interface KeysetQuery<Row> extends Observable<RowsResponse<Row>> {
  order(column: string, options?: { ascending?: boolean; nullsFirst?: boolean }): KeysetQuery<Row>;
  limit(count: number): KeysetQuery<Row>;
  or(filters: string): KeysetQuery<Row>;
}

/** Options of {@link keysetPaginate}. */
export interface KeysetPaginateOptions {
  /** The column the pages are ordered by (required; may be `key` itself). */
  readonly orderBy: string;
  /** A unique, not-null column (the primary key) breaking ties of `orderBy`. */
  readonly key: string;
  /** Ascending (default `true`) or descending, for both columns. */
  readonly ascending?: boolean;
  /** Where `null`s of `orderBy` go. Default: as Postgres, last when ascending, first when not. */
  readonly nullsFirst?: boolean;
  /** Rows per page, an integer ≥ 1. */
  readonly pageSize: number;
  /** Each value asks for the next page; ignored while a page is loading (`exhaustMap`). */
  readonly next$: Observable<unknown>;
}

function checkOptions(query: unknown, options: KeysetPaginateOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new SupabaseRxInputError(
      'keysetPaginate(): options { orderBy, key, pageSize, next$ } are required',
    );
  }
  checkColumn('keysetPaginate', 'orderBy', options.orderBy);
  checkColumn('keysetPaginate', 'key', options.key);
  checkPageSize('keysetPaginate', options.pageSize);
  checkTrigger('keysetPaginate', options.next$);
  const params = (query as { state?: { params?: readonly (readonly [string, string])[] } }).state
    ?.params;
  if (params?.some(([name]) => name === 'order' || name === 'limit')) {
    throw new SupabaseRxInputError(
      'keysetPaginate(): the query must not have its own order() or limit(); give orderBy and pageSize instead',
    );
  }
}

function cursorOf(row: unknown, order: KeysetOrder): [unknown, unknown] {
  const record = row as Record<string, unknown>;
  for (const column of [order.orderBy, order.key]) {
    if (record === null || typeof record !== 'object' || !(column in record)) {
      throw new SupabaseRxInputError(
        `keysetPaginate(): the rows lack column "${column}"; select it`,
      );
    }
  }
  return [record[order.orderBy], record[order.key]];
}

/**
 * Cursor pages of a query, ordered by `(orderBy, key)`: each page asks for the rows after the
 * last row seen (a PostgREST `or` filter on both columns) instead of an offset, so rows inserted
 * or deleted meanwhile never make a later page skip or repeat a row. The first page comes on
 * subscribe, the next each time `next$` emits (ignored while a page loads, `exhaustMap`), and the
 * stream completes after the last page. A row whose `orderBy` value is updated across the cursor
 * may be seen twice or not at all.
 *
 * ```
 * next$:        -----n-----n--
 * page 1:       a|                  (first 2 rows, and a third: hasMore)
 * page 2:            -b|            (the rows after a's last row)
 * page 3:                  (c|)     (fewer than 3 rows: the end)
 * keysetPaginate(q, { orderBy: 'created_at', key: 'id', pageSize: 2, next$ }):
 *               a-----b----(c|)
 * ```
 *
 * ## Example
 * ```ts
 * import { fromEvent } from 'rxjs';
 * import { keysetPaginate } from 'supabase-rx/operators';
 *
 * keysetPaginate(db.from('messages').select('id, created_at, body'), {
 *   orderBy: 'created_at',
 *   key: 'id',
 *   ascending: false,
 *   pageSize: 50,
 *   next$: fromEvent(olderButton, 'click'),
 * }).subscribe(({ rows }) => append(rows));
 * ```
 *
 * @param query The query without `order()` / `limit()`; it must select `orderBy` and `key`.
 * @param options See {@link KeysetPaginateOptions}.
 * @return A cold stream of pages. Bad options, or rows without the cursor columns, error it with
 * a `SupabaseRxInputError`; a failed page errors it with the query's own error.
 * @see paginate
 */
export function keysetPaginate<Row>(
  query: KeysetQuery<Row>,
  options: KeysetPaginateOptions,
): Observable<Page<Row>> {
  return defer(() => {
    checkOptions(query, options);
    const { orderBy, key, ascending = true, pageSize, next$ } = options;
    const order: KeysetOrder = {
      orderBy,
      key,
      ascending,
      nullsFirst: options.nullsFirst ?? !ascending,
    };
    let cursor: [unknown, unknown] | null = null;
    let page = 0;
    const pageQuery = (): KeysetQuery<Row> => {
      let q = cursor === null ? query : query.or(keysetFilter(order, cursor[0], cursor[1]));
      q = q.order(orderBy, { ascending, nullsFirst: order.nullsFirst });
      if (key !== orderBy) q = q.order(key, { ascending });
      return q.limit(pageSize + 1);
    };
    return next$.pipe(
      startWith(undefined),
      exhaustMap(() =>
        pageQuery().pipe(
          toPage<Row>(pageSize, page, 0),
          tap((p) => {
            const last = p.rows[p.rows.length - 1];
            if (last !== undefined) cursor = cursorOf(last, order);
            page += 1;
          }),
        ),
      ),
      takeWhile((p) => p.hasMore, true),
    );
  });
}
