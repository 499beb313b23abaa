import type { EmulatorContext } from '../context.js';
import type { Queryable } from '../db/engine.js';

/** A column of a table or view, as `pg_catalog` describes it. */
export interface Column {
  name: string;
  /** `format_type(…)`: `integer`, `text[]`, `numeric(10,2)`, `timestamp with time zone` … */
  type: string;
  /** The base type's `pg_type.typname` (`int4`, `_text`, `tsvector` …). */
  udt: string;
  /** `pg_type.typcategory`: `A` array, `N` numeric, `S` string, `R` range, `U` user (json…). */
  category: string;
  nullable: boolean;
  /** The default expression's text, or null. */
  default: string | null;
  /** `a` always / `d` by default identity, or `''`. */
  identity: string;
  /** `s` for a stored generated column, or `''`. */
  generated: string;
  position: number;
}

/** A table, view, materialized view, foreign or partitioned table. */
export interface Relation {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view' | 'foreign table' | 'partitioned table';
  columns: Column[];
  column: Map<string, Column>;
  /** Primary key columns in key order (empty when none). */
  primaryKey: string[];
  /** Column sets of unique constraints and the primary key, for one-to-one detection. */
  uniqueKeys: string[][];
  comment: string | null;
}

/** A foreign key `table(columns) REFERENCES foreignTable(foreignColumns)`. */
export interface ForeignKey {
  name: string;
  schema: string;
  table: string;
  columns: string[];
  foreignSchema: string;
  foreignTable: string;
  foreignColumns: string[];
}

/**
 * A computed relationship: a function taking a row of `source` and returning rows (or one row)
 * of `target`, embeddable under its own name (`clients?select=*,open_projects(*)`).
 */
export interface ComputedRelationship {
  schema: string;
  name: string;
  sourceSchema: string;
  sourceName: string;
  targetSchema: string;
  targetName: string;
  /** Not SETOF, or SETOF with `ROWS 1`: the embed is one object. */
  toOne: boolean;
}

/** Tables, views and foreign keys of the database, per schema (PostgREST's schema cache). */
export interface SchemaCache {
  readonly generation: number;
  readonly relations: Map<string, Relation>;
  readonly foreignKeys: ForeignKey[];
  readonly computed: ComputedRelationship[];
  /** A relation by schema and name, or undefined. */
  find(schema: string, name: string): Relation | undefined;
  /** Names of the relations of a schema. */
  namesIn(schema: string): string[];
}

const KINDS: Record<string, Relation['kind']> = {
  r: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  p: 'partitioned table',
};

const RELATIONS_SQL = `
SELECT c.oid::int8 AS oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r','v','m','f','p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`;

const COLUMNS_SQL = `
SELECT a.attrelid::int8 AS rel, a.attname::text AS name, a.attnum::int AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, t.typname::text AS udt,
       t.typcategory::text AS category, NOT a.attnotnull AS nullable,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "default",
       a.attidentity::text AS identity, a.attgenerated::text AS generated
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','v','m','f','p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS_SQL = `
SELECT con.conname::text AS name, con.contype::text AS type, con.conrelid::int8 AS rel,
       con.confrelid::int8 AS frel,
       pg_catalog.array_to_json(ARRAY(
         SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
         ORDER BY k.ord))::text AS cols,
       pg_catalog.array_to_json(ARRAY(
         SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
         ORDER BY k.ord))::text AS fcols
FROM pg_catalog.pg_constraint con
WHERE con.contype IN ('p', 'u', 'f') AND con.conrelid <> 0
ORDER BY con.conname`;

// Functions of one argument of a table's row type returning a table's row type (or SETOF).
const COMPUTED_SQL = `
SELECT p.proname::text AS name, pn.nspname::text AS schema,
       sn.nspname::text AS "sourceSchema", sc.relname::text AS "sourceName",
       tn.nspname::text AS "targetSchema", tc.relname::text AS "targetName",
       (NOT p.proretset OR p.prorows = 1) AS "toOne"
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
JOIN pg_catalog.pg_type at ON at.oid = p.proargtypes[0]
JOIN pg_catalog.pg_class sc ON sc.oid = at.typrelid
JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
JOIN pg_catalog.pg_type rt ON rt.oid = p.prorettype
JOIN pg_catalog.pg_class tc ON tc.oid = rt.typrelid
JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
WHERE p.prokind = 'f' AND p.pronargs = 1
  AND sc.relkind IN ('r','v','m','f','p') AND tc.relkind IN ('r','v','m','f','p')
  AND pn.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY p.oid`;

// Which base-table columns each view reads (PostgREST follows foreign keys through views).
const VIEW_USAGE_SQL = `
SELECT view_schema::text AS vschema, view_name::text AS vname, table_schema::text AS tschema,
       table_name::text AS tname, column_name::text AS cname
