import type { AcceptedMedia, ReadQuery } from '../ast.js';
import { planRead } from '../plan/read-plan.js';
import type { Relation, SchemaCache } from '../schema-cache.js';
import type { SqlBuilder } from '../sql/builder.js';
import { renderReadStatement } from '../sql/body.js';
import { bodyMedia } from '../write/read-bridge.js';
import type { Routine } from './functions.js';

/** The pieces of an rpc statement. */
export interface CallStatementSpec {
  routine: Routine;
  /** `SELECT … FROM <call>` (from `renderCallSource`). */
  source: string;
  builder: SqlBuilder;
  read: ReadQuery;
  /** The relation row results are read as (composite results only). */
  relation?: Relation;
  cache?: SchemaCache;
  limit?: number;
  offset?: number;
  /** Compute the total number of result rows (Prefer: count). */
  count: boolean;
  accept: AcceptedMedia;
}

/** The one row an rpc statement yields. */
export interface CallStatementRow {
  pgrst_page_count: number;
  pgrst_total: number | null;
  pgrst_body: string;
}

/**
 * The statement of an rpc call, as PostgREST builds it: the call's rows as the CTE
 * `pgrst_source`; for a set of rows, the request's filters, `select=` (with embeds when the
 * function returns a table's rows), order and range applied by the read renderer; the body
 * aggregated to JSON by Postgres — a bare value for a scalar function, an object for a single
 * row, an array for a set.
 *
 * @example
 * const sql = renderCallStatement({ routine, source, builder, read: parsed.read, count: false, accept: { type: 'json' } });
 */
export function renderCallStatement(spec: CallStatementSpec): string {
  const { routine, builder: b } = spec;
  if (routine.returnsComposite && spec.relation && spec.cache) {
    const node = planRead(spec.cache, spec.relation, spec.read, { alias: spec.relation.name });
    // One row (not SETOF) answers that row as an object, as PostgREST does.
    const options = routine.returnsSet
      ? bodyMedia(spec.accept)
      : { ...bodyMedia(spec.accept), media: 'object' as const };
    const read = renderReadStatement(
      b,
      node,
      { from: 'pgrst_source', limit: spec.limit, offset: spec.offset },
      { ...options, exactCount: spec.count },
    );
    const body =
      options.media === 'object' ? `coalesce(nullif(pgrst_r.body, ''), 'null')` : 'pgrst_r.body';
    return (
      `WITH pgrst_source AS (${spec.source}) SELECT pgrst_r.page_total::int AS pgrst_page_count, ` +
      `pgrst_r.total_result_set::int AS pgrst_total, ${body} AS pgrst_body FROM (${read}) pgrst_r`
    );
  }
  const limit = spec.limit !== undefined ? ` LIMIT ${b.param(spec.limit)}::bigint` : '';
  const offset = spec.offset ? ` OFFSET ${b.param(spec.offset)}::bigint` : '';
  const page = `SELECT pgrst_scalar FROM pgrst_source${limit}${offset}`;
  const total = spec.count ? '(SELECT count(*) FROM pgrst_source)::int' : 'NULL::int';
  // `void` has no JSON form; counting still makes Postgres evaluate the call.
  const array =
    routine.returnType === 'void'
      ? `(SELECT CASE WHEN count(pgrst_scalar) >= 0 THEN 'null'::json END FROM pgrst_page)`
      : `(SELECT coalesce(json_agg(pgrst_scalar), '[]') FROM pgrst_page)`;
  // A function returning one value answers that value, not an array of it.
  const body =
    routine.returnsSet && spec.accept.type !== 'object'
      ? `${array}::text`
      : `coalesce((${array} -> 0)::text, 'null')`;
  return (
    `WITH pgrst_source AS (${spec.source}), pgrst_page AS (${page}) ` +
    `SELECT (SELECT count(*) FROM pgrst_page)::int AS pgrst_page_count, ${total} AS pgrst_total, ` +
    `${body} AS pgrst_body`
  );
}
