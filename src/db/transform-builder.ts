import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { PostgrestBuilder } from './builder.js';
import { cleanSelect } from './clean-select.js';
import type { PostgrestFilterBuilder } from './filter-builder.js';
import type { ColumnOf } from './comparison-filters.js';
import type { SelectResult } from './types/select-result.js';
import { appendHeader, getParam, setParam } from './state.js';
import type { GenericSchema } from './types.js';
import { assertInteger } from './validate.js';

/** `referencedTable` (or its deprecated alias `foreignTable`) of modifiers on embedded resources. */
export interface ReferencedTableOption {
  referencedTable?: string;
  /** @deprecated Use `referencedTable`. */
  foreignTable?: string;
}

/** Options of `explain()`, as PostgREST's `vnd.pgrst.plan` media type takes them. */
export interface ExplainOptions {
  analyze?: boolean;
  verbose?: boolean;
  settings?: boolean;
  buffers?: boolean;
  wal?: boolean;
  /** `'text'` (default) gives the plan as text, `'json'` as JSON. */
  format?: 'text' | 'json';
}

/**
 * `key`, or `<table>.key` on an embedded resource (`referencedTable`, else `foreignTable`). As in
 * supabase-js, `order` and `or` ignore an empty table name (`skipEmpty`) while `limit` and
 * `offset` do not (`''` gives `.limit`): the query string stays byte-for-byte the same.
 *
 * @example
 * ```ts
 * scopedKey({ referencedTable: 'actors' }, 'limit'); // 'actors.limit'
 * scopedKey({}, 'order', true); // 'order'
 * ```
 */
export function scopedKey(options: ReferencedTableOption, key: string, skipEmpty = false): string {
  const table =
    options.referencedTable === undefined ? options.foreignTable : options.referencedTable;
  return table === undefined || (skipEmpty && !table) ? key : `${table}.${key}`;
}

type One<Result> = Result extends (infer R)[] ? R : never;

/**
 * Modifiers shared by every query: `select` after a mutation, `order`, `limit`, `range`,
 * `single`, `maybeSingle`, `csv`, `geojson`, `explain`, `stripNulls`, `rollback`, `maxAffected`,
 * `abortSignal`. Each returns a new builder.
 *
 * @example
 * ```ts
 * db.from('movies').select().order('year', { ascending: false }).range(0, 9);
 * ```
 */
export class PostgrestTransformBuilder<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  Result,
  Method = unknown,
  RelationName = unknown,
