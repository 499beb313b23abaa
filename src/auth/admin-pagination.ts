import type { UserPage } from './admin-types.js';

/**
 * Reads pagination from GoTrue's `Link` and `X-Total-Count` headers. Pure. Unlike supabase-js it
 * reads the whole page number, so pages ≥ 10 are right.
 *
 * @example
 * ```ts
 * parsePagination('<https://x/admin/users?page=12&per_page=5>; rel="next"', '100');
 * // { nextPage: 12, lastPage: 0, total: 100 }
 * ```
 */
export function parsePagination(
  link: string | null,
  totalCount: string | null,
): Pick<UserPage, 'nextPage' | 'lastPage' | 'prevPage' | 'firstPage' | 'total'> {
  const out: Pick<UserPage, 'nextPage' | 'lastPage' | 'prevPage' | 'firstPage' | 'total'> = {
    nextPage: null,
    lastPage: 0,
    total: totalCount ? parseInt(totalCount, 10) || 0 : 0,
  };
  for (const part of link ? link.split(',') : []) {
    const match = /<([^>]*)>\s*;\s*rel="?([a-z]+)"?/i.exec(part.trim());
    if (!match) continue;
    const page = /[?&]page=(\d+)/.exec(match[1]);
    if (!page) continue;
    const rel = match[2].toLowerCase();
    if (rel === 'next' || rel === 'last' || rel === 'prev' || rel === 'first') {
      (out as Record<string, unknown>)[`${rel}Page`] = parseInt(page[1], 10);
    }
  }
  return out;
}
