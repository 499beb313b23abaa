import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import { optimistic } from 'supabase-rx/operators';
import type { Review } from './database';
import { SupabaseService } from './supabase.service';

/**
 * The reviews, kept true by `query.live()`: rows others insert, edit or delete show at once. Star
 * edits are optimistic: shown at once, rolled back with a message when RLS refuses them (only a
 * review's author may edit it).
 */
@Component({
  selector: 'app-reviews-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
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
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>movie</th>
          <th>stars</th>
          <th>review</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        @for (row of state().data; track row.id) {
          <tr data-testid="review-row" [class.pending]="state().pending.has(key(row))">
            <td>{{ row.id }}</td>
            <td>{{ title(row.movie_id) }}</td>
            <td>
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
            <td><button type="button" (click)="remove(row)">delete</button></td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class ReviewsTableComponent {
  readonly #client = inject(SupabaseService).client;
  readonly writeError = signal('');

  // Titles once: an embed (movies(title)) would put the live query in refetch mode.
  readonly movies = toSignal(
    this.#client
      .from('movies')
      .select('id, title')
      .order('id')
      .pipe(map(({ data }) => data)),
    { initialValue: [] },
  );

  readonly #reviews = optimistic(
    this.#client
      .from('reviews')
      .select('id, movie_id, stars, body')
      .order('id', { ascending: false })
      .live({ realtime: this.#client, primaryKey: 'id' }),
    { primaryKey: 'id' },
  );

  readonly state = toSignal(this.#reviews.state$, {
    initialValue: {
      data: [] as readonly Review[],
      status: 'connecting' as const,
      mode: 'incremental' as const,
      capped: false,
      error: undefined as unknown,
      pending: new Set<string>(),
    },
  });

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
      .select('id, movie_id, stars, body');
    this.writeError.set('');
    this.#reviews.mutate(update, { update: { id: row.id, stars } }).subscribe({
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
