import type { Queryable } from '../../db/engine.js';
import { quoteIdent } from '../../core/run-as.js';
import { captureTriggerSql } from './capture-sql.js';

/** What delivery needs to know of one published table. */
export interface PublishedTable {
  relid: number;
  schema: string;
  table: string;
  /** In attribute order, with the type names Realtime sends (`int8`, `text`, `_text`, …). */
  columns: { name: string; type: string }[];
  primaryKey: string[];
  rowSecurity: boolean;
  /** `replica identity full`: old rows are whole, not only their key. */
  fullIdentity: boolean;
}

/**
 * The tables of the `supabase_realtime` publication in `schema` (one, or all when `table` is
 * absent), with their capture trigger installed (unless `install` is false). `exists` says whether the table exists at all,
 * published or not.
 *
 * @example
 * ```ts
 * const { tables } = await publishedTables(engine, 'public', 'messages');
 * ```
 */
export async function publishedTables(
  db: Queryable,
  schema: string,
  table?: string,
  install = true,
): Promise<{ tables: PublishedTable[]; exists: boolean }> {
  const { rows } = await db.query<{
    relid: number;
    schema: string;
    table: string;
    published: boolean;
    captured: boolean;
    row_security: boolean;
    full_identity: boolean;
    columns: { name: string; type: string }[];
    primary_key: string[] | null;
  }>(
    `select c.oid::int as relid, n.nspname as schema, c.relname as table,
            exists (select 1 from pg_publication_tables p
                     where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname
                       and p.tablename = c.relname) as published,
            exists (select 1 from pg_trigger g where g.tgrelid = c.oid
                     and g.tgname = 'supabase_rx_realtime_capture') as captured,
            c.relrowsecurity as row_security, c.relreplident = 'f' as full_identity,
            (select coalesce(json_agg(json_build_object('name', a.attname, 'type', t.typname)
                                      order by a.attnum), '[]')
               from pg_attribute a join pg_type t on t.oid = a.atttypid
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
            (select array_agg(a.attname::text order by k.ord)
               from pg_index i
               cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
               join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
              where i.indrelid = c.oid and i.indisprimary) as primary_key
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = $1 and ($2::text is null or c.relname = $2)`,
    [schema, table ?? null],
  );
  const tables: PublishedTable[] = [];
  for (const row of rows) {
    if (!row.published) continue;
    const columns = typeof row.columns === 'string' ? JSON.parse(row.columns) : row.columns;
    // Only when missing: the DDL locks the table and refreshes every schema cache.
    if (install && !row.captured)
      await db.exec(captureTriggerSql(`${quoteIdent(row.schema)}.${quoteIdent(row.table)}`));
    tables.push({
      relid: row.relid,
      schema: row.schema,
      table: row.table,
      columns,
      primaryKey: row.primary_key ?? [],
      rowSecurity: row.row_security,
      fullIdentity: row.full_identity,
    });
  }
  return { tables, exists: rows.length > 0 };
}
