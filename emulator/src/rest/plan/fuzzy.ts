/** Levenshtein distance (insert, delete, substitute all cost 1). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate most similar to `word` (similarity = 1 − edit distance / longer length, case
 * insensitive), if at least `minScore`. Used for PostgREST's "Perhaps you meant …" hints.
 *
 * @example
 * closest(['movies', 'people'], 'movie', 0.75); // 'movies'
 */
export function closest(
  candidates: Iterable<string>,
  word: string,
  minScore: number,
): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const l = c.toLowerCase();
    const score = 1 - distance(l, w) / Math.max(l.length, w.length, 1);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore >= minScore ? best : undefined;
}
