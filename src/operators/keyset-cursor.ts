import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/** The order a keyset walk follows: `orderBy`, then the unique `key` to break ties. */
export interface KeysetOrder {
  readonly orderBy: string;
  readonly key: string;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Throws a `SupabaseRxInputError` unless `column` is a plain column name. */
export function checkColumn(name: string, option: string, column: unknown): void {
  if (typeof column !== 'string' || !IDENTIFIER.test(column)) {
    throw new SupabaseRxInputError(
      `${name}(): ${option} must be a plain column name, got ${JSON.stringify(column) ?? String(column)}`,
    );
  }
}

/**
 * A value as an operand of a PostgREST logic tree: numbers and booleans bare, strings always
 * double-quoted (backslash before `"` and `\`), so `,` `(` `)` `.` in them are data.
 *
 * @example
 * ```ts
 * literal('a,b'); // '"a,b"'
 * literal(42); // '42'
 * ```
 */
export function literal(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
  throw new SupabaseRxInputError(
    `keysetPaginate(): cannot use ${JSON.stringify(value) ?? String(value)} as a cursor (a number, string or boolean is needed)`,
  );
}

/**
 * The `or` filter (without its parentheses) that keeps the rows after the cursor
 * `(value, keyValue)` in the order `(orderBy, key)`, nulls where `nullsFirst` puts them.
 *
 * @example
 * ```ts
 * keysetFilter({ orderBy: 'year', key: 'id', ascending: true, nullsFirst: false }, 1999, 7);
 * // 'year.gt.1999,and(year.eq.1999,id.gt.7),year.is.null'
 * ```
 */
export function keysetFilter(order: KeysetOrder, value: unknown, keyValue: unknown): string {
  const { orderBy, key, ascending, nullsFirst } = order;
  const op = ascending ? 'gt' : 'lt';
  if (keyValue === null || keyValue === undefined) {
    throw new SupabaseRxInputError(
      `keysetPaginate(): key column "${key}" is null in a row; it must be unique and not null`,
    );
  }
  const k = literal(keyValue);
  if (orderBy === key) return `${key}.${op}.${k}`;
  if (value === null) {
    // Among the nulls, only the key orders; past them (nulls first) every non-null row remains.
    const terms = [`and(${orderBy}.is.null,${key}.${op}.${k})`];
    if (nullsFirst) terms.push(`${orderBy}.not.is.null`);
    return terms.join(',');
  }
  const v = literal(value);
  const terms = [`${orderBy}.${op}.${v}`, `and(${orderBy}.eq.${v},${key}.${op}.${k})`];
  if (!nullsFirst) terms.push(`${orderBy}.is.null`);
  return terms.join(',');
}
