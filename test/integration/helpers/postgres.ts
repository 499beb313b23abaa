import type { EmulatorHandle } from './emulator.js';

/** A query to run directly on Postgres, with parameters that may depend on the run (its tag). */
export type SqlSpec<Run = unknown> = string | { sql: string; params?: (run: Run) => unknown[] };

/**
 * Rows of a query as Postgres itself renders them to JSON (`json_agg`), as PostgREST does:
 * ranges, numerics, dates and tsvectors come out exactly as the REST API must return them.
 */
export async function jsonRows(
  db: EmulatorHandle['db'],
  sql: string,
  params: unknown[] = [],
): Promise<unknown[]> {
  const result = await db.query<{ rows: unknown }>(
    `select coalesce(json_agg(q), '[]'::json) as rows from (${sql}) as q`,
    params,
  );
  const rows = result.rows[0]?.rows;
  // pg and PGlite both parse json columns; a string means a driver left it raw.
  return (typeof rows === 'string' ? JSON.parse(rows) : rows) as unknown[];
}

/** The single value of a one-row, one-column query, as JSON (e.g. a count or a function result). */
export async function jsonValue(
  db: EmulatorHandle['db'],
  sql: string,
  params: unknown[] = [],
): Promise<unknown> {
  // Wrapped in an object so a driver's raw JSON string and a string value cannot be confused.
  const result = await db.query<{ value: unknown }>(
    `select json_build_object('v', x.v) as value from (${sql}) as x(v) limit 1`,
    params,
  );
  const value = result.rows[0]?.value;
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  return (parsed as { v: unknown } | undefined)?.v ?? null;
}

/** Resolves a `SqlSpec` for a run. */
export function resolveSql<Run>(spec: SqlSpec<Run>, run: Run): { sql: string; params: unknown[] } {
  return typeof spec === 'string'
    ? { sql: spec, params: [] }
    : { sql: spec.sql, params: spec.params?.(run) ?? [] };
}
