import type { Queryable } from '../../db/engine.js';

/** One column of a write target, as the mutation SQL needs it. */
export interface TargetColumn {
  name: string;
  /** `format_type(…)`: the type `jsonb_to_recordset` converts the body's value to. */
  type: string;
  /** The SQL default expression from the catalog (identity columns: their `nextval`), if any. */
  defaultExpr: string | null;
}

/** A table or view a request writes to. */
export interface WriteTarget {
  schema: string;
  name: string;
  /** `r`/`p` tables, `v` views, `f` foreign tables… (`pg_class.relkind`). */
  kind: string;
  columns: TargetColumn[];
  primaryKey: string[];
}

const TARGET_SQL = `
select c.relkind::text as kind,
  coalesce((
    select json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'defaultExpr', case
        when a.attidentity <> '' then
          format('nextval(%L::regclass)', pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname))
        when a.attgenerated <> '' then null
        else pg_get_expr(d.adbin, d.adrelid) end
    ) order by a.attnum)
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  ), '[]') as columns,
  coalesce((
    select json_agg(a.attname order by k.ord)
    from pg_constraint con
    cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
    where con.conrelid = c.oid and con.contype = 'p'
  ), '[]') as "primaryKey"
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm', 'f')`;

/**
 * Reads a relation's columns, defaults and primary key from `pg_catalog` (`undefined` when there
 * is no such table or view). Runs inside the request's transaction, so it sees what the caller's
 * role sees of the catalog.
 *
 * @example
 * const target = await loadWriteTarget(tx, 'public', 'movies');
 */
export async function loadWriteTarget(
  db: Queryable,
  schema: string,
  name: string,
): Promise<WriteTarget | undefined> {
  const { rows } = await db.query<{
    kind: string;
    columns: TargetColumn[] | string;
    primaryKey: string[] | string;
  }>(TARGET_SQL, [schema, name]);
  if (rows.length === 0) return undefined;
  const row = rows[0];
  // Engines differ in whether json columns arrive parsed.
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return {
    schema,
    name,
    kind: row.kind,
    columns: parse(row.columns),
    primaryKey: parse(row.primaryKey),
  };
}
