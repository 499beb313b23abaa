import { literal, type KeysetOrder } from '../operators/keyset-cursor.js';

/**
 * The `or` filter (without its parentheses) that keeps the rows at or before the cursor
 * `(value, keyValue)` in the order `(orderBy, key)`: the loaded range of {@link livePages}, the
 * complement of `keysetFilter`'s "after the cursor".
 *
 * @example
 * ```ts
 * upToFilter({ orderBy: 'year', key: 'id', ascending: true, nullsFirst: false }, 1999, 7);
 * // 'year.lt.1999,and(year.eq.1999,id.lte.7)'
 * ```
 */
export function upToFilter(order: KeysetOrder, value: unknown, keyValue: unknown): string {
  const { orderBy, key, ascending, nullsFirst } = order;
  const op = ascending ? 'lt' : 'gt';
  const opEq = ascending ? 'lte' : 'gte';
  const k = literal(keyValue);
  if (orderBy === key) return `${key}.${opEq}.${k}`;
  if (value === null || value === undefined) {
    // In the nulls: the nulls up to the key, and (nulls last) every non-null row before them.
    const terms = [`and(${orderBy}.is.null,${key}.${opEq}.${k})`];
    if (!nullsFirst) terms.push(`${orderBy}.not.is.null`);
    return terms.join(',');
  }
  const v = literal(value);
  const terms = [`${orderBy}.${op}.${v}`, `and(${orderBy}.eq.${v},${key}.${opEq}.${k})`];
  if (nullsFirst) terms.push(`${orderBy}.is.null`);
  return terms.join(',');
}
