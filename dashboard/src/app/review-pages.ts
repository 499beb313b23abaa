import { combineLatest, map, type Observable } from 'rxjs';
import type { SupabaseClient } from 'supabase-rx';
import {
  livePages,
  optimistic,
  type LivePagesState,
  type LiveQueryState,
  type OptimisticState,
  type OptimisticView,
} from 'supabase-rx/operators';
import type { Database, Review } from './database';

/** The columns a click on a header sorts by. */
export type SortColumn = 'id' | 'stars' | 'created_at';

/** How the table is sorted and filtered; a new value restarts the live pages. */
export interface ReviewsView {
  readonly sort: SortColumn;
  readonly ascending: boolean;
  /** Only this movie's reviews, or all. */
  readonly movieId: number | null;
  /** Only reviews with at least this many stars (1: all). */
  readonly minStars: number;
}

/** What the table shows: the loaded pages with the pending writes laid over them. */
export type ReviewsState = OptimisticState<Review> & {
  readonly hasMore: boolean;
  readonly loading: boolean;
};

/** One run of the table: its state, `mutate` for optimistic edits, `more$` for the next page. */
export interface ReviewPages {
  readonly state$: Observable<ReviewsState>;
  readonly mutate: OptimisticView<Review>['mutate'];
}

/** Rows per page. */
export const PAGE_SIZE = 10;

const COLUMNS = 'id, movie_id, stars, body, created_at';

/**
 * The reviews as `livePages` in `view`'s keyset order (ties by id), its filters as query
 * filters, with `optimistic` over it for star edits. `next$` asks for the next page.
 */
export function reviewPages(
  client: SupabaseClient<Database>,
  view: ReviewsView,
  next$: Observable<void>,
): ReviewPages {
  let query = client.from('reviews').select(COLUMNS);
  if (view.movieId !== null) query = query.eq('movie_id', view.movieId);
  if (view.minStars > 1) query = query.gte('stars', view.minStars);
  const pages$ = livePages(query, {
    realtime: client,
    orderBy: view.sort,
    key: 'id',
    ascending: view.ascending,
    pageSize: PAGE_SIZE,
    next$,
  }) as Observable<LivePagesState<Review>>;
  // optimistic() lays writes over a liveQuery's state: the pages are one, with `rows` as `data`.
  const asLive = pages$.pipe(
    map((s): LiveQueryState<Review> => ({
      data: s.rows,
      status: s.status,
      error: s.error,
      mode: 'incremental',
      capped: false,
    })),
  );
  const edits = optimistic(asLive, { primaryKey: 'id' });
  const state$ = combineLatest([edits.state$, pages$]).pipe(
    map(([shown, pages]): ReviewsState => ({
      ...shown,
      hasMore: pages.hasMore,
      loading: pages.loading,
    })),
  );
  return { state$, mutate: (mutation, write) => edits.mutate(mutation, write) };
}
