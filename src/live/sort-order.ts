import type { Row } from './filter-eval.js';

/** One `order` term of a query, with Postgres's default null placement filled in. */
export interface OrderTerm {
  readonly column: string;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * Parses PostgREST's `order` parameter (`year.desc.nullslast,title`). Postgres puts nulls last
 * ascending and first descending unless told otherwise.
 *
 * @example
 * ```ts
 * parseOrder('year.desc,title'); // [{ column: 'year', ascending: false, nullsFirst: true }, …]
 * ```
 */
export function parseOrder(value: string): OrderTerm[] {
  return value
    .split(',')
    .filter((t) => t !== '')
    .map((term) => {
      const parts = term.split('.');
      let ascending = true;
      let nulls: boolean | undefined;
      while (parts.length > 1) {
        const last = parts[parts.length - 1];
        if (last === 'asc' || last === 'desc') ascending = last === 'asc';
        else if (last === 'nullsfirst' || last === 'nullslast') nulls = last === 'nullsfirst';
        else break;
        parts.pop();
      }
      return { column: parts.join('.'), ascending, nullsFirst: nulls ?? !ascending };
    });
}

/**
 * Orders two column values as Postgres would for numbers, booleans and (C-collation) text:
 * numbers numerically, `false` before `true`, strings by code unit, other values by their JSON.
 * Nulls are not handled here.
 *
 * @example
 * ```ts
 * compareScalars(2, 10); // -1
 * ```
 */
export function compareScalars(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const isNull = (v: unknown) => v === null || v === undefined;

/**
 * The total order of a live view: the query's `order` terms, then the primary key columns
 * ascending, so ties are stable and every row has exactly one place.
 *
 * @example
 * ```ts
 * const cmp = rowComparator(parseOrder('year.desc'), ['id']);
 * [{ id: 2, year: 1 }, { id: 1, year: 1 }].sort(cmp); // id 1 first
 * ```
 */
export function rowComparator(
  order: readonly OrderTerm[],
  primaryKey: readonly string[],
): (a: Row, b: Row) => number {
  const keyTerms = primaryKey.map((column) => ({ column, ascending: true, nullsFirst: false }));
  const terms = [...order, ...keyTerms];
  return (a, b) => {
    for (const t of terms) {
      const va = a[t.column];
      const vb = b[t.column];
      if (isNull(va) || isNull(vb)) {
        if (isNull(va) && isNull(vb)) continue;
        return isNull(va) === t.nullsFirst ? -1 : 1;
      }
      const c = compareScalars(va, vb);
      if (c !== 0) return t.ascending ? c : -c;
    }
    return 0;
  };
}
