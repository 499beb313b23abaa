import { fileURLToPath } from 'node:url';
import { tryImport } from './modules.js';

/** The fixture Supabase project folder (config.toml, migrations, seed.sql). */
export const FIXTURE_PROJECT = fileURLToPath(new URL('../../fixtures/supabase', import.meta.url));

/** What the integration suite needs of a running emulator (`startEmulator`'s handle). */
export interface EmulatorHandle {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  db: {
    query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  };
  stop(): Promise<void>;
}

interface EmulatorModule {
  startEmulator(options: Record<string, unknown>): Promise<EmulatorHandle>;
}

/** The database engines to run the suite on: PGlite always, a PostgreSQL server when configured. */
export type EngineName = 'pglite' | 'postgres';

/** The engines this run covers (`TEST_DATABASE_URL` adds the PostgreSQL server). */
export function suiteEngines(): EngineName[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** `startEmulator` when the emulator package has landed, else `null`. */
export async function loadEmulator(): Promise<EmulatorModule | null> {
  const mod = await tryImport<Partial<EmulatorModule>>('supabase-rx-emulator');
  return typeof mod?.startEmulator === 'function' ? (mod as EmulatorModule) : null;
}

/**
 * Starts an emulator on the fixture project, on a free port. On the PostgreSQL server the core's
 * test helper gives each emulator a fresh database, so test files never share rows.
 */
export async function startFixtureEmulator(
  mod: EmulatorModule,
  engine: EngineName = 'pglite',
): Promise<EmulatorHandle> {
  if (engine === 'postgres') {
    const helpers = await tryImport<{
      startTestEmulator(options: Record<string, unknown>): Promise<EmulatorHandle>;
    }>('../../../emulator/test/helpers/index.js');
    if (!helpers) throw new Error('emulator/test/helpers is needed to run on a PostgreSQL server');
    return helpers.startTestEmulator({ engine: 'postgres', projectDir: FIXTURE_PROJECT });
  }
  return mod.startEmulator({ port: 0, projectDir: FIXTURE_PROJECT });
}
