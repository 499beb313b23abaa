/** One minute of the chart: how many reviews were written in it, and their average stars. */
export interface Bucket {
  /** The minute's start, ms since the epoch. */
  readonly start: number;
  readonly count: number;
  /** null when the minute has no review. */
  readonly average: number | null;
}

const MINUTE = 60_000;

/**
 * The reviews written in the `minutes` minutes up to `now` (the last bucket is the current
 * minute), counted per minute, oldest first. Rows outside the window are left out.
 */
export function perMinute(
  rows: readonly { readonly stars: number; readonly created_at: string }[],
  now: number,
  minutes: number,
): Bucket[] {
  const last = Math.floor(now / MINUTE) * MINUTE;
  const first = last - (minutes - 1) * MINUTE;
  const counts = new Array<number>(minutes).fill(0);
  const stars = new Array<number>(minutes).fill(0);
  for (const row of rows) {
    const at = Date.parse(row.created_at);
    if (Number.isNaN(at) || at < first || at >= last + MINUTE) continue;
    const i = Math.floor((at - first) / MINUTE);
    counts[i]! += 1;
    stars[i]! += row.stars;
  }
  return counts.map((count, i) => ({
    start: first + i * MINUTE,
    count,
    average: count === 0 ? null : stars[i]! / count,
  }));
}
