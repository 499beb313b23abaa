import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { encodeInList } from './filter-values.js';
import { appendParam } from './state.js';
import { PostgrestTransformBuilder } from './transform-builder.js';
import type { GenericSchema } from './types.js';

/** A column of `Row`, or any string (embedded columns `cities.name`, JSON paths `data->a`). */
/**
 * A column name a filter or `order()` takes on rows of type `Row`: one of its columns, a JSON
 * path into one (`data->a->>b`), or `table.column` of an embedded table. Any string on an
 * untyped client. A misspelt column is a compile error.
 */
export type ColumnOf<Row> = string extends keyof Row
  ? string
  : (string & keyof Row) | `${string & keyof Row}->${string}` | `${string}.${string}`;

/** The value type a filter on `Column` takes: the column's type when known. */
export type FilterValue<Row, Column extends string> = Column extends keyof Row
  ? Row[Column]
  : Column extends `${string}->>${string}`
    ? string
    : unknown;

/** The list of patterns of `likeAllOf` …: `{p1,p2}`. */
function encodePatterns(patterns: readonly string[], method: string): string {
  if (!Array.isArray(patterns)) {
    throw new SupabaseRxInputError(`${method}(): expected an array, got ${typeof patterns}`);
  }
  return `{${patterns.join(',')}}`;
}

/**
 * A filter that sends `column=<operator>.<value>`: its operator, and how its value is encoded
 * (by default as text).
 */
export type FilterSpec =
  string | readonly [operator: string, encode: (value: any, method: string) => string];

// The comparison filters by method name. They are the same one-line method many times over, so
// they are installed from this table (smaller in a bundle); their types and docs are in the
// interface below.
const COMPARISON_FILTERS: Record<string, FilterSpec> = {
  eq: 'eq',
  neq: 'neq',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  like: 'like',
  ilike: 'ilike',
  likeAllOf: ['like(all)', encodePatterns],
  likeAnyOf: ['like(any)', encodePatterns],
  ilikeAllOf: ['ilike(all)', encodePatterns],
  ilikeAnyOf: ['ilike(any)', encodePatterns],
  regexMatch: 'match',
  regexIMatch: 'imatch',
  is: 'is',
  isDistinct: 'isdistinct',
  in: ['in', encodeInList],
  notIn: ['not.in', encodeInList],
};

// The methods installed from the table above, declared here (declaration merging with the
// class, whose type parameters an interface must repeat even where it does not use them).
/* eslint-disable @typescript-eslint/no-unused-vars */
export interface PostgrestComparisonFilterBuilder<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  Result,
  Method = unknown,
  RelationName = unknown,
