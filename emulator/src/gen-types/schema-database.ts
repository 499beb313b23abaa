import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig } from '../config/load-config.js';
import { bootstrapDatabase } from '../db/bootstrap.js';
import { createEngine } from '../db/create-engine.js';
import type { Engine } from '../db/engine.js';
import { applyMigrations, listMigrations } from '../db/migrations.js';
import { openBootstrappedPglite } from '../db/pglite-template.js';
import { bootstrapRealtime } from '../realtime/bootstrap.js';
import { GenTypesError } from './gen-types-error.js';

/**
 * Fails with a `GenTypesError` when a project folder has neither `config.toml` nor `migrations/`:
 * types of an empty database are almost always a wrong `--project-dir`.
 *
 * @example
 * ```ts
 * assertProjectFolder(await loadProjectConfig('supabase'));
 * ```
 */
export function assertProjectFolder(project: ProjectConfig): void {
  if (project.found || existsSync(join(project.dir, 'migrations'))) return;
  throw new GenTypesError(
    `no Supabase project at ${project.dir}: it has no config.toml and no migrations/ folder ` +
      '(nor a supabase/ folder holding them). Name the folder with --project-dir DIR.',
  );
}

/**
 * Opens the database `supabase-rx-emulator` would run on and builds the project's schema in it as
 * `startEmulator` does (Supabase bootstrap, then the pending migrations) — without the seed, the
 * HTTP server or any service, since types depend on the schema only.
 *
 * @example
 * ```ts
 * const engine = await openSchemaDatabase(project); // in-memory PGlite
 * await engine.close();
 * ```
 */
export async function openSchemaDatabase(
  project: ProjectConfig,
  databaseUrl?: string,
): Promise<Engine> {
  const engine = databaseUrl ? await createEngine({ databaseUrl }) : await openBootstrappedPglite();
  try {
    if (databaseUrl) {
      await bootstrapDatabase(engine);
      await bootstrapRealtime(engine);
    }
    await applyMigrations(engine, await listMigrations(join(project.dir, 'migrations')));
    return engine;
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}