> extends PostgrestBuilder<Result> {
  /**
   * After `insert`/`update`/`upsert`/`delete`/`rpc`: return the affected rows with these
   * columns (`?select=…` and `Prefer: return=representation`).
   *
   * @example
   * ```ts
   * db.from('movies').insert({ title: 'Heat' }).select('id');
   * ```
   */
  select<Query extends string = '*'>(
    columns?: Query,
  ): PostgrestFilterBuilder<
    Schema,
    Row,
    Method extends 'RPC'
      ? Result extends unknown[]
        ? SelectResult<Schema, Row, RelationName, Query>[]
        : SelectResult<Schema, Row, RelationName, Query>
      : SelectResult<Schema, Row, RelationName, Query>[],
    Method,
    RelationName
  > {
    if (columns !== undefined && typeof columns !== 'string') {
      throw new SupabaseRxInputError(`select(): columns must be a string, got ${typeof columns}`);
    }
    return this.derive({
      params: setParam(this.state.params, 'select', cleanSelect(columns ?? '*')),
      headers: appendHeader(this.state.headers, 'Prefer', 'return=representation'),
    }) as never;
  }

  /**
   * Orders the result by `column` (call again to add more keys), optionally inside an embedded
   * resource.
   *
   * @example
   * ```ts
   * db.from('movies').select().order('year', { ascending: false, nullsFirst: true });
   * ```
   */
  order(
    column: ColumnOf<Row>,
    options?: { ascending?: boolean; nullsFirst?: boolean } & {
      referencedTable?: undefined;
      foreignTable?: undefined;
    },
  ): this;
  // On an embedded table the column is one of its own, which the root's row type does not know.
  order(
    column: string,
    options: { ascending?: boolean; nullsFirst?: boolean } & ReferencedTableOption,
  ): this;
  order(
    column: string,
    options: { ascending?: boolean; nullsFirst?: boolean } & ReferencedTableOption = {},
  ): this {
    const { ascending = true, nullsFirst } = options;
    const key = scopedKey(options, 'order', true);
    const existing = getParam(this.state.params, key);
    const term = `${column}.${ascending ? 'asc' : 'desc'}${
      nullsFirst === undefined ? '' : nullsFirst ? '.nullsfirst' : '.nullslast'
    }`;
    return this.derive({
      params: setParam(this.state.params, key, existing ? `${existing},${term}` : term),
    });
  }

  /**
   * Returns at most `count` rows (of the root, or of an embedded resource).
   *
   * @example
   * ```ts
   * db.from('movies').select().limit(10);
   * ```
   */
  limit(count: number, options: ReferencedTableOption = {}): this {
    assertInteger(count, 'limit()', 'count');
    return this.derive({
      params: setParam(this.state.params, scopedKey(options, 'limit'), `${count}`),
    });
  }

  /**
   * Returns rows `from` to `to`, both included and 0-based (`offset` and `limit` parameters).
   *
   * @example
   * ```ts
   * db.from('movies').select().range(20, 29); // the third page of 10
   * ```
   */
  range(from: number, to: number, options: ReferencedTableOption = {}): this {
    assertInteger(from, 'range()', 'from');
    assertInteger(to, 'range()', 'to');
    if (to < from) {
      throw new SupabaseRxInputError(`range(): to (${to}) must not be less than from (${from})`);
    }
    let params = setParam(this.state.params, scopedKey(options, 'offset'), `${from}`);
    params = setParam(params, scopedKey(options, 'limit'), `${to - from + 1}`);
    return this.derive({ params });
  }

  /**
   * Aborts the request when `signal` aborts: the stream errors with a `PostgrestError` (status
   * 0). Unsubscribing aborts too, without a signal.
   *
   * @example
   * ```ts
   * db.from('movies').select().abortSignal(AbortSignal.timeout(5000));
   * ```
   */
  abortSignal(signal: AbortSignal): this {
    if (
      signal === null ||
      typeof signal !== 'object' ||
      typeof signal.addEventListener !== 'function'
    ) {
      throw new SupabaseRxInputError('abortSignal(): expected an AbortSignal');
    }
    return this.derive({ signal });
  }

  /**
   * Asks for one object instead of an array; PostgREST errors (PGRST116, 406) unless exactly
   * one row matches.
   *
   * @example
   * ```ts
   * db.from('movies').select().eq('id', 1).single();
   * ```
   */
  single(): PostgrestTransformBuilder<Schema, Row, One<Result>, Method, RelationName> {
    return this.setHeader('Accept', 'application/vnd.pgrst.object+json') as never;
  }

  /**
   * Emits the one row, or `null` for none; errors with PGRST116 (406) for several. Checked
   * client-side on the array response, as supabase-js 2.119 does.
   *
   * @example
   * ```ts
   * db.from('profiles').select().eq('email', email).maybeSingle();
   * ```
   */
  maybeSingle(): PostgrestTransformBuilder<Schema, Row, One<Result> | null, Method, RelationName> {
    return this.derive({ maybeSingle: true }) as never;
  }

  /**
   * Asks for the rows as CSV text (`Accept: text/csv`).
   *
   * @example
   * ```ts
   * db.from('movies').select().csv(); // emits { data: 'id,title\n1,Heat' … }
   * ```
   */
  csv(): PostgrestTransformBuilder<Schema, Row, string, Method, RelationName> {
    if (this.state.stripNulls) {
      throw new SupabaseRxInputError('csv() cannot be combined with stripNulls()');
    }
    return this.setHeader('Accept', 'text/csv') as never;
  }

  /**
   * Asks for the rows as a GeoJSON feature collection (`Accept: application/geo+json`).
   *
   * @example
   * ```ts
   * db.from('places').select().geojson();
   * ```
   */
  geojson(): PostgrestTransformBuilder<Schema, Row, Record<string, unknown>, Method, RelationName> {
    return this.setHeader('Accept', 'application/geo+json') as never;
  }

  /**
   * Asks for the query plan (`EXPLAIN`) instead of the rows; text by default, JSON with
   * `format: 'json'`. PostgREST must allow it (`db-plan-enabled`).
   *
   * @example
   * ```ts
   * db.from('movies').select().explain({ analyze: true, format: 'json' });
   * ```
   */
  explain(
    options: ExplainOptions & { format: 'json' },
  ): PostgrestTransformBuilder<Schema, Row, Record<string, unknown>[], Method, RelationName>;
  explain(
    options?: ExplainOptions,
  ): PostgrestTransformBuilder<Schema, Row, string, Method, RelationName>;
  explain(
    options: ExplainOptions = {},
  ): PostgrestTransformBuilder<Schema, Row, unknown, Method, RelationName> {
    const { format = 'text' } = options;
    if (format !== 'text' && format !== 'json') {
      throw new SupabaseRxInputError(`explain(): format must be 'text' or 'json', got ${format}`);
    }
    const flags = (['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const)
      .filter((f) => options[f])
      .join('|');
    const forType = this.state.headers.accept ?? 'application/json';
    const accept = `application/vnd.pgrst.plan+${format}; for="${forType}"; options=${flags};`;
    return this.setHeader('Accept', accept) as never;
  }

  /**
   * Runs the request in a transaction that is rolled back (`Prefer: tx=rollback`): a dry run.
   *
   * @example
   * ```ts
   * db.from('movies').delete().eq('id', 1).rollback();
   * ```
   */
  rollback(): this {
    return this.derive({ headers: appendHeader(this.state.headers, 'Prefer', 'tx=rollback') });
  }

  /**
   * Fails the update/delete (and rolls it back) if it would touch more than `rows` rows
   * (PostgREST ≥ 13: `Prefer: handling=strict, max-affected=n`).
   *
   * @example
   * ```ts
   * db.from('movies').delete().eq('year', 1999).maxAffected(5);
   * ```
   */
  maxAffected(rows: number): this {
    assertInteger(rows, 'maxAffected()', 'rows');
    const headers = appendHeader(
      this.state.headers,
      'Prefer',
      `handling=strict, max-affected=${rows}`,
    );
    return this.derive({ headers });
  }
}
