import type { Column, Relation } from '../schema-cache.js';

/** One column of a write target, as the mutation SQL needs it (from the schema cache). */
export type TargetColumn = Pick<Column, 'name' | 'type' | 'default' | 'identity' | 'generated'>;

/** A table or view a request writes to: a schema cache relation, or the part of it writes read. */
export interface WriteTarget extends Pick<Relation, 'schema' | 'name' | 'kind' | 'primaryKey'> {
  columns: TargetColumn[];
}

/**
 * Whether rows of the target have a physical row id (`ctid`, `xmax`): tables do, views do not.
 *
 * @example
 * isTable({ kind: 'table', … }) // → true
 */
export function isTable(target: Pick<WriteTarget, 'kind'>): boolean {
  return target.kind === 'table' || target.kind === 'partitioned table';
}
