import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { interval, map, startWith } from 'rxjs';
import { perMinute, type Bucket } from './review-buckets';
import { SupabaseService } from './supabase.service';

const MINUTES = 60;
const WIDTH = 360;
const HEIGHT = 90;
const BAR = WIDTH / MINUTES;

/**
 * Reviews per minute over the last hour (bars) and their average stars (a line, 0–5), drawn in
 * SVG from a live query: a review written in another tab raises the current minute's bar.
 */
@Component({
  selector: 'app-reviews-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>
      Reviews per minute, last hour
      <span class="status" [class.live]="live().status === 'live'" data-testid="chart-status">{{
        live().status
      }}</span>
    </h2>
    <svg
      data-testid="chart"
      [attr.viewBox]="'0 0 ' + width + ' ' + (height + 14)"
      [attr.data-total]="total()"
      role="img"
      aria-label="reviews per minute"
    >
      <line x1="0" [attr.y1]="height" [attr.x2]="width" [attr.y2]="height" class="axis" />
      @for (b of buckets(); track b.start; let i = $index) {
        <rect
          data-testid="chart-bar"
          [attr.data-count]="b.count"
          [attr.x]="i * bar + 0.5"
          [attr.width]="bar - 1"
          [attr.y]="height - barHeight(b)"
          [attr.height]="barHeight(b)"
        >
          <title>{{ b.count }} at {{ clock(b.start) }}</title>
        </rect>
      }
      <polyline class="average" [attr.points]="line()" />
      <text x="0" [attr.y]="height + 12">{{ clock(buckets()[0]!.start) }}</text>
      <text [attr.x]="width" [attr.y]="height + 12" text-anchor="end">now</text>
    </svg>
    <p>
      <span data-testid="chart-total">{{ total() }}</span> reviews in the last hour;
      <span data-testid="chart-now">{{ buckets().at(-1)!.count }}</span> this minute; average
      <span data-testid="chart-average">{{ average() }}</span> ★ (the line).
    </p>
  `,
  styles: `
    svg {
      width: 100%;
      max-width: 720px;
      display: block;
    }
    rect {
      fill: #6b8afd;
    }
    .axis {
      stroke: #9aa3ad;
    }
    .average {
      fill: none;
      stroke: #e8590c;
      stroke-width: 1.5;
    }
    text {
      font-size: 9px;
      fill: #6b7280;
    }
  `,
})
export class ReviewsChartComponent {
  readonly #client = inject(SupabaseService).client;
  readonly width = WIDTH;
  readonly height = HEIGHT;
  readonly bar = BAR;

  readonly live = toSignal(
    this.#client
      .from('reviews')
      .select('id, stars, created_at')
      .order('id')
      .live({ realtime: this.#client, primaryKey: 'id' }),
    {
      initialValue: {
        data: [],
        status: 'connecting' as const,
        mode: 'incremental' as const,
        capped: false,
      },
    },
  );
  /** The clock, so the window moves on when nothing is written. */
  readonly #now = toSignal(
    interval(15_000).pipe(
      startWith(0),
      map(() => Date.now()),
    ),
    { initialValue: Date.now() },
  );

  readonly buckets = computed(() => perMinute(this.live().data, this.#now(), MINUTES));
  readonly total = computed(() => this.buckets().reduce((n, b) => n + b.count, 0));
  readonly #max = computed(() => Math.max(1, ...this.buckets().map((b) => b.count)));
  readonly average = computed(() => {
    const rated = this.buckets().filter((b) => b.average !== null);
    const stars = rated.reduce((n, b) => n + b.average! * b.count, 0);
    return this.total() === 0 ? '–' : (stars / this.total()).toFixed(2);
  });
  readonly line = computed(() =>
    this.buckets()
      .map((b, i) =>
        b.average === null
          ? null
          : `${(i + 0.5) * BAR},${(HEIGHT - (b.average / 5) * HEIGHT).toFixed(1)}`,
      )
      .filter((p) => p !== null)
      .join(' '),
  );

  barHeight(b: Bucket): number {
    return (b.count / this.#max()) * (HEIGHT - 4);
  }

  clock(ms: number): string {
    return new Date(ms).toTimeString().slice(0, 5);
  }
}
