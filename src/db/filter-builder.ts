import type { Observable } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { LiveQueryOptions } from '../live/live-query.js';
import type { LiveQueryState } from '../live/live-store.js';
import {
  type ColumnOf,
  type FilterSpec,
  PostgrestComparisonFilterBuilder,
} from './comparison-filters.js';
import { assertOperator, encodeContainer } from './filter-values.js';
import type { OverrideResult } from './override-types.js';
import { appendParam } from './state.js';
import { scopedKey, type ReferencedTableOption } from './transform-builder.js';
import type { GenericSchema } from './types.js';
import { lazyLive } from './lazy-live.js';
import { isRecord } from './validate.js';

export type { ColumnOf, FilterValue } from './comparison-filters.js';

const FTS_TYPES: Record<string, string> = { plain: 'pl', phrase: 'ph', websearch: 'w' };

// The containment and range filters by method name, installed from this table like the
// comparisons (see `installFilters`) and declared in the interface below.
const RANGE_FILTERS: Record<string, FilterSpec> = {
  contains: ['cs', encodeContainer],
  containedBy: ['cd', encodeContainer],
  rangeGt: 'sr',
  rangeGte: 'nxl',
  rangeLt: 'sl',
  rangeLte: 'nxr',
  rangeAdjacent: 'adj',
};

// The table-installed filters, and the type-only overrides of `returns` / `overrideTypes` (the base
// class's run as they are), declared by declaration merging with the class.
export interface PostgrestFilterBuilder<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  Result,
  Method = unknown,
  RelationName = unknown,
> {
  /**
   * Array/range/jsonb column contains the value (`cs.`).
   * @example
   * ```ts
   * db.from('movies').select().contains('tags', ['noir']);
   * ```
   */
  contains(
    column: ColumnOf<Row>,
    value: string | readonly unknown[] | Record<string, unknown>,
  ): this;

  /**
   * Array/range/jsonb column is contained in the value (`cd.`).
   * @example
   * ```ts
   * db.from('movies').select().containedBy('tags', ['noir', 'crime']);
   * ```
   */
  containedBy(
    column: ColumnOf<Row>,
    value: string | readonly unknown[] | Record<string, unknown>,
  ): this;

  /**
   * Range column strictly right of the range (`sr.`).
   * @example
   * ```ts
   * db.from('reservations').select().rangeGt('during', '[2000-01-02 08:00, 2000-01-02 09:00)');
   * ```
   */
  rangeGt(column: ColumnOf<Row>, range: string): this;

  /**
   * Range column does not extend to the left of the range (`nxl.`).
   * @example
   * ```ts
   * db.from('reservations').select().rangeGte('during', '[2000-01-02 08:00, 2000-01-02 09:00)');
   * ```
   */
  rangeGte(column: ColumnOf<Row>, range: string): this;

  /**
   * Range column strictly left of the range (`sl.`).
   * @example
   * ```ts
   * db.from('reservations').select().rangeLt('during', '[2000-01-01 15:00, 2000-01-01 16:00)');
   * ```
   */
  rangeLt(column: ColumnOf<Row>, range: string): this;

  /**
   * Range column does not extend to the right of the range (`nxr.`).
   * @example
   * ```ts
   * db.from('reservations').select().rangeLte('during', '[2000-01-01 14:00, 2000-01-01 16:00)');
   * ```
   */
  rangeLte(column: ColumnOf<Row>, range: string): this;

  /**
   * Range column is adjacent to the range (`adj.`).
   * @example
   * ```ts
   * db.from('reservations').select().rangeAdjacent('during', '[2000-01-01 12:00, 2000-01-01 13:00)');
   * ```
   */
  rangeAdjacent(column: ColumnOf<Row>, range: string): this;

  /**
   * Changes the result type only.
   * @deprecated Prefer `overrideTypes<T>()`, as in supabase-js.
   * @example
   * ```ts
   * db.from('movies').select().returns<{ id: number }[]>();
   * ```
   */
  returns<NewResult>(): PostgrestFilterBuilder<Schema, Row, NewResult, Method, RelationName>;

  /**
   * Changes the result type only (merging by default, replacing with `{ merge: false }`).
   * @example
   * ```ts
   * db.from('movies').select().overrideTypes<{ tags: string[] }[]>();
   * ```
   */
  overrideTypes<
    NewResult,
    Options extends { merge?: boolean } = { merge: true },
  >(): PostgrestFilterBuilder<
    Schema,
    Row,
    OverrideResult<Result, NewResult, Options>,
    Method,
    RelationName
  >;
}

/**
 * Every filter of supabase-js: the comparisons of {@link PostgrestComparisonFilterBuilder}, plus
 * containment, ranges, full-text search, `match`, `not`, `or` and the raw `filter`. Each returns
 * a new builder; repeated filters are ANDed.
 *
 * @example
 * ```ts
 * db.from('movies').select().gte('year', 1990).contains('tags', ['noir']).or('a.eq.1,b.eq.2');
 * ```
 */ // eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PostgrestFilterBuilder<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  Result,
  Method = unknown,
  RelationName = unknown,
