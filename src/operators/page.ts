import { isObservable, map, type Observable } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/** One page of rows, as {@link paginate}, {@link paginateAll} and {@link keysetPaginate} emit it. */
export interface Page<Row> {
  /** The rows of this page: at most `pageSize`. */
  readonly rows: Row[];
  /** The 0-based index of this page. */
  readonly page: number;
  /** Whether a further page exists (the SDK asks for one row more than `pageSize` to know). */
  readonly hasMore: boolean;
  /** The total the server sent, when the query asked for one (`select('*', { count: 'exact' })`). */
  readonly count?: number;
}

/** What the paging operators read of a query's responses: its rows and its count. */
export interface RowsResponse<Row> {
  data: Row[] | null;
  count: number | null;
}

/**
 * Throws a `SupabaseRxInputError` unless `pageSize` is an integer ≥ 1 (callers turn it into an
 * error of the stream).
 */
export function checkPageSize(name: string, pageSize: unknown): void {
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1) {
    throw new SupabaseRxInputError(
      `${name}(): pageSize must be an integer ≥ 1, got ${String(pageSize)}`,
    );
  }
}

/** Throws a `SupabaseRxInputError` unless `next$` is an Observable. */
export function checkTrigger(name: string, next$: unknown): void {
  if (!isObservable(next$)) {
    throw new SupabaseRxInputError(`${name}(): next$ must be an Observable`);
  }
}

/**
 * Maps a response asked for `pageSize + 1` rows to a {@link Page}: the extra row, when it came,
 * only says `hasMore`. A count that says more rows exist also sets `hasMore`, so a server that
 * caps a page below what was asked (PostgREST `max-rows`) still reports the rest.
 */
export function toPage<Row>(
  pageSize: number,
  page: number,
  offset: number,
): (source: Observable<RowsResponse<Row>>) => Observable<Page<Row>> {
  return (source) =>
    source.pipe(
      map((response) => {
        const data = response.data;
        if (data !== null && !Array.isArray(data)) {
          throw new SupabaseRxInputError(
            'paging operators need a query that returns an array of rows',
          );
        }
        const all = data ?? [];
        const rows = all.slice(0, pageSize);
        const counted = response.count ?? null;
        const hasMore =
          all.length > pageSize ||
          (counted !== null && rows.length > 0 && offset + rows.length < counted);
        return counted === null ? { rows, page, hasMore } : { rows, page, hasMore, count: counted };
      }),
    );
}
