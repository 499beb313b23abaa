import type { Engine } from '../db/engine.js';

/** What `@supabase/postgrest-typegen`'s `introspect()` queries through: rows only, errors thrown. */
export interface TypegenQueryable {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

// The typegen coerces int8 *strings* as postgres-meta's pg parser does; an engine may hand back a
// bigint (PGlite) or an already-parsed number instead, so both become what `pg` would have sent.
function asPgValue(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * The emulator's engine (PGlite or a PostgreSQL server) as the typegen's introspection source, so
 * both engines run the very catalog queries postgres-meta runs for `supabase gen types`.
 *
 * @example
 * ```ts
 * const metadata = await introspect(typegenQueryable(engine), { includedSchemas: ['public'] });
 * ```
 */
export function typegenQueryable(engine: Engine): TypegenQueryable {
  return {
    async query(sql: string) {
      const { rows } = await engine.query<Record<string, unknown>>(sql);
      return {
        rows: rows.map((row) => {
          const out: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(row)) out[key] = asPgValue(value);
          return out;
        }),
      };
    },
  };
}
