import type { ParsedRequest } from '../ast.js';

/** The rows a read returns at the root: skip `offset`, then at most `limit` (none = all). */
export interface RootRange {
  offset: number;
  limit?: number;
}

/**
 * Combines the root `limit`/`offset` parameters, the `Range` header (their intersection, as
 * PostgREST computes it) and the `db-max-rows` cap.
 *
 * @example
 * rootRange(parsed, 1000); // { offset: 0, limit: 1000 } when nothing was asked
 */
export function rootRange(parsed: ParsedRequest, maxRows: number | undefined): RootRange {
  const q = parsed.read.ranges.find((r) => r.path.length === 0);
  let lower = q?.offset ?? 0;
  let upper = q?.limit !== undefined ? lower + q.limit - 1 : Infinity;
  const h = parsed.rangeHeader;
  if (h) {
    lower = Math.max(lower, h.from);
    upper = Math.min(upper, h.to ?? Infinity);
  }
  if (maxRows !== undefined && maxRows > 0) upper = Math.min(upper, lower + maxRows - 1);
  return upper === Infinity
    ? { offset: lower }
    : { offset: lower, limit: Math.max(0, upper - lower + 1) };
}

/**
 * PostgREST's `Content-Range` value: `first-last/total`, `*` for an empty page, `*` as the
 * total when no count was asked for.
 *
 * @example
 * contentRange(0, 10, undefined); // '0-9/*'
 * contentRange(0, 0, 0); // '*∕0'
 */
export function contentRange(offset: number, pageTotal: number, total: number | undefined): string {
  const upper = offset + pageTotal - 1;
  const range = total !== 0 && offset <= upper ? `${offset}-${upper}` : '*';
  return `${range}/${total === undefined ? '*' : total}`;
}

/**
 * The status of a read with a known total: 416 past the end, 206 for a partial page, else 200.
 *
 * @example
 * rangeStatus(0, 10, 25); // 206
 */
export function rangeStatus(offset: number, pageTotal: number, total: number | undefined): number {
  if (total === undefined) return 200;
  if (offset > total) return 416;
  return pageTotal < total ? 206 : 200;
}
