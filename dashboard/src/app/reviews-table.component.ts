import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { map, Subject, switchMap, tap, type Observable } from 'rxjs';
import type { Review } from './database';
import {
  reviewPages,
  type ReviewPages,
  type ReviewsState,
  type ReviewsView,
  type SortColumn,
} from './review-pages';
import { SupabaseService } from './supabase.service';

const FIRST: ReviewsState = {
  data: [],
  status: 'connecting',
  mode: 'incremental',
  capped: false,
  pending: new Set<string>(),
  hasMore: false,
  loading: true,
};

/**
 * The reviews, in pages kept true by `livePages`: rows others insert, edit or delete show, move
 * and vanish at once. A header click sorts (a new keyset order: the pages start again), the
 * selects filter (query filters), "load more" fetches the next page. Star edits are optimistic:
 * shown at once, rolled back with a message when RLS refuses them (only a review's author may
 * edit it).
 */
@Component({
  selector: 'app-reviews-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <h2>
      Reviews
      <span class="status" [class.live]="state().status === 'live'" data-testid="live-status">{{
        state().status
      }}</span>
    </h2>
    @if (state().status === 'error') {
      <p class="error">{{ errorText() }}</p>
    }
    <form (submit)="add($event, movie.value, stars.value, body)">
      <select #movie name="movie">
        @for (movie of movies(); track movie.id) {
          <option [value]="movie.id">{{ movie.title }}</option>
        }
      </select>
      <select #stars name="stars">
        @for (n of [5, 4, 3, 2, 1]; track n) {
          <option [value]="n">{{ n }} ★</option>
        }
      </select>
      <input #body name="body" placeholder="your review" required />
      <button type="submit">Add review</button>
    </form>
    @if (writeError(); as error) {
      <p class="error" data-testid="write-error">{{ error }}</p>
    }
    <div class="filters">
      <label
        >movie
        <select
          name="filter-movie"
          (change)="
            filter({
              movieId: $any($event.target).value === '' ? null : +$any($event.target).value,
            })
          "
        >
          <option value="">all</option>
          @for (movie of movies(); track movie.id) {
            <option [value]="movie.id">{{ movie.title }}</option>
          }
        </select></label
      >
      <label
        >at least
        <select name="filter-stars" (change)="filter({ minStars: +$any($event.target).value })">
          @for (n of [1, 2, 3, 4, 5]; track n) {
            <option [value]="n">{{ n }} ★</option>
          }
        </select></label
      >
      <span data-testid="sort-order"
        >{{ view().sort }} {{ view().ascending ? 'asc' : 'desc' }}</span
      >
    </div>
    <table>
      <thead>
        <tr>
          <th>
            <button type="button" class="sort" data-testid="sort-id" (click)="sortBy('id')">
              #{{ arrow('id') }}
            </button>
          </th>
          <th>movie</th>
          <th>
            <button type="button" class="sort" data-testid="sort-stars" (click)="sortBy('stars')">
              stars{{ arrow('stars') }}
            </button>
          </th>
          <th>review</th>
          <th>
            <button
              type="button"
              class="sort"
              data-testid="sort-created_at"
              (click)="sortBy('created_at')"
            >
              written{{ arrow('created_at') }}
            </button>
          </th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        @for (row of state().data; track row.id) {
          <tr
            data-testid="review-row"
            [attr.data-id]="row.id"
            [attr.data-stars]="row.stars"
            [attr.data-movie]="row.movie_id"
            [attr.data-created]="row.created_at"
            [class.pending]="state().pending.has(key(row))"
          >
            <td>{{ row.id }}</td>
            <td>{{ title(row.movie_id) }}</td>
            <td class="stars">
              <span data-testid="stars">{{ row.stars }}</span>
              <button
                type="button"
                title="one star more"
                (click)="star(row, 1)"
                [disabled]="row.stars >= 5"
              >
                +
              </button>
              <button
                type="button"
                title="one star less"
                (click)="star(row, -1)"
                [disabled]="row.stars <= 1"
              >
                −
              </button>
            </td>
            <td>{{ row.body }}</td>
            <td>
              <small>{{ row.created_at | date: 'HH:mm:ss' }}</small>
            </td>
            <td><button type="button" (click)="remove(row)">delete</button></td>
          </tr>
        }
      </tbody>
    </table>
    <p class="more">
      <span data-testid="row-count">{{ state().data.length }} rows</span>
      <button
        type="button"
        data-testid="load-more"
        (click)="more()"
        [disabled]="!state().hasMore || state().loading || state().status !== 'live'"
      >
        {{ state().loading ? 'loading …' : state().hasMore ? 'load more' : 'all loaded' }}
      </button>
    </p>
  `,
  styles: `
    .filters {
      display: flex;
      gap: 0.75rem;
      align-items: center;
      margin: 0.5rem 0;
    }
    button.sort {
      border: none;
      background: none;
      font-weight: bold;
      cursor: pointer;
      padding: 0;
    }
    td.stars {
      white-space: nowrap;
    }
    .more {
      display: flex;
      gap: 0.75rem;
      align-items: center;
    }
  `,
})
export class ReviewsTableComponent {
  readonly #client = inject(SupabaseService).client;
  readonly writeError = signal('');

  // Titles once: livePages cannot keep an embed (movies(title)) true on the client.
  readonly movies = toSignal(
    this.#client
      .from('movies')
      .select('id, title')
      .order('id')
      .pipe(map(({ data }) => data)),
    { initialValue: [] },
  );

  readonly view = signal<ReviewsView>({
    sort: 'created_at',
    ascending: false,
    movieId: null,
    minStars: 1,
  });
  readonly #next = new Subject<void>();
  /** The current run: sorting or filtering replaces it (and its channel). */
  #pages: ReviewPages | undefined;

  readonly state = toSignal(
    toObservable(this.view).pipe(
      map((view) => reviewPages(this.#client, view, this.#next)),
      tap((pages) => (this.#pages = pages)),
      switchMap((pages) => pages.state$),
    ),
    { initialValue: FIRST },
  );

  /** A header click: that column descending, or the other way round if it is already the sort. */
  sortBy(column: SortColumn): void {
    this.view.update((v) => ({
      ...v,
      sort: column,
      ascending: v.sort === column ? !v.ascending : false,
    }));
  }

  arrow(column: SortColumn): string {
    const v = this.view();
    return v.sort !== column ? '' : v.ascending ? ' ▲' : ' ▼';
  }

  filter(change: Partial<Pick<ReviewsView, 'movieId' | 'minStars'>>): void {
    this.view.update((v) => ({ ...v, ...change }));
  }

  more(): void {
    this.#next.next();
  }

  key(row: Review): string {
    return JSON.stringify(row.id);
  }

  errorText(): string {
    const error = this.state().error;
    return error instanceof Error ? error.message : String(error);
  }

  title(movieId: number): string {
    return this.movies().find((m) => m.id === movieId)?.title ?? `movie ${movieId}`;
  }

  add(event: Event, movie: string, stars: string, body: HTMLInputElement): void {
    event.preventDefault();
    const row = { movie_id: Number(movie), stars: Number(stars), body: body.value };
    this.#write(this.#client.from('reviews').insert(row), () => (body.value = ''));
  }

  star(row: Review, by: number): void {
    const stars = row.stars + by;
    const update = this.#client
      .from('reviews')
      .update({ stars })
      .eq('id', row.id)
      .select('id, movie_id, stars, body, created_at');
    this.writeError.set('');
    if (!this.#pages) return;
    this.#pages.mutate(update, { update: { id: row.id, stars } }).subscribe({
      error: (e: unknown) =>
        this.writeError.set(
          `Review ${row.id}: the edit was refused and rolled back (${e instanceof Error ? e.message : String(e)})`,
        ),
    });
  }

  remove(row: Review): void {
    // RLS makes a refused delete match no row, not an error: the selected rows tell.
    this.#write(this.#client.from('reviews').delete().eq('id', row.id).select('id'), ({ data }) => {
      if (data.length === 0) {
        this.writeError.set(`Review ${row.id}: not deleted (only its author may delete it)`);
      }
    });
  }

  #write<T>(request: Observable<T>, done?: (response: T) => void): void {
    this.writeError.set('');
    request.subscribe({
      next: (response) => done?.(response),
      error: (e: unknown) => this.writeError.set(e instanceof Error ? e.message : String(e)),
    });
  }
}
