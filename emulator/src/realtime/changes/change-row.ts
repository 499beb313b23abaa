import type { PublishedTable } from './published-tables.js';

/** One captured change, as the queue table holds it. */
export interface CapturedChange {
  id: string;
  relid: number;
  schema_name: string;
  table_name: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  record: Record<string, unknown> | null;
  old_record: Record<string, unknown> | null;
  commit_timestamp: string | Date;
}

/** The `data` of Realtime's `postgres_changes` message (protocol.md §4.10). */
export interface ChangeData {
  schema: string;
  table: string;
  commit_timestamp: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  columns: { name: string; type: string }[];
  record?: Record<string, unknown>;
  old_record?: Record<string, unknown>;
  errors: string[] | null;
}

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]));
}

// Realtime's commit_timestamp: ISO 8601 in UTC with a `Z`.
function isoTimestamp(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/**
 * The message data of a captured change, as Realtime shapes it: `record` for inserts and
 * updates, `old_record` for updates and deletes — whole only under `replica identity full` on a
 * table without row level security, else its primary key alone (Supabase's documented rule).
 *
 * @example
 * ```ts
 * changeData(captured, table); // { schema: 'public', table: 'msgs', type: 'INSERT', record: {…}, … }
 * ```
 */
export function changeData(change: CapturedChange, table: PublishedTable): ChangeData {
  const data: ChangeData = {
    schema: change.schema_name,
    table: change.table_name,
    commit_timestamp: isoTimestamp(change.commit_timestamp),
    type: change.type,
    columns: table.columns,
    errors: null,
  };
  if (change.type !== 'DELETE') data.record = change.record ?? {};
  if (change.type !== 'INSERT') {
    const old = change.old_record ?? {};
    data.old_record = table.fullIdentity && !table.rowSecurity ? old : pick(old, table.primaryKey);
  }
  return data;
}
