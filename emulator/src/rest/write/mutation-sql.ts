import { RestError } from '../ast.js';
import type { Payload } from './payload.js';
import type { SqlBuilder } from '../sql/builder.js';
import { ident, qualified } from '../sql/builder.js';
import type { TargetColumn, WriteTarget } from './target.js';

/** `ON CONFLICT` of an upsert: the conflict columns and what to do with a duplicate. */
export interface Conflict {
  columns: string[];
  resolution: 'merge-duplicates' | 'ignore-duplicates';
}

/** What every mutation shares. */
interface MutationBase {
  target: WriteTarget;
  params: SqlBuilder;
}

/** An INSERT of the payload's rows. */
export interface InsertSpec extends MutationBase {
  payload: Payload;
  /** `Prefer: missing=default`: keys absent from a row take the column default. */
  missingDefault: boolean;
  conflict?: Conflict;
  /** Also return whether each row was inserted (not merged), for upserts' 200/201. */
  trackInserted: boolean;
  /** PUT: a condition on `pgrst_body` keeping only the row whose key matches the URL. */
  bodyWhere?: string;
}

/** An UPDATE of the rows matching `where` (and `limited`, for `order`/`limit`). */
export interface UpdateSpec extends MutationBase {
  payload: Payload;
  missingDefault: boolean;
  /** A rendered boolean SQL condition over the target (filters), or undefined for all rows. */
  where?: string;
  /** `ORDER BY … LIMIT … OFFSET …` text choosing which matching rows change. */
  limited?: string;
}

/** A DELETE of the rows matching `where`. */
export interface DeleteSpec extends MutationBase {
  where?: string;
  limited?: string;
}

/**
 * Renders an INSERT as PostgREST does: the body is one bound `jsonb` parameter, expanded with
 * `jsonb_array_elements` and converted by `jsonb_to_record` to the columns' types, so Postgres
 * does every conversion (and reports bad values itself). Rows keep the body's order.
 *
 * @example
 * renderInsert({ target, params, payload, missingDefault: false, trackInserted: false })
 * // INSERT INTO "public"."t" ("a") SELECT pgrst_body."a" FROM … RETURNING "public"."t".*
 */
export function renderInsert(spec: InsertSpec): string {
  const { target, params, payload } = spec;
  const table = qualified(target.schema, target.name);
  const columns = payloadColumns(target, payload.keys);
  const json = `${params.param(payload.json)}::jsonb`;
  const select = columns.map((c) => `pgrst_body.${ident(c.name)}`).join(', ');
  const elements =
    `jsonb_array_elements(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} ` +
    `ELSE jsonb_build_array(${json}) END) WITH ORDINALITY`;
  const defaults = spec.missingDefault ? defaultsObject(target, columns, params) : undefined;
  // PostgREST merges the defaults of every payload column into every row (`defaults || row`),
  // so each row evaluates them all — a sequence advances once per row, key given or not.
  const rows = defaults
    ? `${elements} AS pgrst_raw(elem, ord), LATERAL (SELECT ${defaults} || pgrst_raw.elem AS elem, pgrst_raw.ord AS ord) pgrst_rows`
    : `${elements} AS pgrst_rows(elem, ord)`;
  const from =
    `FROM ${rows}` +
    (columns.length
      ? `, LATERAL jsonb_to_record(pgrst_rows.elem) AS pgrst_body(${recordDef(columns)})`
      : '');
  const into = columns.length ? ` (${columns.map((c) => ident(c.name)).join(', ')})` : '';
  const keep = spec.bodyWhere ? ` WHERE ${spec.bodyWhere}` : '';
  let sql = `INSERT INTO ${table}${into} SELECT ${select} ${from}${keep} ORDER BY pgrst_rows.ord`;
  if (spec.conflict && spec.conflict.columns.length) {
    const on = spec.conflict.columns.map(ident).join(', ');
    const merge = spec.conflict.resolution === 'merge-duplicates' && columns.length > 0;
    sql +=
      ` ON CONFLICT (${on}) ` + (merge ? `DO UPDATE SET ${excludedSet(columns)}` : 'DO NOTHING');
  }
  return (
    sql +
    ` RETURNING ${table}.*` +
    (spec.trackInserted ? `, (${table}.xmax = 0) AS pgrst_inserted` : '')
  );
}

/**
 * Renders an UPDATE setting the payload's columns from the bound body (its first row when it is an
 * array) on the rows matching the filters. An empty body changes nothing, as in PostgREST.
 *
 * @example
 * renderUpdate({ target, params, payload, missingDefault: false, where: '"public"."t"."id" = $2' })
 */