> extends PostgrestComparisonFilterBuilder<Schema, Row, Result, Method, RelationName> {
  static {
    this.installFilters(RANGE_FILTERS);
  }

  /**
   * Array/range column shares an element with the value (`ov.`).
   * @example
   * ```ts
   * db.from('issues').select().overlaps('tags', ['bug', 'urgent']);
   * ```
   */
  overlaps(column: ColumnOf<Row>, value: string | readonly unknown[]): this {
    if (isRecord(value)) {
      throw new SupabaseRxInputError('overlaps(): expected a string or an array, got an object');
    }
    return this.add('overlaps', column, `ov.${encodeContainer(value)}`);
  }

  /**
   * Full-text search on a tsvector column (`fts`, `plfts`, `phfts`, `wfts`, with a config).
   * @example
   * ```ts
   * db.from('texts').select().textSearch('body', "'fat' & 'cat'", { config: 'english' });
   * ```
   */
  textSearch(
    column: ColumnOf<Row>,
    query: string,
    options: { config?: string; type?: 'plain' | 'phrase' | 'websearch' } = {},
  ): this {
    const { config, type } = options;
    const prefix = type === undefined ? '' : FTS_TYPES[type];
    if (prefix === undefined) {
      throw new SupabaseRxInputError(
        `textSearch(): type must be 'plain', 'phrase' or 'websearch', got ${JSON.stringify(type)}`,
      );
    }
    const configPart = config === undefined ? '' : `(${config})`;
    return this.add('textSearch', column, `${prefix}fts${configPart}.${query}`);
  }

  /**
   * Every key equals its value (`eq` per key; `undefined` values skipped).
   * @example
   * ```ts
   * db.from('movies').select().match({ year: 1995, title: 'Heat' });
   * ```
   */
  match(query: { [K in keyof Row]?: Row[K] }): this {
    if (!isRecord(query)) {
      throw new SupabaseRxInputError('match(): expected an object of column → value');
    }
    let params = this.state.params;
    for (const [column, value] of Object.entries(query)) {
      if (value !== undefined) params = appendParam(params, column, `eq.${value}`);
    }
    return this.derive({ params });
  }

  /**
   * Negates a filter (`column=not.<operator>.<value>`); the value is sent verbatim.
   * @example
   * ```ts
   * db.from('movies').select().not('rating', 'is', null);
   * ```
   */
  not(column: ColumnOf<Row>, operator: string, value: unknown): this {
    assertOperator(operator, 'not');
    return this.add('not', column, `not.${operator}.${value}`);
  }

  /**
   * Any of the filters matches (`or=(a.eq.1,b.gt.2)`), at the root or in an embedded resource.
   * @example
   * ```ts
   * db.from('movies').select().or('year.eq.1995,title.ilike.%heat%');
   * ```
   */
  or(filters: string, options: ReferencedTableOption = {}): this {
    if (typeof filters !== 'string') {
      throw new SupabaseRxInputError('or(): filters must be a string such as "a.eq.1,b.gt.2"');
    }
    const key = scopedKey(options, 'or', true);
    return this.derive({ params: appendParam(this.state.params, key, `(${filters})`) });
  }

  /**
   * This select as a live query: `liveQuery(this, options)` from `supabase-rx/operators`, with the
   * live code loaded (a dynamic `import()`) at the first subscribe, so `supabase-rx/postgrest`
   * stays small. Typed on selects only: the row type flows into `data`.
   *
   * ```
   * changes:  ----i--u--d------|
   * status:   connecting → live (snapshot) ------ resyncing → live (after a rejoin)
   * ```
   *
   * ## Example
   * ```ts
   * const open$ = supabase
   *   .from('todos')
   *   .select('id, title, done')
   *   .eq('done', false)
   *   .order('id')
   *   .live({ realtime: supabase, primaryKey: 'id' });
   * open$.subscribe(({ data, status }) => render(data, status));
   * ```
   *
   * @param options As `liveQuery`'s ({@link LiveQueryOptions}): `realtime` and `primaryKey` are required.
   * @return A shared, replayed Observable of {@link LiveQueryState}; unlike `liveQuery`'s, its
   * first state comes once the chunk has loaded (asynchronously), not during `subscribe`.
   * @see liveQuery
   */
  live<R>(
    this: PostgrestFilterBuilder<Schema, Row, R[], 'GET', RelationName>,
    options: LiveQueryOptions,
  ): Observable<LiveQueryState<R>> {
    return lazyLive<R>(this, options);
  }

  /**
   * Any PostgREST filter, written raw (`column=<operator>.<value>`); the operator is checked.
   * @example
   * ```ts
   * db.from('movies').select().filter('genres', 'cs', '{noir}');
   * ```
   */
  filter(column: ColumnOf<Row>, operator: string, value: unknown): this {
    assertOperator(operator, 'filter');
    return this.add('filter', column, `${operator}.${value}`);
  }
}