> {
  /* eslint-enable @typescript-eslint/no-unused-vars */
  /**
   * Column equals value (`column=eq.value`).
   * @example
   * ```ts
   * db.from('movies').select().eq('title', 'Heat');
   * ```
   */
  eq<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Column differs from value (`neq.`).
   * @example
   * ```ts
   * db.from('movies').select().neq('year', 1999);
   * ```
   */
  neq<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Column greater than value (`gt.`).
   * @example
   * ```ts
   * db.from('movies').select().gt('year', 1999);
   * ```
   */
  gt<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Column greater than or equal to value (`gte.`).
   * @example
   * ```ts
   * db.from('movies').select().gte('year', 1999);
   * ```
   */
  gte<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Column less than value (`lt.`).
   * @example
   * ```ts
   * db.from('movies').select().lt('year', 1999);
   * ```
   */
  lt<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Column less than or equal to value (`lte.`).
   * @example
   * ```ts
   * db.from('movies').select().lte('year', 1999);
   * ```
   */
  lte<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Case-sensitive `LIKE` (`%` is the wildcard).
   * @example
   * ```ts
   * db.from('movies').select().like('title', '%Heat%');
   * ```
   */
  like(column: ColumnOf<Row>, pattern: string): this;

  /**
   * Case-insensitive `ILIKE`.
   * @example
   * ```ts
   * db.from('movies').select().ilike('title', '%heat%');
   * ```
   */
  ilike(column: ColumnOf<Row>, pattern: string): this;

  /**
   * Matches every pattern (`like(all).{p1,p2}`).
   * @example
   * ```ts
   * db.from('movies').select().likeAllOf('title', ['%a%', '%b%']);
   * ```
   */
  likeAllOf(column: ColumnOf<Row>, patterns: readonly string[]): this;

  /**
   * Matches any pattern (`like(any).{…}`).
   * @example
   * ```ts
   * db.from('movies').select().likeAnyOf('title', ['%a%', '%b%']);
   * ```
   */
  likeAnyOf(column: ColumnOf<Row>, patterns: readonly string[]): this;

  /**
   * Matches every pattern, case-insensitively (`ilike(all).{…}`).
   * @example
   * ```ts
   * db.from('movies').select().ilikeAllOf('title', ['%a%', '%b%']);
   * ```
   */
  ilikeAllOf(column: ColumnOf<Row>, patterns: readonly string[]): this;

  /**
   * Matches any pattern, case-insensitively (`ilike(any).{…}`).
   * @example
   * ```ts
   * db.from('movies').select().ilikeAnyOf('title', ['%a%', '%b%']);
   * ```
   */
  ilikeAnyOf(column: ColumnOf<Row>, patterns: readonly string[]): this;

  /**
   * POSIX regular expression match (`match.`).
   * @example
   * ```ts
   * db.from('movies').select().regexMatch('title', '^H');
   * ```
   */
  regexMatch(column: ColumnOf<Row>, pattern: string): this;

  /**
   * Case-insensitive POSIX regular expression match (`imatch.`).
   * @example
   * ```ts
   * db.from('movies').select().regexIMatch('title', '^h');
   * ```
   */
  regexIMatch(column: ColumnOf<Row>, pattern: string): this;

  /**
   * `IS null | true | false`.
   * @example
   * ```ts
   * db.from('movies').select().is('deleted_at', null);
   * ```
   */
  is(column: ColumnOf<Row>, value: boolean | null): this;

  /**
   * `IS DISTINCT FROM` (`isdistinct.`): like `neq`, but `null` compares as a value.
   * @example
   * ```ts
   * db.from('movies').select().isDistinct('rating', null);
   * ```
   */
  isDistinct<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this;

  /**
   * Column is one of the values (`in.(a,b)`); see the docs for the quoting fix over supabase-js.
   * @example
   * ```ts
   * db.from('movies').select().in('id', [1, 2, 3]);
   * ```
   */
  in<C extends ColumnOf<Row>>(column: C, values: readonly FilterValue<Row, C>[]): this;

  /**
   * Column is none of the values (`not.in.(…)`).
   * @example
   * ```ts
   * db.from('movies').select().notIn('id', [1, 2]);
   * ```
   */
  notIn<C extends ColumnOf<Row>>(column: C, values: readonly FilterValue<Row, C>[]): this;
}

/**
 * The comparison and pattern filters (`eq` … `lte`, `like` family, regex, `is`, `isDistinct`,
 * `in`, `notIn`). Each appends one query parameter and returns a new builder; repeated filters
 * are ANDed. {@link PostgrestFilterBuilder} adds the rest.
 *
 * @example
 * ```ts
 * db.from('movies').select().gte('year', 1990).in('genre', ['drama', 'crime']).ilike('title', '%heat%');
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PostgrestComparisonFilterBuilder<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  Result,
  Method = unknown,
  RelationName = unknown,
> extends PostgrestTransformBuilder<Schema, Row, Result, Method, RelationName> {
  /** Appends `column=<value>` (already encoded by the caller). */
  protected add(method: string, column: string, value: string): this {
    if (typeof column !== 'string' || column === '') {
      throw new SupabaseRxInputError(`${method}(): column must be a non-empty string`);
    }
    return this.derive({ params: appendParam(this.state.params, column, value) });
  }

  /** Installs a table of filters (method name → {@link FilterSpec}) on this class's prototype. */
  protected static installFilters(filters: Record<string, FilterSpec>): void {
    type Builder = PostgrestComparisonFilterBuilder<
      GenericSchema,
      Record<string, unknown>,
      unknown
    >;
    const prototype = this.prototype as unknown as Record<string, unknown>;
    for (const [method, spec] of Object.entries(filters)) {
      const [operator, encode] = typeof spec === 'string' ? [spec] : spec;
      prototype[method] = function (this: Builder, column: string, value: unknown) {
        return this.add(method, column, `${operator}.${encode ? encode(value, method) : value}`);
      };
    }
  }

  static {
    this.installFilters(COMPARISON_FILTERS);
  }
}
