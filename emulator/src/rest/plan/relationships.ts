import type { ComputedRelationship, ForeignKey, Relation, SchemaCache } from '../schema-cache.js';
import { ambiguousRelationship, noRelationship } from './errors.js';
import { closest } from './fuzzy.js';

/** How an embedded resource relates to its parent, found from foreign keys. */
export interface Relationship {
  kind: 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many' | 'computed';
  /** The embedded table or view. */
  target: Relation;
  /** The foreign key (for all but many-to-many and computed). */
  fk?: ForeignKey;
  /** True when the parent holds the foreign key columns (`fk.table` is the parent). */
  forward: boolean;
  /** Many-to-many: the join table and its two foreign keys (to the parent, to the target). */
  junction?: { relation: Relation; source: ForeignKey; target: ForeignKey };
  /** Computed: the function taking the parent's row and returning the target's rows. */
  computed?: ComputedRelationship;
}

function same(fk: ForeignKey, rel: Relation, foreign: boolean): boolean {
  return foreign
    ? fk.foreignSchema === rel.schema && fk.foreignTable === rel.name
    : fk.schema === rel.schema && fk.table === rel.name;
}

function isUnique(rel: Relation, columns: string[]): boolean {
  return rel.uniqueKeys.some(
    (k) => k.length === columns.length && k.every((c) => columns.includes(c)),
  );
}

/** Every relationship of `parent`, as PostgREST's schema cache lists them. */
function relationshipsOf(cache: SchemaCache, parent: Relation): Relationship[] {
  const out: Relationship[] = [];
  for (const fk of cache.foreignKeys) {
    // Many-to-one (one-to-one when the FK columns are unique): the parent holds the FK.
    if (same(fk, parent, false)) {
      const target = cache.find(fk.foreignSchema, fk.foreignTable);
      if (target) {
        const kind = isUnique(parent, fk.columns) ? 'one-to-one' : 'many-to-one';
        out.push({ kind, target, fk, forward: true });
      }
    }
    // One-to-many (or one-to-one): the embedded table holds the FK to the parent.
    if (same(fk, parent, true)) {
      const target = cache.find(fk.schema, fk.table);
      if (target) {
        const kind = isUnique(target, fk.columns) ? 'one-to-one' : 'one-to-many';
        out.push({ kind, target, fk, forward: false });
      }
    }
  }
  // Many-to-many through a join table whose primary key holds both foreign keys' columns.
  for (const source of cache.foreignKeys) {
    if (!same(source, parent, true)) continue;
    const junction = cache.find(source.schema, source.table);
    if (!junction) continue;
    for (const other of cache.foreignKeys) {
      if (other === source || other.schema !== source.schema || other.table !== source.table)
        continue;
      const pk = junction.primaryKey;
      if (![...source.columns, ...other.columns].every((c) => pk.includes(c))) continue;
      const target = cache.find(other.foreignSchema, other.foreignTable);
      if (target) {
        out.push({
          kind: 'many-to-many',
          target,
          forward: false,
          junction: { relation: junction, source, target: other },
        });
      }
    }
  }
  for (const computed of cache.computed) {
    if (computed.sourceSchema !== parent.schema || computed.sourceName !== parent.name) continue;
    const target = cache.find(computed.targetSchema, computed.targetName);
    if (target) out.push({ kind: 'computed', target, forward: false, computed });
  }
  return out;
}

/** The relationship's single column pair (parent column, embedded column), if it has one. */
function singleColumns(rel: Relationship): [string, string] | undefined {
  const fk = rel.fk;
  if (!fk || fk.columns.length !== 1) return undefined;
  return rel.forward
    ? [fk.columns[0], fk.foreignColumns[0]]
    : [fk.foreignColumns[0], fk.columns[0]];
}

/** PostgREST's `findRel` filter: which relationships `target` (and `!hint`) may mean. */
function matches(rel: Relationship, parent: Relation, target: string, hint?: string): boolean {
  if (rel.computed) return rel.computed.name === target;
  const cols = singleColumns(rel);
  const byColumn = (h: string) => cols !== undefined && cols[0] === h;
  const byRefColumn = (h: string) => cols !== undefined && cols[1] === h;
  const byConstraint = (h: string) => rel.fk !== undefined && rel.fk.name === h;
  const byJunction = (h: string) => rel.junction !== undefined && rel.junction.relation.name === h;
  const toName = rel.target.name === target;
  const isSelf =
    !rel.junction && rel.target.schema === parent.schema && rel.target.name === parent.name;
  if (isSelf) {
    // One FK, two relationships: the table's name means the children (one-to-many), the FK
    // column the parent (many-to-one); with a hint, the children through that column.
    if (hint === undefined) {
      return (
        (toName && rel.kind === 'one-to-many') || (byColumn(target) && rel.kind === 'many-to-one')
      );
    }
    return toName && rel.kind === 'one-to-many' && byRefColumn(hint);
  }
  if (hint === undefined) {
    const notView = rel.target.kind !== 'view';
    return toName || (byConstraint(target) && notView) || (byColumn(target) && notView);
  }
  return toName && (byConstraint(hint) || byColumn(hint) || byRefColumn(hint) || byJunction(hint));
}

/**
 * Finds the one relationship an embed means, as PostgREST's `findRel` does: by table name, FK
 * constraint name, FK column or computed-relationship function, narrowed by a `!hint`
 * (constraint, either column of the FK, or join table); a self-referencing FK means the
 * children by the table's name and the parent by the FK column. None → PGRST200
 * (with a "Perhaps you meant" hint), several → PGRST201 listing them.
 *
 * @example
 * const rel = findRelationship(cache, movies, 'people', 'movies_director_id_fkey');
 */
export function findRelationship(
  cache: SchemaCache,
  parent: Relation,
  name: string,
  hint?: string,
): Relationship {
  const found = relationshipsOf(cache, parent).filter((r) => matches(r, parent, name, hint));
  if (found.length === 1) return found[0];
  if (found.length > 1) throw ambiguousRelationship(parent.name, name, found);
  const related = new Set<string>();
  for (const fk of cache.foreignKeys) {
    if (same(fk, parent, false)) related.add(fk.foreignTable);
    if (same(fk, parent, true)) related.add(fk.table);
  }
  const guess = related.has(name) ? undefined : closest(related, name, 0.33);
  throw noRelationship(
    parent.name,
    name,
    hint,
    parent.schema,
    guess === undefined ? null : `Perhaps you meant '${guess}' instead of '${name}'.`,
  );
}
