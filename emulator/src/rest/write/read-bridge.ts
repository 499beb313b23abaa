import type { EmulatorContext } from '../../context.js';
import type { AcceptedMedia, ParsedRequest, ReadQuery } from '../ast.js';
import { tableNotFound } from '../plan/errors.js';
import { planRead } from '../plan/read-plan.js';
import { getSchemaCache, type Relation, type SchemaCache } from '../schema-cache.js';
import { type SqlBuilder } from '../sql/builder.js';
import { renderCondition } from '../sql/conditions.js';
import { fieldSql } from '../sql/expression.js';
import { renderReadStatement, type BodyOptions } from '../sql/body.js';
import type { BodyRenderer } from './statement.js';

/**
 * The relation a request names, from the schema cache (PGRST205 with PostgREST's fuzzy hint when
 * there is none).
 *
 * @example
 * const { cache, relation } = await findRelation(ctx, 'public', 'movies');
 */
export async function findRelation(
  ctx: EmulatorContext,
  schema: string,
  name: string,
): Promise<{ cache: SchemaCache; relation: Relation }> {
  const cache = await getSchemaCache(ctx);
  const relation = cache.find(schema, name);
  if (!relation) throw tableNotFound(cache, schema, name);
  return { cache, relation };
}

/**
 * The root filters of a PATCH/DELETE as one SQL condition over the target table (referenced by
 * its name), or undefined when there are none. Operands are bound through the read renderer.
 *
 * @example
 * const where = mutationWhere(parsed, relation, builder); // '("movies"."id" = $1)'
 */
export function mutationWhere(
  parsed: ParsedRequest,
  relation: Relation,
  b: SqlBuilder,
): string | undefined {
  const roots = parsed.read.filters.filter((f) => f.path.length === 0);
  if (roots.length === 0) return undefined;
  const scope = { alias: relation.name, relation };
  return roots.map((f) => `(${renderCondition(b, f.condition, scope)})`).join(' AND ');
}

/**
 * `ORDER BY … LIMIT … OFFSET …` choosing which rows a PATCH/DELETE with `limit` changes, or
 * undefined without a root limit/offset (then `order` does not restrict anything).
 *
 * @example
 * mutationLimit(parsed, relation, builder) // 'ORDER BY "movies"."id" DESC LIMIT $2::bigint'
 */
export function mutationLimit(
  parsed: ParsedRequest,
  relation: Relation,
  b: SqlBuilder,
): string | undefined {
  const range = parsed.read.ranges.find((r) => r.path.length === 0);
  if (!range || (range.limit === undefined && !range.offset)) return undefined;
  const terms = parsed.read.orders.filter((o) => o.path.length === 0).flatMap((o) => o.terms);
  const order = terms.map((t) => {
    let s = fieldSql(b, relation.name, t.field);
    if (t.direction) s += t.direction === 'asc' ? ' ASC' : ' DESC';
    if (t.nulls) s += t.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  });
  let sql = order.length ? `ORDER BY ${order.join(', ')}` : '';
  if (range.limit !== undefined) sql += ` LIMIT ${b.param(range.limit)}::bigint`;
  if (range.offset) sql += ` OFFSET ${b.param(range.offset)}::bigint`;
  return sql.trim();
}

/**
 * How a body is rendered for an `Accept`: a JSON array (optionally without nulls), one object, or
 * CSV. Plans and GeoJSON are the read path's; a write answers them as JSON.
 *
 * @example
 * bodyMedia({ type: 'object' }) // → { media: 'object', stripNulls: false }
 */
export function bodyMedia(accept: AcceptedMedia): BodyOptions {
  if (accept.type === 'object') return { media: 'object', stripNulls: accept.stripNulls ?? false };
  if (accept.type === 'array') return { media: 'json', stripNulls: accept.stripNulls ?? false };
  if (accept.type === 'csv') return { media: 'csv' };
  return { media: 'json' };
}

/**
 * The representation of mutated rows: the request's `select=` (with embeds, and the embeds' own
 * filters, order and limits) rendered by the read renderer over the CTE holding the rows, the
 * body produced by Postgres in the negotiated media (JSON array, object, CSV). Root filters and
 * range are left out: they chose the rows already.
 *
 * @example
 * const body = mutationBody(cache, relation, parsed.read, parsed.accept);
 * body('pgrst_source', builder) // 'SELECT body FROM (SELECT … FROM pgrst_source AS "movies" …) pgrst_r'
 */
export function mutationBody(
  cache: SchemaCache,
  relation: Relation,
  read: ReadQuery,
  accept: AcceptedMedia,
): BodyRenderer {
  const shaped: ReadQuery = {
    ...read,
    filters: read.filters.filter((f) => f.path.length > 0),
    ranges: read.ranges.filter((r) => r.path.length > 0),
  };
  const node = planRead(cache, relation, shaped, { alias: relation.name });
  return (source, b) =>
    `SELECT body FROM (${renderReadStatement(b, node, { from: source }, bodyMedia(accept))}) pgrst_r`;
}
