import type { SelectItem } from '../ast.js';
import { outputName } from '../parse/field.js';
import { isEmptyEmbed, type ReadNode } from '../plan/read-plan.js';
import { castSql, ident, type SqlBuilder } from './builder.js';
import { fieldSql } from './expression.js';

type ColumnItem = Extract<SelectItem, { type: 'column' }>;

/** One rendered output: its SQL, its key, and whether it is an aggregate (for GROUP BY). */
export interface RenderedOutput {
  sql: string;
  name: string;
  aggregate: boolean;
}

function columnOutput(b: SqlBuilder, alias: string, item: ColumnItem): RenderedOutput {
  if (item.aggregate) {
    let arg = item.field.name === '' ? '*' : fieldSql(b, alias, item.field);
    if (item.cast && arg !== '*') arg = `(${arg})${castSql(item.cast)}`;
    let sql = `pg_catalog.${item.aggregate}(${arg})`;
    if (item.aggregateCast) sql = `(${sql})${castSql(item.aggregateCast)}`;
    return { sql, name: item.alias ?? item.aggregate, aggregate: true };
  }
  let sql = fieldSql(b, alias, item.field);
  // PostgREST returns `->>`-less JSON paths as JSON and casts apply to the whole expression.
  if (item.cast) sql = `(${sql})${castSql(item.cast)}`;
  return { sql, name: outputName(item.field, item.alias), aggregate: false };
}

/**
 * The select list of one level: `*` expanded to the relation's columns (so aggregates can group by
 * position), columns with casts and JSON paths, aggregates, and embeds read from their lateral
 * subqueries (`pgrst_body`, `[]` for an empty to-many, a spread's columns as they are).
 *
 * @example
 * renderSelectList(b, node); // [{ sql: '"movies"."id"', name: 'id', aggregate: false }, …]
 */
export function renderSelectList(b: SqlBuilder, node: ReadNode): RenderedOutput[] {
  const out: RenderedOutput[] = [];
  for (const item of node.items) {
    if (item.kind === 'star') {
      for (const col of node.relation.columns) {
        out.push({
          sql: `${ident(node.alias)}.${ident(col.name)}`,
          name: col.name,
          aggregate: false,
        });
      }
    } else if (item.kind === 'column') {
      out.push(columnOutput(b, node.alias, item.item));
    } else {
      const { embed } = item;
      const lateral = ident(embed.lateral);
      if (!embed.spread && isEmptyEmbed(embed.node)) continue;
      if (embed.spread) {
        for (const name of spreadNames(embed.node)) {
          out.push({ sql: `${lateral}.${ident(name)}`, name, aggregate: false });
        }
      } else if (embed.toOne) {
        out.push({ sql: `${lateral}.${ident('pgrst_body')}`, name: embed.name, aggregate: false });
      } else {
        out.push({
          sql: `coalesce(${lateral}.${ident('pgrst_body')}, '[]'::json)`,
          name: embed.name,
          aggregate: false,
        });
      }
    }
  }
  return out;
}

/**
 * The keys a spread embed contributes to its parent (computed without binding anything).
 *
 * @example
 * spreadNames(embed.node); // ['name', 'born']
 */
export function spreadNames(node: ReadNode): string[] {
  const names: string[] = [];
  for (const item of node.items) {
    if (item.kind === 'star') names.push(...node.relation.columns.map((c) => c.name));
    else if (item.kind === 'column') {
      names.push(
        item.item.aggregate
          ? (item.item.alias ?? item.item.aggregate)
          : outputName(item.item.field, item.item.alias),
      );
    } else if (item.embed.spread) names.push(...spreadNames(item.embed.node));
    else if (!isEmptyEmbed(item.embed.node)) names.push(item.embed.name);
  }
  return names;
}
