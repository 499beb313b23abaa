import { rangeError } from './errors.js';

/**
 * Parses a `Range: 0-9` request header (optionally `items=0-9`). A malformed header is ignored,
 * as PostgREST does; a lower bound above the upper one is PostgREST's 416.
 *
 * @example
 * parseRangeHeader('0-9'); // { from: 0, to: 9 }
 */
export function parseRangeHeader(
  header: string | null | undefined,
): { from: number; to?: number } | undefined {
  if (!header) return undefined;
  const m = /^\s*(?:items=)?(\d+)-(\d*)\s*$/.exec(header);
  if (!m) return undefined;
  const from = Number(m[1]);
  if (m[2] === '') return { from };
  const to = Number(m[2]);
  if (from > to) {
    throw rangeError(
      'The lower boundary must be lower than or equal to the upper boundary in the Range header.',
    );
  }
  return { from, to };
}
