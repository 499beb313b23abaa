import { defer, EMPTY, expand, type Observable } from 'rxjs';
import { checkPageSize, toPage, type Page } from './page.js';
import type { RangeQuery } from './paginate.js';

/** Options of {@link paginateAll}. */
export interface PaginateAllOptions {
  /** Rows per page, an integer ≥ 1. Keep it below the server's `max-rows` (1,000 on Supabase). */
  readonly pageSize: number;
}

/**
 * Walks every offset page of a query, one request after the other, and completes after the
 * last: an export, a full download. Each page is `query.range(…)` asking for one row more than
 * `pageSize`; a failed page errors the stream with the query's own error.
 *
 * ```
 * range(0,2):   -a|           (3 rows)
 * range(2,4):    -b|          (3 rows)
 * range(4,6):     -c|         (2 rows: the end)
 * paginateAll(q, { pageSize: 2 }):
 *               -abc|
 * ```
 *
 * ## Example
 * ```ts
 * import { map, reduce } from 'rxjs';
 * import { paginateAll } from 'supabase-rx/operators';
 *
 * paginateAll(db.from('movies').select('id, title').order('id'), { pageSize: 500 })
 *   .pipe(reduce((all, page) => all.concat(page.rows), [] as { id: number; title: string }[]))
 *   .subscribe((rows) => download(rows));
 * ```
 *
 * @param query The query to walk; give it an `order` so pages are stable.
 * @param options See {@link PaginateAllOptions}.
 * @return A cold stream of every page, completing after the last. Bad options error it with a
 * `SupabaseRxInputError`.
 * @see paginate
 */
export function paginateAll<Row>(
  query: RangeQuery<Row>,
  options: PaginateAllOptions,
): Observable<Page<Row>> {
  return defer(() => {
    checkPageSize('paginateAll', options?.pageSize);
    const { pageSize } = options;
    const fetch = (page: number, offset: number) =>
      query.range(offset, offset + pageSize).pipe(toPage<Row>(pageSize, page, offset));
    let offset = 0;
    return fetch(0, 0).pipe(
      expand((p) => {
        offset += p.rows.length;
        return p.hasMore ? fetch(p.page + 1, offset) : EMPTY;
      }),
    );
  });
}
