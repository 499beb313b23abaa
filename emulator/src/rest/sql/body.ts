import type { ReadNode } from '../plan/read-plan.js';
import { ident, type SqlBuilder } from './builder.js';
import { renderNode, type NodeSource } from './read.js';

/** The shape of the response body the statement builds. */
export interface BodyOptions {
  /** `json` (an array), `object` (the first row, or `''` when none), `csv`, `geojson` (PostGIS), or `none` (HEAD). */
  media: 'json' | 'object' | 'csv' | 'geojson' | 'none';
  /** `nulls=stripped`: drop null-valued keys (json_strip_nulls). */
  stripNulls?: boolean;
  /** Adds `total_result_set`, the exact number of rows matching (ignoring the range). */
  exactCount?: boolean;
}

/**
 * Renders a whole read as one statement over any source, as PostgREST does, returning one row
 * `{ total_result_set, page_total, body }` with the body produced by Postgres itself
 * (`json_agg`, `row_to_json`, `coalesce(…, '[]')`) — so Postgres renders every value.
 * The source may be a table (`"public"."movies"`) or a CTE a mutation filled:
 *
 * @example
 * const b = new SqlBuilder();
 * const insert = `INSERT INTO "public"."movies" … RETURNING "movies".*`;
 * const read = renderReadStatement(b, root, { from: 'pgrst_source' }, { media: 'json' });
 * const sql = `WITH pgrst_source AS (${insert}) ${read}`;
 * const { rows: [r] } = await tx.query(sql, b.params); // r.body is the JSON text
 */
export function renderReadStatement(
  b: SqlBuilder,
  root: ReadNode,
  source: NodeSource,
  options: BodyOptions,
): string {
  const t = ident('pgrst_t');
  let total = 'NULL::bigint';
  if (options.exactCount) {
    const counted = renderNode(b, root, {
      ...source,
      mode: 'count',
      limit: undefined,
      offset: undefined,
    });
    total = `(SELECT pg_catalog.count(*) FROM (${counted}) AS ${ident('pgrst_c')})`;
  }
  const rows = renderNode(b, root, { ...source, mode: 'rows' });
  const row = options.stripNulls ? `json_strip_nulls(row_to_json(${t}))` : `row_to_json(${t})`;
  let body: string;
  switch (options.media) {
    case 'json':
      body = `coalesce(json_agg(${row}), '[]'::json)::text`;
      break;
    case 'object':
      body = `coalesce((json_agg(${row})->0)::text, '')`;
      break;
    case 'csv':
      // PostgREST's CSV: a header of the first row's keys, then each record's text form
      // without its parentheses.
      body =
        `coalesce((SELECT string_agg(k, ',') FROM json_object_keys(json_agg(row_to_json(${t}))->0) AS k), '')` +
        ` || chr(10) || coalesce(string_agg(substring(${t}::text, 2, length(${t}::text) - 2), chr(10)), '')`;
      break;
    case 'geojson':
      // Needs PostGIS (ST_AsGeoJSON of a record makes a Feature of its geometry column).
      body =
        `json_build_object('type', 'FeatureCollection', 'features', ` +
        `coalesce(json_agg(ST_AsGeoJSON(${t})::json), '[]'::json))::text`;
      break;
    case 'none':
      body = `''`;
      break;
  }
  return `SELECT ${total} AS total_result_set, pg_catalog.count(*) AS page_total, ${body} AS body FROM (${rows}) AS ${t}`;
}
