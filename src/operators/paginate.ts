import { defer, exhaustMap, startWith, takeWhile, tap, type Observable } from 'rxjs';
import { checkPageSize, checkTrigger, toPage, type Page, type RowsResponse } from './page.js';

/** A query that can be cut into ranges: any `db.from(…).select(…)` builder. */
export interface RangeQuery<Row> {
  range(from: number, to: number): Observable<RowsResponse<Row>>;
}

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /** Rows per page, an integer ≥ 1. Keep it below the server's `max-rows` (1,000 on Supabase). */
  readonly pageSize: number;
  /** Each value asks for the next page; ignored while a page is loading (`exhaustMap`). */
  readonly next$: Observable<unknown>;
}

/**
 * Offset pages of a query: the first page on subscribe, the next one each time `next$` emits,
 * completing after the last page (`hasMore: false`). A `next$` value that arrives while a page is
 * loading is ignored, so a double click never fetches twice. Each page is `query.range(…)`
 * asking for one row more than `pageSize`, to know whether more follow. Unsubscribing aborts the
 * page in flight; a failed page errors the stream with the query's own error (`PostgrestError`).
 *
 * ```
 * next$:                    ------n-n-----n----
 * range(0,2):               a|                  (3 rows: hasMore)
 * range(2,4):                     --b|          (the second n is ignored while b loads)
 * range(4,6):                             c|    (1 row: the end)
 * paginate(q, { pageSize: 2, next$ }):
 *                           a-------b-----(c|)
 * ```
 *
 * ## Example
 * ```ts
 * import { fromEvent } from 'rxjs';
 * import { paginate } from 'supabase-rx/operators';
 *
 * paginate(db.from('movies').select('id, title').order('id'), {
 *   pageSize: 20,
 *   next$: fromEvent(moreButton, 'click'),
 * }).subscribe(({ rows, hasMore }) => render(rows, hasMore));
 * ```
 *
 * @param query The query to page through; give it an `order` so pages are stable.
 * @param options See {@link PaginateOptions}.
 * @return A cold stream of pages. Bad options error it with a `SupabaseRxInputError`.
 * @see paginateAll
 * @see keysetPaginate
 */
export function paginate<Row>(
  query: RangeQuery<Row>,
  options: PaginateOptions,
): Observable<Page<Row>> {
  return defer(() => {
    checkPageSize('paginate', options?.pageSize);
    checkTrigger('paginate', options.next$);
    const { pageSize, next$ } = options;
    let offset = 0;
    let page = 0;
    return next$.pipe(
      startWith(undefined),
      exhaustMap(() =>
        query.range(offset, offset + pageSize).pipe(
          toPage<Row>(pageSize, page, offset),
          tap((p) => {
            // Advance by the rows that came: a server that caps a page loses none.
            offset += p.rows.length;
            page += 1;
          }),
        ),
      ),
      takeWhile((p) => p.hasMore, true),
    );
  });
}
