import type { Column, Relation, SchemaCache } from '../schema-cache.js';
import type { Routine } from './functions.js';

/**
 * The relation a function's row results are read as: the table or view whose row type it returns
 * (so `select=` can embed from it, as PostgREST allows), or a relation made of its OUT / TABLE
 * columns (no relationships).
 *
 * @example
 * const relation = resultRelation(cache, routine); // for `returns setof movies`: public.movies
 */
export function resultRelation(cache: SchemaCache, routine: Routine): Relation {
  if (routine.returnRelation) {
    const found = cache.find(routine.returnRelation.schema, routine.returnRelation.name);
    if (found) return found;
  }
  const columns: Column[] = routine.outColumns.map((c, i) => ({
    name: c.name,
    type: c.type,
    udt: c.type,
    category: c.type.endsWith('[]') ? 'A' : 'U',
    nullable: true,
    default: null,
    identity: '',
    generated: '',
    position: i + 1,
  }));
  return {
    schema: routine.schema,
    name: routine.name,
    kind: 'view',
    columns,
    column: new Map(columns.map((c) => [c.name, c])),
    primaryKey: [],
    uniqueKeys: [],
    comment: null,
  };
}
