import { RestError, type Condition, type OrderTerm } from '../ast.js';
import { notEmbedded } from '../plan/errors.js';
import type { EmbedNode, ReadNode } from '../plan/read-plan.js';
import { ident, qualified, type SqlBuilder } from './builder.js';
import { renderCondition, type ConditionScope } from './conditions.js';
import { fieldSql } from './expression.js';
import { renderSelectList, spreadNames } from './select-list.js';

/** How a level is rendered: its FROM source and extra conditions (the embed's join). */
export interface NodeSource {
  /** What goes after FROM, without alias: `"public"."movies"` or `pgrst_source`. */
  from: string;
  /** Join conditions to the parent, already rendered. */
  join?: string[];
  /** Extra FROM items (the junction table of a many-to-many). */
  extraJoin?: string;
  /** `count`: skip order and range (for counting the rows that match). */
  mode?: 'rows' | 'count';
  /** Applies the level's own limit/offset (embeds always; the root when the caller says so). */
  limit?: number;
  offset?: number;
}

function scopeOf(node: ReadNode): ConditionScope {
  const embeds = new Map<string, { lateral: string; spread: boolean }>();
  for (const item of node.items) {
    if (item.kind === 'embed')
      embeds.set(item.embed.name, { lateral: item.embed.lateral, spread: item.embed.spread });
  }
  return { alias: node.alias, relation: node.relation, embeds };
}

function orderSql(b: SqlBuilder, node: ReadNode, terms: OrderTerm[]): string {
  if (terms.length === 0) return '';
  const parts = terms.map((t) => {
    let s = t.relation === undefined ? fieldSql(b, node.alias, t.field) : relatedOrder(b, node, t);
    if (t.direction) s += t.direction === 'asc' ? ' ASC' : ' DESC';
    if (t.nulls) s += t.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  });
  return ` ORDER BY ${parts.join(', ')}`;
}

/**
 * `order=director(name)`: a column of a to-one embed of this level. Its value is read from the
 * embed's JSON as jsonb, which orders numbers as numbers and strings as text.
 */
function relatedOrder(b: SqlBuilder, node: ReadNode, t: OrderTerm): string {
  const item = node.items.find((i) => i.kind === 'embed' && i.embed.name === t.relation);
  if (!item || item.kind !== 'embed') throw notEmbedded(t.relation!);
  const { embed } = item;
  if (!embed.toOne) {
    throw new RestError(400, {
      code: 'PGRST118',
      details: `'${node.relation.name}' and '${t.relation}' do not form a many-to-one or one-to-one relationship`,
      hint: null,
      message: `A related order on '${t.relation}' is not possible`,
    });
  }
  const lateral = ident(embed.lateral);
  const base = embed.spread
    ? `to_jsonb(${lateral}.${ident(t.field.name)})`
    : `(${lateral}.${ident('pgrst_body')}::jsonb->${b.param(t.field.name)}::text)`;
  return t.field.jsonPath.reduce(
    (sql, step) =>
      `${sql}${step.arrow}${b.param(step.key)}::${typeof step.key === 'number' ? 'int' : 'text'}`,
    base,
  );
}

/** The join of an embed's rows to its parent's row, per the relationship. */
function joinConditions(
  embed: EmbedNode,
  parentAlias: string,
): { join: string[]; extraJoin?: string } {
  const rel = embed.relationship;
  const child = ident(embed.node.alias);
  const parent = ident(parentAlias);
  // A computed relationship's function is given the parent's row; it needs no join condition.
  if (rel.computed) return { join: [] };
  const eq = (a: string, ac: string, p: string, pc: string) =>
    `${a}.${ident(ac)} = ${p}.${ident(pc)}`;
  if (rel.junction) {
    const j = rel.junction;
    const jAlias = ident(`${j.relation.name}_${embed.node.alias}`);
    const on = j.target.columns
      .map((c, i) => eq(jAlias, c, child, j.target.foreignColumns[i]))
      .join(' AND ');
    return {
      extraJoin: ` INNER JOIN ${qualified(j.relation.schema, j.relation.name)} AS ${jAlias} ON ${on}`,
      join: j.source.columns.map((c, i) => eq(jAlias, c, parent, j.source.foreignColumns[i])),
    };
  }
  const fk = rel.fk!;
  return rel.forward
    ? { join: fk.columns.map((c, i) => eq(child, fk.foreignColumns[i], parent, c)) }
    : { join: fk.columns.map((c, i) => eq(child, c, parent, fk.foreignColumns[i])) };
}

