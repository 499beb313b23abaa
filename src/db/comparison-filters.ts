import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { encodeInList } from './filter-values.js';
import { appendParam } from './state.js';
import { PostgrestTransformBuilder } from './transform-builder.js';
import type { GenericSchema } from './types.js';

/** A column of `Row`, or any string (embedded columns `cities.name`, JSON paths `data->a`). */
export type ColumnOf<Row> = (string & keyof Row) | (string & {});

/** The value type a filter on `Column` takes: the column's type when known. */
export type FilterValue<Row, Column extends string> = Column extends keyof Row
  ? Row[Column]
  : unknown;

function checkColumn(column: unknown, method: string): void {
  if (typeof column !== 'string' || column === '') {
    throw new SupabaseRxInputError(`${method}(): column must be a non-empty string`);
  }
}

function checkArray(values: unknown, method: string): void {
  if (!Array.isArray(values)) {
    throw new SupabaseRxInputError(`${method}(): expected an array, got ${typeof values}`);
  }
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
export class PostgrestComparisonFilterBuilder<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  Result,
  Method = unknown,
> extends PostgrestTransformBuilder<Schema, Row, Result, Method> {
  /** Appends `column=<value>` (already encoded by the caller). */
  protected add(method: string, column: string, value: string): this {
    checkColumn(column, method);
    return this.derive({ params: appendParam(this.state.params, column, value) });
  }

  /** `like(all)` / `ilike(any)` …: the patterns as a PostgREST list, `op.{a,b}`. */
  #quantified(method: string, column: string, op: string, patterns: readonly string[]): this {
    checkArray(patterns, method);
    return this.add(method, column, `${op}.{${patterns.join(',')}}`);
  }

  /**
   * Column equals value (`column=eq.value`).
   * @example
   * ```ts
   * db.from('movies').select().eq('title', 'Heat');
   * ```
   */
  eq<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('eq', column, `eq.${value}`);
  }

  /**
   * Column differs from value (`neq.`).
   * @example
   * ```ts
   * db.from('movies').select().neq('year', 1999);
   * ```
   */
  neq<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('neq', column, `neq.${value}`);
  }

  /**
   * Column greater than value (`gt.`).
   * @example
   * ```ts
   * db.from('movies').select().gt('year', 1999);
   * ```
   */
  gt<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('gt', column, `gt.${value}`);
  }

  /**
   * Column greater than or equal to value (`gte.`).
   * @example
   * ```ts
   * db.from('movies').select().gte('year', 1999);
   * ```
   */
  gte<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('gte', column, `gte.${value}`);
  }

  /**
   * Column less than value (`lt.`).
   * @example
   * ```ts
   * db.from('movies').select().lt('year', 1999);
   * ```
   */
  lt<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('lt', column, `lt.${value}`);
  }

  /**
   * Column less than or equal to value (`lte.`).
   * @example
   * ```ts
   * db.from('movies').select().lte('year', 1999);
   * ```
   */
  lte<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('lte', column, `lte.${value}`);
  }

  /**
   * Case-sensitive `LIKE` (`%` is the wildcard).
   * @example
   * ```ts
   * db.from('movies').select().like('title', '%Heat%');
   * ```
   */
  like(column: ColumnOf<Row>, pattern: string): this {
    return this.add('like', column, `like.${pattern}`);
  }

  /**
   * Case-insensitive `ILIKE`.
   * @example
   * ```ts
   * db.from('movies').select().ilike('title', '%heat%');
   * ```
   */
  ilike(column: ColumnOf<Row>, pattern: string): this {
    return this.add('ilike', column, `ilike.${pattern}`);
  }

  /**
   * Matches every pattern (`like(all).{p1,p2}`).
   * @example
   * ```ts
   * db.from('movies').select().likeAllOf('title', ['%a%', '%b%']);
   * ```
   */
  likeAllOf(column: ColumnOf<Row>, patterns: readonly string[]): this {
    return this.#quantified('likeAllOf', column, 'like(all)', patterns);
  }

  /**
   * Matches any pattern (`like(any).{…}`).
   * @example
   * ```ts
   * db.from('movies').select().likeAnyOf('title', ['%a%', '%b%']);
   * ```
   */
  likeAnyOf(column: ColumnOf<Row>, patterns: readonly string[]): this {
    return this.#quantified('likeAnyOf', column, 'like(any)', patterns);
  }

  /**
   * Matches every pattern, case-insensitively (`ilike(all).{…}`).
   * @example
   * ```ts
   * db.from('movies').select().ilikeAllOf('title', ['%a%', '%b%']);
   * ```
   */
  ilikeAllOf(column: ColumnOf<Row>, patterns: readonly string[]): this {
    return this.#quantified('ilikeAllOf', column, 'ilike(all)', patterns);
  }

  /**
   * Matches any pattern, case-insensitively (`ilike(any).{…}`).
   * @example
   * ```ts
   * db.from('movies').select().ilikeAnyOf('title', ['%a%', '%b%']);
   * ```
   */
  ilikeAnyOf(column: ColumnOf<Row>, patterns: readonly string[]): this {
    return this.#quantified('ilikeAnyOf', column, 'ilike(any)', patterns);
  }

  /**
   * POSIX regular expression match (`match.`).
   * @example
   * ```ts
   * db.from('movies').select().regexMatch('title', '^H');
   * ```
   */
  regexMatch(column: ColumnOf<Row>, pattern: string): this {
    return this.add('regexMatch', column, `match.${pattern}`);
  }

  /**
   * Case-insensitive POSIX regular expression match (`imatch.`).
   * @example
   * ```ts
   * db.from('movies').select().regexIMatch('title', '^h');
   * ```
   */
  regexIMatch(column: ColumnOf<Row>, pattern: string): this {
    return this.add('regexIMatch', column, `imatch.${pattern}`);
  }

  /**
   * `IS null | true | false`.
   * @example
   * ```ts
   * db.from('movies').select().is('deleted_at', null);
   * ```
   */
  is(column: ColumnOf<Row>, value: boolean | null): this {
    return this.add('is', column, `is.${value}`);
  }

  /**
   * `IS DISTINCT FROM` (`isdistinct.`): like `neq`, but `null` compares as a value.
   * @example
   * ```ts
   * db.from('movies').select().isDistinct('rating', null);
   * ```
   */
  isDistinct<C extends ColumnOf<Row>>(column: C, value: FilterValue<Row, C>): this {
    return this.add('isDistinct', column, `isdistinct.${value}`);
  }

  /**
   * Column is one of the values (`in.(a,b)`); see the docs for the quoting fix over supabase-js.
   * @example
   * ```ts
   * db.from('movies').select().in('id', [1, 2, 3]);
   * ```
   */
  in<C extends ColumnOf<Row>>(column: C, values: readonly FilterValue<Row, C>[]): this {
    return this.add('in', column, `in.${encodeInList(values)}`);
  }

  /**
   * Column is none of the values (`not.in.(…)`).
   * @example
   * ```ts
   * db.from('movies').select().notIn('id', [1, 2]);
   * ```
   */
  notIn<C extends ColumnOf<Row>>(column: C, values: readonly FilterValue<Row, C>[]): this {
    return this.add('notIn', column, `not.in.${encodeInList(values)}`);
  }
}