FROM information_schema.view_column_usage
WHERE view_schema NOT IN ('pg_catalog', 'information_schema')`;

/**
 * Foreign keys as seen through views: when a view exposes, under the same names, all the columns
 * of a foreign key of a table it reads, the view gets that relationship too (with the same
 * constraint name), so `view?select=*,other(*)` embeds as PostgREST allows. Views that rename
 * the key columns are not followed.
 */
function viewForeignKeys(
  foreignKeys: ForeignKey[],
  usage: { vschema: string; vname: string; tschema: string; tname: string; cname: string }[],
  relations: Map<string, Relation>,
): ForeignKey[] {
  const exposes = new Map<string, Set<string>>();
  for (const u of usage) {
    const view = relations.get(key(u.vschema, u.vname));
    if (!view || !view.column.has(u.cname)) continue;
    const k = `${key(u.vschema, u.vname)}\u0001${key(u.tschema, u.tname)}`;
    let set = exposes.get(k);
    if (!set) exposes.set(k, (set = new Set()));
    set.add(u.cname);
  }
  const out: ForeignKey[] = [];
  for (const [k, cols] of exposes) {
    const [v, t] = k.split('\u0001');
    const [vschema, vname] = v.split('\u0000');
    const [tschema, tname] = t.split('\u0000');
    for (const fk of foreignKeys) {
      if (fk.schema === tschema && fk.table === tname && fk.columns.every((c) => cols.has(c))) {
        out.push({ ...fk, schema: vschema, table: vname });
      }
      if (
        fk.foreignSchema === tschema &&
        fk.foreignTable === tname &&
        fk.foreignColumns.every((c) => cols.has(c))
      ) {
        out.push({ ...fk, foreignSchema: vschema, foreignTable: vname });
      }
    }
  }
  return out;
}

/**
 * Reads the schema cache from `pg_catalog`: every table and view outside the system schemas,
 * with columns (types, defaults, nullability), primary and unique keys, foreign keys, and the
 * computed relationships (functions from a table's row to a table's rows).
 *
 * @example
 * const cache = await introspect(ctx.engine);
 * cache.find('public', 'movies')?.primaryKey; // ['id']
 */
export async function introspect(db: Queryable, generation = 0): Promise<SchemaCache> {
  const rels = await db.query<{
    oid: string | number;
    schema: string;
    name: string;
    kind: string;
    comment: string | null;
  }>(RELATIONS_SQL);
  const cols = await db.query<Column & { rel: string | number }>(COLUMNS_SQL);
  const cons = await db.query<{
    name: string;
    type: string;
    rel: string | number;
    frel: string | number;
    cols: string;
    fcols: string;
  }>(CONSTRAINTS_SQL);

  const byOid = new Map<string, Relation>();
  const relations = new Map<string, Relation>();
  for (const r of rels.rows) {
    const rel: Relation = {
      schema: r.schema,
      name: r.name,
      kind: KINDS[r.kind] ?? 'table',
      columns: [],
      column: new Map(),
      primaryKey: [],
      uniqueKeys: [],
      comment: r.comment,
    };
    byOid.set(String(r.oid), rel);
    relations.set(key(r.schema, r.name), rel);
  }
  for (const c of cols.rows) {
    const rel = byOid.get(String(c.rel));
    if (!rel) continue;
    const { rel: _rel, ...column } = c;
    rel.columns.push(column);
    rel.column.set(column.name, column);
  }
  const foreignKeys: ForeignKey[] = [];
  for (const con of cons.rows) {
    const rel = byOid.get(String(con.rel));
    if (!rel) continue;
    const columns = JSON.parse(con.cols) as string[];
    if (con.type === 'p') rel.primaryKey = columns;
    if (con.type === 'p' || con.type === 'u') rel.uniqueKeys.push(columns);
    if (con.type === 'f') {
      const target = byOid.get(String(con.frel));
      if (!target) continue;
      foreignKeys.push({
        name: con.name,
        schema: rel.schema,
        table: rel.name,
        columns,
        foreignSchema: target.schema,
        foreignTable: target.name,
        foreignColumns: JSON.parse(con.fcols) as string[],
      });
    }
  }
  const usage = await db.query<{
    vschema: string;
    vname: string;
    tschema: string;
    tname: string;
    cname: string;
  }>(VIEW_USAGE_SQL);
  foreignKeys.push(...viewForeignKeys(foreignKeys, usage.rows, relations));
  const computed = (await db.query<ComputedRelationship>(COMPUTED_SQL)).rows;
  return {
    generation,
    relations,
    foreignKeys,
    computed,
    find: (schema, name) => relations.get(key(schema, name)),
    namesIn: (schema) =>
      [...relations.values()].filter((r) => r.schema === schema).map((r) => r.name),
  };
}

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

const caches = new WeakMap<object, { generation: number; cache: Promise<SchemaCache> }>();

/**
 * The schema cache of an emulator, introspected once per `ctx.schemaGeneration()` (so it is
 * reloaded after migrations, DDL or `NOTIFY pgrst, 'reload schema'`).
 *
 * @example
 * const cache = await getSchemaCache(ctx);
 */
export function getSchemaCache(
  ctx: Pick<EmulatorContext, 'engine' | 'schemaGeneration'>,
): Promise<SchemaCache> {
  const generation = ctx.schemaGeneration();
  const held = caches.get(ctx);
  if (held && held.generation === generation) return held.cache;
  const cache = introspect(ctx.engine, generation);
  caches.set(ctx, { generation, cache });
  // A failed introspection must not stick: the next request tries again.
  cache.catch(() => {
    if (caches.get(ctx)?.cache === cache) caches.delete(ctx);
  });
  return cache;
}
