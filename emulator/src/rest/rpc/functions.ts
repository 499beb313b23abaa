import type { Queryable } from '../../db/engine.js';

/** One input parameter of a function. */
export interface RoutineParam {
  /** `''` for an unnamed parameter. */
  name: string;
  /** `format_type` of the parameter's type (`integer`, `text`, `jsonb`, `integer[]` …). */
  type: string;
  hasDefault: boolean;
  variadic: boolean;
}

/** A function as the rpc endpoint sees it (PostgREST's `Routine`). */
export interface Routine {
  schema: string;
  name: string;
  params: RoutineParam[];
  /** `v` volatile, `s` stable, `i` immutable. */
  volatility: 'v' | 's' | 'i';
  returnsSet: boolean;
  /** `format_type` of the return type (`void`, `integer`, `record`, `movies` …). */
  returnType: string;
  /** The return type is a row (a table's type, a composite, `record` from OUT/TABLE params). */
  returnsComposite: boolean;
  /** The table or view whose row type the function returns (embeds work on it), if any. */
  returnRelation?: { schema: string; name: string };
  /** The columns of a row result: the composite's attributes, or the OUT/TABLE parameters. */
  outColumns: { name: string; type: string }[];
}

const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, p.provolatile::text as volatility,
  p.proretset as "returnsSet", format_type(p.prorettype, null) as "returnType",
  (t.typtype = 'c' or (t.typtype = 'p' and t.typname = 'record')
    or (t.typtype = 'd' and bt.typtype = 'c')) as "returnsComposite",
  coalesce((
    select json_agg(json_build_object(
      'name', coalesce(p.proargnames[a.ord], ''),
      'type', format_type(a.type, null),
      'mode', coalesce(p.proargmodes[a.ord]::text, 'i')
    ) order by a.ord)
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(type, ord)
  ), '[]') as args,
  p.pronargdefaults as "defaults",
  rn.nspname as "relSchema", rc.relname as "relName", rc.relkind::text as "relKind",
  coalesce((
    select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
      order by a.attnum)
    from pg_attribute a
    where a.attrelid = coalesce(nullif(t.typrelid, 0), bt.typrelid) and a.attnum > 0 and not a.attisdropped
  ), '[]') as "typeColumns"
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type t on t.oid = p.prorettype
left join pg_type bt on bt.oid = t.typbasetype
left join pg_class rc on rc.oid = coalesce(nullif(t.typrelid, 0), bt.typrelid)
left join pg_namespace rn on rn.oid = rc.relnamespace
where n.nspname = $1 and p.prokind = 'f' and ($2::text is null or p.proname = $2)
order by p.oid`;

interface RoutineRow {
  schema: string;
  name: string;
  volatility: 'v' | 's' | 'i';
  returnsSet: boolean;
  returnType: string;
  returnsComposite: boolean;
  args: { name: string; type: string; mode: string }[] | string;
  defaults: number;
  relSchema: string | null;
  relName: string | null;
  relKind: string | null;
  typeColumns: { name: string; type: string }[] | string;
}

/**
 * Reads the functions of a schema from `pg_proc` — all of them, or the overloads of one name —
 * with their input parameters (which have defaults, which is variadic), volatility and return
 * type. Procedures and aggregates are not callable through rpc and are left out.
 *
 * @example
 * const overloads = await loadRoutines(tx, 'public', 'add_them');
 */
export async function loadRoutines(
  db: Queryable,
  schema: string,
  name?: string,
): Promise<Routine[]> {
  const { rows } = await db.query<RoutineRow>(ROUTINES_SQL, [schema, name ?? null]);
  return rows.map(toRoutine);
}

// Engines differ in whether json columns arrive parsed.
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toRoutine(row: RoutineRow): Routine {
  const args = parsed(row.args);
  const outputs = args.filter((a) => a.mode === 'o' || a.mode === 'b' || a.mode === 't');
  const inputs = args.filter((a) => a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
  // Defaults belong to the last `pronargdefaults` input parameters.
  const firstDefault = inputs.length - row.defaults;
  return {
    schema: row.schema,
    name: row.name,
    volatility: row.volatility,
    returnsSet: row.returnsSet,
    returnType: row.returnType,
    returnsComposite: row.returnsComposite,
    // Composite types of their own (relkind c) have no relation to embed from.
    returnRelation:
      row.relName !== null && row.relSchema !== null && row.relKind !== 'c'
        ? { schema: row.relSchema, name: row.relName }
        : undefined,
    outColumns:
      row.relName !== null
        ? parsed(row.typeColumns)
        : outputs.map((a) => ({ name: a.name, type: a.type })),
    params: inputs.map((a, i) => ({
      name: a.name,
      type: a.type,
      hasDefault: i >= firstDefault,
      variadic: a.mode === 'v',
    })),
  };
}
