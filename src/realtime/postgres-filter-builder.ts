import { RealtimeError } from './errors.js';

/** The operators of a postgres_changes filter. */
export type PostgresFilterOperator =
  | 'eq'
  | 'neq'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'in'
  | 'like'
  | 'ilike'
  | 'is'
  | 'match'
  | 'imatch'
  | 'isdistinct';

/** A scalar filter value. */
export type FilterValue = string | number | boolean | null;

/** The values `is` accepts. */
export type IsFilterValue = null | boolean | 'null' | 'true' | 'false' | 'unknown';

type InValues = ReadonlyArray<string | number | boolean>;

// Characters the server reads as delimiters (plus the quote and escape themselves).
const RESERVED = /[,()"\\]/;

/**
 * An immutable builder of postgres_changes filter strings: each method returns a new builder
 * with one more ANDed condition; `build()` gives the same string realtime-js 2.119's
 * `postgresChangesFilter()` builds (values quoted PostgREST-style when needed).
 *
 * @example
 * ```ts
 * postgresChangesFilter().eq('room_id', 1).not('status', 'in', ['draft', 'archived']).build();
 * // 'room_id=eq.1,status=not.in.(draft,archived)'
 * ```
 */
export class PostgresFilterBuilder {
  readonly #conditions: readonly string[];

  constructor(conditions: readonly string[] = []) {
    this.#conditions = conditions;
  }

  eq(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'eq', value);
  }
  neq(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'neq', value);
  }
  gt(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'gt', value);
  }
  gte(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'gte', value);
  }
  lt(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'lt', value);
  }
  lte(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'lte', value);
  }
  in(column: string, values: InValues): PostgresFilterBuilder {
    return this.#with(column, 'in', values);
  }
  like(column: string, pattern: string): PostgresFilterBuilder {
    return this.#with(column, 'like', pattern);
  }
  ilike(column: string, pattern: string): PostgresFilterBuilder {
    return this.#with(column, 'ilike', pattern);
  }
  match(column: string, pattern: string): PostgresFilterBuilder {
    return this.#with(column, 'match', pattern);
  }
  imatch(column: string, pattern: string): PostgresFilterBuilder {
    return this.#with(column, 'imatch', pattern);
  }
  is(column: string, value: IsFilterValue): PostgresFilterBuilder {
    return this.#with(column, 'is', value);
  }
  isDistinct(column: string, value: FilterValue): PostgresFilterBuilder {
    return this.#with(column, 'isdistinct', value);
  }

  /** The negation (`not.`) of one operator's condition. */
  not(column: string, operator: 'in', values: InValues): PostgresFilterBuilder;
  not(column: string, operator: 'is', value: IsFilterValue): PostgresFilterBuilder;
  not(
    column: string,
    operator: Exclude<PostgresFilterOperator, 'in' | 'is'>,
    value: FilterValue,
  ): PostgresFilterBuilder;
  not(
    column: string,
    operator: PostgresFilterOperator,
    value: FilterValue | InValues,
  ): PostgresFilterBuilder {
    return this.#with(column, operator, value, 'not.');
  }

  /** The filter string: the conditions joined by `,`. */
  build(): string {
    return this.#conditions.join(',');
  }

  toString(): string {
    return this.build();
  }

  #with(
    column: string,
    operator: PostgresFilterOperator,
    value: unknown,
    prefix = '',
  ): PostgresFilterBuilder {
    return new PostgresFilterBuilder([
      ...this.#conditions,
      `${column}=${prefix}${condition(operator, value)}`,
    ]);
  }
}

/**
 * A new, empty {@link PostgresFilterBuilder}.
 *
 * @example
 * ```ts
 * channel.on('postgres_changes', { event: '*', schema: 'public', table: 't', filter: postgresChangesFilter().gt('id', 0) });
 * ```
 */
export function postgresChangesFilter(): PostgresFilterBuilder {
  return new PostgresFilterBuilder();
}

function condition(operator: PostgresFilterOperator, value: unknown): string {
  if (operator === 'in') {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) {
      throw new RealtimeError(
        'Realtime `in` filter requires at least one value.',
        'invalid_filter',
      );
    }
    return `in.(${[...new Set(values)].map((v) => scalar(v as FilterValue)).join(',')})`;
  }
  if (operator === 'is') return `is.${value === null ? 'null' : String(value)}`;
  return `${operator}.${scalar(value as FilterValue)}`;
}

function scalar(value: FilterValue): string {
  const text = value === null ? 'null' : String(value);
  if (!RESERVED.test(text) && text === text.trim()) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