export function renderUpdate(spec: UpdateSpec): string {
  const { target, params, payload } = spec;
  const table = qualified(target.schema, target.name);
  const columns = payloadColumns(target, payload.keys);
  // PostgREST selects no row at all for an update without columns: nothing to set.
  if (columns.length === 0) return `SELECT ${table}.* FROM ${table} WHERE false`;
  const json = `${params.param(payload.json)}::jsonb`;
  const set = columns
    .map((c) => `${ident(c.name)} = ${valueExpr(target, c, spec.missingDefault, params)}`)
    .join(', ');
  const from =
    `FROM (SELECT CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} -> 0 ELSE ${json} END AS elem) pgrst_rows, ` +
    `LATERAL jsonb_to_record(pgrst_rows.elem) AS pgrst_body(${recordDef(columns)})`;
  return `UPDATE ${table} SET ${set} ${from}${whereClause(table, spec)} RETURNING ${table}.*`;
}

/**
 * Renders a DELETE of the rows matching the filters.
 *
 * @example
 * renderDelete({ target, params, where: '"public"."t"."id" = $1' })
 * // DELETE FROM "public"."t" WHERE "public"."t"."id" = $1 RETURNING "public"."t".*
 */
export function renderDelete(spec: DeleteSpec): string {
  const table = qualified(spec.target.schema, spec.target.name);
  return `DELETE FROM ${table}${whereClause(table, spec)} RETURNING ${table}.*`;
}

/** The payload's keys as the target's columns; an unknown key is PostgREST's PGRST204. */
function payloadColumns(target: WriteTarget, keys: string[]): TargetColumn[] {
  const seen = new Set<string>();
  const columns: TargetColumn[] = [];
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const column = target.columns.find((c) => c.name === key);
    if (!column) throw new ColumnNotFoundError(target.name, key);
    columns.push(column);
  }
  return columns;
}

/** PostgREST's PGRST204: a body key or `columns` entry the target does not have. */
export class ColumnNotFoundError extends RestError {
  constructor(table: string, column: string) {
    super(400, {
      code: 'PGRST204',
      details: null,
      hint: null,
      message: `Could not find the '${column}' column of '${table}' in the schema cache`,
    });
  }
}

function recordDef(columns: TargetColumn[]): string {
  return columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
}

function valueExpr(
  target: WriteTarget,
  column: TargetColumn,
  missingDefault: boolean,
  params: SqlBuilder,
): string {
  const value = `pgrst_body.${ident(column.name)}`;
  if (!missingDefault) return value;
  const fallback = defaultExpr(target, column, params);
  if (fallback === undefined) return value;
  // The key's presence, not its value, decides: an explicit null stays null.
  return `CASE WHEN pgrst_rows.elem ? ${params.param(column.name)} THEN ${value} ELSE ${fallback} END`;
}

/** The column's default as an expression: the catalog's, or an identity column's next value. */
function defaultExpr(
  target: WriteTarget,
  column: TargetColumn,
  params: SqlBuilder,
): string | undefined {
  if (column.identity) {
    const table = params.param(qualified(target.schema, target.name));
    return `nextval(pg_get_serial_sequence(${table}, ${params.param(column.name)}))`;
  }
  return column.default ?? undefined;
}

/** `jsonb_build_object('col', default, …)` of the columns that have a default, if any. */
function defaultsObject(
  target: WriteTarget,
  columns: TargetColumn[],
  params: SqlBuilder,
): string | undefined {
  const pairs = columns.flatMap((c) => {
    const fallback = defaultExpr(target, c, params);
    return fallback === undefined ? [] : [`${params.param(c.name)}::text, ${fallback}`];
  });
  return pairs.length ? `jsonb_build_object(${pairs.join(', ')})` : undefined;
}

function excludedSet(columns: TargetColumn[]): string {
  return columns.map((c) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`).join(', ');
}

function whereClause(table: string, spec: { where?: string; limited?: string }): string {
  if (spec.limited) {
    // Which rows an ordered, limited PATCH/DELETE touches, by physical row id as PostgREST does.
    const inner = `SELECT ${table}.ctid FROM ${table}${spec.where ? ` WHERE ${spec.where}` : ''} ${spec.limited}`;
    return ` WHERE ${table}.ctid = ANY (ARRAY(${inner}))`;
  }
  return spec.where ? ` WHERE ${spec.where}` : '';
}
