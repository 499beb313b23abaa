import { describe, expect, it } from 'vitest';
import { perMinute } from '../../dashboard/src/app/review-buckets.js';

const at = (iso: string) => Date.parse(iso);

describe("the dashboard chart's buckets (perMinute)", () => {
  it('counts rows per minute up to the current one, with their average stars, oldest first', () => {
    const rows = [
      { stars: 5, created_at: '2026-01-01T10:02:59.999Z' },
      { stars: 2, created_at: '2026-01-01T10:02:00.000Z' },
      { stars: 4, created_at: '2026-01-01T10:00:30+00:00' },
    ];
    expect(perMinute(rows, at('2026-01-01T10:02:10Z'), 3)).toEqual([
      { start: at('2026-01-01T10:00:00Z'), count: 1, average: 4 },
      { start: at('2026-01-01T10:01:00Z'), count: 0, average: null },
      { start: at('2026-01-01T10:02:00Z'), count: 2, average: 3.5 },
    ]);
  });

  it('leaves out rows before the window, after the current minute, and unreadable times', () => {
    const rows = [
      { stars: 1, created_at: '2026-01-01T09:59:59.999Z' },
      { stars: 1, created_at: '2026-01-01T10:03:00.000Z' },
      { stars: 1, created_at: 'yesterday' },
    ];
    const buckets = perMinute(rows, at('2026-01-01T10:02:10Z'), 3);
    expect(buckets.map((b) => b.count)).toEqual([0, 0, 0]);
  });
});
