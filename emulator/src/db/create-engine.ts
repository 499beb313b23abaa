import type { Engine } from './engine.js';
import { createPgliteEngine } from './pglite-engine.js';

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
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  // `pg` is loaded only for a server: most starts are on PGlite and need not pay for it.
  if (options.databaseUrl) {
    const { createPostgresEngine } = await import('./postgres-engine.js');
    return createPostgresEngine({ url: options.databaseUrl });
  }
  return createPgliteEngine({ dataDir: options.dataDir });
}
