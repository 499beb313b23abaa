import type { Engine } from './engine.js';
import { createPgliteEngine } from './pglite-engine.js';
import { createPostgresEngine } from './postgres-engine.js';

/** Which Postgres to run on: a server when `databaseUrl` is given, else embedded PGlite. */
export interface EngineOptions {
  /** A PostgreSQL server (`postgres://…`); wins over `dataDir`. */
  databaseUrl?: string;
  /** PGlite's data folder (kept across restarts); in memory when absent. */
  dataDir?: string;
}

/**
 * Opens the engine the options name: a PostgreSQL server, or embedded PGlite.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ dataDir: '.emulator-data' }); // PGlite on disk
 * ```
 */
export function createEngine(options: EngineOptions = {}): Promise<Engine> {
  if (options.databaseUrl) return createPostgresEngine({ url: options.databaseUrl });
  return createPgliteEngine({ dataDir: options.dataDir });
}