function lateralSql(
  b: SqlBuilder,
  embed: EmbedNode,
  parentAlias: string,
  mode: 'rows' | 'count',
): string {
  const { join, extraJoin } = joinConditions(embed, parentAlias);
  const target = embed.node.relation;
  const computed = embed.relationship.computed;
  const inner = renderNode(b, embed.node, {
    from: computed
      ? `${qualified(computed.schema, computed.name)}(${ident(parentAlias)})`
      : qualified(target.schema, target.name),
    join,
    extraJoin,
    mode: 'rows',
    limit: embed.node.limit,
    offset: embed.node.offset,
  });
  const lateral = ident(embed.lateral);
  const joinKind = embed.joinType === 'inner' && (embed.toOne || embed.spread) ? 'INNER' : 'LEFT';
  let body: string;
  if (embed.spread && !embed.toOne) {
    // PostgREST 13's spread of a to-many embed: each column becomes an array of its values.
    const t = ident('pgrst_t');
    const cols = spreadNames(embed.node)
      .map((n) => `coalesce(json_agg(${t}.${ident(n)}), '[]'::json) AS ${ident(n)}`)
      .join(', ');
    const having = embed.joinType === 'inner' ? ' HAVING pg_catalog.count(*) > 0' : '';
    body = `SELECT ${cols} FROM (${inner}) AS ${t}${having}`;
  } else if (embed.spread) body = inner;
  else if (embed.toOne)
    body = `SELECT row_to_json(${ident('pgrst_t')}) AS ${ident('pgrst_body')} FROM (${inner}) AS ${ident('pgrst_t')}`;
  else
    body = `SELECT json_agg(${ident('pgrst_t')}) AS ${ident('pgrst_body')} FROM (${inner}) AS ${ident('pgrst_t')}`;
  void mode;
  return ` ${joinKind} JOIN LATERAL (${body}) AS ${lateral} ON true`;
}

/**
 * Renders one level of a read as a SELECT over `source.from` aliased as the node's alias: the
 * select list, embeds as lateral subqueries aggregated to JSON (PostgREST's shape), filters
 * (`!inner` to-many embeds filter their parent), GROUP BY for aggregates, order and range.
 *
 * @example
 * const b = new SqlBuilder();
 * const sql = renderNode(b, root, { from: '"public"."movies"' });
 */
export function renderNode(b: SqlBuilder, node: ReadNode, source: NodeSource): string {
  const mode = source.mode ?? 'rows';
  const alias = ident(node.alias);
  let laterals = '';
  const where: string[] = [...(source.join ?? [])];
  for (const item of node.items) {
    if (item.kind !== 'embed') continue;
    laterals += lateralSql(b, item.embed, node.alias, mode);
    if (item.embed.joinType === 'inner' && !item.embed.toOne && !item.embed.spread) {
      where.push(`${ident(item.embed.lateral)}.${ident('pgrst_body')} IS NOT NULL`);
    }
  }
  const scope = scopeOf(node);
  where.push(...node.conditions.map((c: Condition) => `(${renderCondition(b, c, scope)})`));
  const outputs = renderSelectList(b, node);
  // Counting keeps the select list (its parameters and any GROUP BY must stay consistent) and
  // drops only order and range.
  const select =
    outputs.length === 0 ? '' : outputs.map((o) => `${o.sql} AS ${ident(o.name)}`).join(', ');
  let groupBy = '';
  if (outputs.some((o) => o.aggregate)) {
    const positions = outputs.flatMap((o, i) => (o.aggregate ? [] : [String(i + 1)]));
    if (positions.length) groupBy = ` GROUP BY ${positions.join(', ')}`;
  }
  let sql = `SELECT ${select} FROM ${source.from} AS ${alias}${source.extraJoin ?? ''}${laterals}`;
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
  sql += groupBy;
  if (mode === 'rows') {
    sql += orderSql(b, node, node.order);
    if (source.limit !== undefined) sql += ` LIMIT ${b.param(source.limit)}::bigint`;
    if (source.offset !== undefined && source.offset > 0)
      sql += ` OFFSET ${b.param(source.offset)}::bigint`;
  }
  return sql;
}
