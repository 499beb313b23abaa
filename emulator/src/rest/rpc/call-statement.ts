import type { AcceptedMedia, ReadQuery } from '../ast.js';
import { planRead } from '../plan/read-plan.js';
import type { Relation, SchemaCache } from '../schema-cache.js';
import type { SqlBuilder } from '../sql/builder.js';
import { renderNode } from '../sql/read.js';
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
  let page: string;
  let total: string;
  let body: string;
  if (routine.returnsComposite && spec.relation && spec.cache) {
    const node = planRead(spec.cache, spec.relation, spec.read, { alias: spec.relation.name });
    page = renderNode(b, node, {
      from: 'pgrst_source',
      mode: 'rows',
      limit: spec.limit,
      offset: spec.offset,
    });
    total = `(SELECT count(*) FROM (${renderNode(b, node, { from: 'pgrst_source', mode: 'count' })}) pgrst_counted)`;
    body = `(SELECT coalesce(json_agg(_postgrest_t), '[]') FROM pgrst_page _postgrest_t)`;
  } else {
    const limit = spec.limit !== undefined ? ` LIMIT ${b.param(spec.limit)}::bigint` : '';
    const offset = spec.offset ? ` OFFSET ${b.param(spec.offset)}::bigint` : '';
    page = `SELECT pgrst_scalar FROM pgrst_source${limit}${offset}`;
    total = '(SELECT count(*) FROM pgrst_source)';
    // `void` has no JSON form; counting still makes Postgres evaluate the call.
    body =
      routine.returnType === 'void'
        ? `(SELECT CASE WHEN count(pgrst_scalar) >= 0 THEN 'null'::json END FROM pgrst_page)`
        : `(SELECT coalesce(json_agg(pgrst_scalar), '[]') FROM pgrst_page)`;
  }
  return (
    `WITH pgrst_source AS (${spec.source}), pgrst_page AS (${page}) ` +
    `SELECT (SELECT count(*) FROM pgrst_page)::int AS pgrst_page_count, ` +
    `${spec.count ? `${total}::int` : 'NULL::int'} AS pgrst_total, ` +
    `${shapeBody(body, routine, spec.accept)} AS pgrst_body`
  );
}

function shapeBody(array: string, routine: Routine, accept: AcceptedMedia): string {
  if (routine.returnType === 'void') return `${array}::text`;
  const strip = (accept.type === 'object' || accept.type === 'array') && accept.stripNulls;
  const json = strip ? `json_strip_nulls(${array})` : array;
  // A function returning one value or one row answers that value, not an array of it.
  const single = !routine.returnsSet || accept.type === 'object';
  return single ? `coalesce((${json} -> 0)::text, 'null')` : `${json}::text`;
}
