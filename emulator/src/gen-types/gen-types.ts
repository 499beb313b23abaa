import { loadProjectConfig } from '../config/load-config.js';
import type { Engine } from '../db/engine.js';
import { GenTypesError } from './gen-types-error.js';
import { assertProjectFolder, openSchemaDatabase } from './schema-database.js';
import { typegenQueryable } from './typegen-queryable.js';

/** Options of `genTypes`. */
export interface GenTypesOptions {
  /**
   * The schemas to generate types for. Each must exist once the migrations ran. Default, as the
   * Supabase CLI: `public` plus `[api] schemas` of `config.toml`, those that exist.
   */
  schemas?: string[];
  /** The Supabase CLI project folder (`supabase/`, or the folder holding it). Default `<cwd>/supabase`. */
  projectDir?: string;
  /**
   * Build the schema on this PostgreSQL server instead of embedded PGlite. The database is
   * prepared as `startEmulator({ databaseUrl })` prepares it (bootstrap, pending migrations).
   */
  databaseUrl?: string;
}

async function resolveSchemas(
  engine: Engine,
  wanted: string[] | undefined,
  fromConfig: string[],
): Promise<string[]> {
  const { rows } = await engine.query<{ nspname: string }>('select nspname from pg_namespace');
  const present = new Set(rows.map((r) => r.nspname));
  if (wanted === undefined || wanted.length === 0) {
    const found = [...new Set(['public', ...fromConfig])].filter((s) => present.has(s));
    // An empty list would mean every schema to the introspection.
    if (found.length === 0) throw new GenTypesError('none of the default schemas exists');
    return found;
  }
  const missing = wanted.filter((s) => !present.has(s));
  if (missing.length > 0) {
    const list = missing.map((s) => `"${s}"`).join(', ');
    throw new GenTypesError(
      `no schema ${list} in the database built from the migrations ` +
        `(a typo, or a migration that creates it is missing)`,
    );
  }
  return [...new Set(wanted)];
}

/**
 * Generates the TypeScript `Database` type of a Supabase project's schema, as
 * `supabase gen types typescript --local` does: the schema is built from the project's
 * migrations (on PGlite, or on a PostgreSQL server), read with postgres-meta's catalog queries
 * and written by its TypeScript generator (`@supabase/postgrest-typegen`, which postgres-meta
 * runs for the CLI), with one-to-one relationships detected as for a local project. Resolves to
 * the text the CLI prints (ending in a newline). Throws `GenTypesError` for a missing project
 * folder or schema, `StartupSqlError` for a migration that fails.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { genTypes } from 'supabase-rx-emulator';
 *
 * await writeFile('database.types.ts', await genTypes({ projectDir: 'supabase', schemas: ['public'] }));
 * ```
 */
export async function genTypes(options: GenTypesOptions = {}): Promise<string> {
  const project = await loadProjectConfig(options.projectDir);
  assertProjectFolder(project);
  // Loaded on demand: starting an emulator never pays for the generator and its formatter.
  const typegen = await import('@supabase/postgrest-typegen');
  const engine = await openSchemaDatabase(project, options.databaseUrl);
  try {
    const schemas = await resolveSchemas(engine, options.schemas, project.config.api.schemas);
    const metadata = await typegen.introspect(typegenQueryable(engine), {
      includedSchemas: schemas,
    });
    const types = await typegen.generateTypescript(typegen.sortGeneratorMetadata(metadata), {
      detectOneToOneRelationships: true,
      defaultSchema: 'public',
    });
    // postgres-meta prints the generator's text with console.log.
    return `${types}\n`;
  } finally {
    await engine.close();
  }
}
