import type { ForeignKey, Relation, SchemaCache } from '../schema-cache.js';
import { ambiguousRelationship, noRelationship } from './errors.js';
import { closest } from './fuzzy.js';

/** How an embedded resource relates to its parent, found from foreign keys. */
export interface Relationship {
  kind: 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';
  /** The embedded table or view. */
  target: Relation;
  /** The foreign key (for all but many-to-many). */
  fk?: ForeignKey;
  /** True when the parent holds the foreign key columns (`fk.table` is the parent). */
  forward: boolean;
  /** Many-to-many: the join table and its two foreign keys (to the parent, to the target). */
  junction?: { relation: Relation; source: ForeignKey; target: ForeignKey };
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

/** Every relationship from `parent` to a relation called `name` (or through an FK named `name`). */
function candidates(cache: SchemaCache, parent: Relation, name: string): Relationship[] {
  const out: Relationship[] = [];
  for (const fk of cache.foreignKeys) {
    // Many-to-one (or one-to-one when the FK columns are unique): the parent holds the FK.
    if (same(fk, parent, false)) {
      const target = cache.find(fk.foreignSchema, fk.foreignTable);
      const byColumn = fk.columns.length === 1 && fk.columns[0] === name;
      if (target && (fk.foreignTable === name || fk.name === name || byColumn)) {
        out.push({
          kind: isUnique(parent, fk.columns) ? 'one-to-one' : 'many-to-one',
          target,
          fk,
          forward: true,
        });
      }
    }
    // One-to-many (or one-to-one): the embedded table holds the FK to the parent.
    if (same(fk, parent, true) && (fk.table === name || fk.name === name)) {
      const target = cache.find(fk.schema, fk.table);
      if (target) {
        out.push({
          kind: isUnique(target, fk.columns) ? 'one-to-one' : 'one-to-many',
          target,
          fk,
          forward: false,
        });
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
      if (other.foreignTable !== name) continue;
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
  return out;
}

function matchesHint(rel: Relationship, hint: string): boolean {
  if (rel.junction) {
    return (
      rel.junction.relation.name === hint ||
      rel.junction.source.name === hint ||
      rel.junction.target.name === hint
    );
  }
  const fk = rel.fk!;
  return (
    fk.name === hint ||
    fk.columns.includes(hint) ||
    fk.foreignColumns.includes(hint) ||
    rel.target.name === hint
  );
}

/**
 * Finds the one relationship an embed means, as PostgREST does: by table name, FK constraint
 * name or FK column, narrowed by a `!hint` (constraint, column or join table). None → PGRST200
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
  let found = candidates(cache, parent, name);
  if (hint !== undefined) found = found.filter((r) => matchesHint(r, hint));
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    // A self-referencing FK yields the same FK twice (both directions); a hint picks one.
    throw ambiguousRelationship(parent.name, name, found);
  }
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
