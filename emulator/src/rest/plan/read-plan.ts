import {
  RestError,
  type Condition,
  type OrderTerm,
  type ReadQuery,
  type SelectItem,
} from '../ast.js';
import type { Relation, SchemaCache } from '../schema-cache.js';
import { notEmbedded } from './errors.js';
import { findRelationship, type Relationship } from './relationships.js';

type ColumnItem = Extract<SelectItem, { type: 'column' }>;

/** One output of a node's select list. */
export type PlannedItem =
  { kind: 'star' } | { kind: 'column'; item: ColumnItem } | { kind: 'embed'; embed: EmbedNode };

/** A relation read at one level of the select tree (the root, or an embed). */
export interface ReadNode {
  relation: Relation;
  /** The SQL alias of the relation in this level's FROM (`movies`, `people_1`). */
  alias: string;
  items: PlannedItem[];
  conditions: Condition[];
  order: OrderTerm[];
  limit?: number;
  offset?: number;
}

/** An embedded resource under its parent. */
export interface EmbedNode {
  /** The key in the response (alias or relation name); also how query keys address it. */
  name: string;
  relationship: Relationship;
  joinType: 'left' | 'inner';
  spread: boolean;
  /** The SQL alias of the lateral subquery joined to the parent. */
  lateral: string;
  /** Whether the embed is one object (many-to-one, one-to-one) or an array. */
  toOne: boolean;
  node: ReadNode;
}

/**
 * An embed that selects nothing (`clients()`, or only embeds that select nothing): it still
 * joins (so `!inner` filters) but, as in PostgREST, its key is left out of the row.
 *
 * @example
 * isEmptyEmbed(embed.node); // true for `select=id,clients()`
 */
export function isEmptyEmbed(node: ReadNode): boolean {
  return node.items.every(
    (i) => i.kind === 'embed' && !i.embed.spread && isEmptyEmbed(i.embed.node),
  );
}

/**
 * `rel(count)` inside an embed (no parentheses) is the older spelling of `count()` that
 * supabase-js documents (`select('*, cities(count)')`); a real column named `count` wins.
 */
function legacyCount(item: ColumnItem, rel: Relation, path: string[]): ColumnItem {
  const bare =
    path.length > 0 &&
    item.field.name === 'count' &&
    item.field.jsonPath.length === 0 &&
    !item.cast &&
    !item.aggregate &&
    !rel.column.has('count');
  return bare ? { ...item, field: { name: '', jsonPath: [] }, aggregate: 'count' } : item;
}

/**
 * Plans a read: resolves every embed of the select tree to a relationship (schema cache), gives
 * each level an SQL alias as PostgREST does (`table_1` …), and attaches filters, orders and
 * ranges to the level their embed path names (unknown path → PGRST108). Pure.
 *
 * @example
 * const root = planRead(cache, cache.find('public', 'movies')!, parsed.read);
 */
export function planRead(
  cache: SchemaCache,
  relation: Relation,
  read: ReadQuery,
  options: { alias?: string } = {},
): ReadNode {
  let counter = 0;
  const byPath = new Map<string, ReadNode>();

  const build = (rel: Relation, alias: string, select: SelectItem[], path: string[]): ReadNode => {
    const node: ReadNode = { relation: rel, alias, items: [], conditions: [], order: [] };
    const names = new Set<string>();
    byPath.set(path.join('\u0000'), node);
    for (const item of select) {
      if (item.type === 'star') node.items.push({ kind: 'star' });
      else if (item.type === 'column')
        node.items.push({ kind: 'column', item: legacyCount(item, rel, path) });
      else {
        const relationship = findRelationship(cache, rel, item.relation, item.hint);
        const toOne = relationship.computed
          ? relationship.computed.toOne
          : relationship.kind === 'many-to-one' || relationship.kind === 'one-to-one';
        const name = item.alias ?? item.relation;
        // PostgREST names each embed's subquery `<parent>_<name>_<depth>`, so the same name
        // twice at one level is Postgres's duplicate alias error.
        if (!item.spread && names.has(name)) {
          throw new RestError(400, {
            code: '42712',
            details: null,
            hint: null,
            message: `table name "${rel.name}_${name}_${path.length + 1}" specified more than once`,
          });
        }
        names.add(name);
        counter += 1;
        const child = build(
          relationship.target,
          `${relationship.target.name}_${counter}`,
          item.select,
          [...path, name],
        );
        node.items.push({
          kind: 'embed',
          embed: {
            name,
            relationship,
            joinType: item.joinType ?? 'left',
            spread: item.spread,
            lateral: `${rel.name}_${name}_${counter}`,
            toOne,
            node: child,
          },
        });
      }
    }
    return node;
  };

  const root = build(relation, options.alias ?? relation.name, read.select, []);
  const at = (path: string[]): ReadNode => {
    const node = byPath.get(path.join('\u0000'));
    if (!node) throw notEmbedded(path.join('.'));
    return node;
  };
  for (const f of read.filters) at(f.path).conditions.push(f.condition);
  for (const o of read.orders) at(o.path).order.push(...o.terms);
  for (const r of read.ranges) {
    const node = at(r.path);
    if (r.limit !== undefined) node.limit = r.limit;
    if (r.offset !== undefined) node.offset = r.offset;
  }
  return root;
}
