import type { SqlBuilder } from '../sql/builder.js';
import { ident } from '../sql/builder.js';

/** How the rows a mutation returned become the response body (an SQL expression of JSON text). */
export type BodyRenderer = (source: string, params: SqlBuilder) => string;

/** The pieces of one write statement. */
export interface WriteStatementSpec {
  /** INSERT/UPDATE/DELETE … RETURNING (from `mutation-sql.ts`). */
  mutation: string;
  params: SqlBuilder;
  /** The target's column names: the columns of `pgrst_source` when the mutation adds its own. */
  columns: string[];
  /** The mutation also returns `pgrst_inserted` (upserts). */
  trackInserted: boolean;
  /** Primary key columns for `Location`, when PostgREST sends one (headers-only inserts). */
  locationKeys?: string[];
  /** Undefined when no body is returned (return=minimal/headers-only). */
  body?: BodyRenderer;
}

/** The one row the write statement yields. */
export interface WriteStatementRow {
  pgrst_count: number;
  pgrst_inserted: number | null;
  pgrst_location: string | null;
  pgrst_body: string | null;
}

/**
 * Wraps a mutation in the statement PostgREST runs: the mutation is a CTE named `pgrst_source`
 * (the rows it RETURNED), and one row reports their count, how many were inserted, the primary key
 * for `Location` and the JSON body, rendered by Postgres.
 *
 * @example
 * renderWriteStatement({ mutation, params, columns: ['id'], trackInserted: false, body: allColumnsBody })
 * // WITH pgrst_source AS (INSERT …) SELECT (SELECT count(*) FROM pgrst_source)::int AS pgrst_count, …
 */
export function renderWriteStatement(spec: WriteStatementSpec): string {
  const ctes = spec.trackInserted
    ? `pgrst_mutation AS (${spec.mutation}), ` +
      `pgrst_source AS (SELECT ${spec.columns.map(ident).join(', ')} FROM pgrst_mutation)`
    : `pgrst_source AS (${spec.mutation})`;
  const inserted = spec.trackInserted
    ? '(SELECT count(*) FILTER (WHERE pgrst_inserted) FROM pgrst_mutation)::int'
    : 'NULL::int';
  const location = spec.locationKeys?.length
    ? `CASE WHEN (SELECT count(*) FROM pgrst_source) = 1 THEN (SELECT json_build_array(${spec.locationKeys
        .map((k) => `${ident(k)}::text`)
        .join(', ')})::text FROM pgrst_source) END`
    : 'NULL::text';
  const body = spec.body ? `(${spec.body('pgrst_source', spec.params)})` : 'NULL::text';
  return (
    `WITH ${ctes} SELECT (SELECT count(*) FROM pgrst_source)::int AS pgrst_count, ` +
    `${inserted} AS pgrst_inserted, ${location} AS pgrst_location, ${body} AS pgrst_body`
  );
}

/** The default body: every returned column of every row, as PostgREST's `json_agg`. */
export const allColumnsBody: BodyRenderer = (source) =>
  `SELECT coalesce(json_agg(_postgrest_t), '[]')::text FROM (SELECT * FROM ${source}) _postgrest_t`;
