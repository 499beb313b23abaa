import { fileURLToPath } from 'node:url';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import {
  startTestEmulator,
  testEngines,
  type TestEngine,
} from '../../../emulator/test/helpers/index.js';

export type { EmulatorHandle };

/** The fixture Supabase project folder (config.toml, migrations, seed.sql). */
export const FIXTURE_PROJECT = fileURLToPath(new URL('../../fixtures/supabase', import.meta.url));

/** The engines this run covers: PGlite always, the PostgreSQL server when `TEST_DATABASE_URL` is set. */
export function suiteEngines(): TestEngine[] {
  return testEngines();
}

/**
 * Starts an emulator on the fixture project, on a free port. On the PostgreSQL server the core's
 * test helper gives each emulator a database of its own, so test files never share rows.
 */
export function startFixtureEmulator(engine: TestEngine): Promise<EmulatorHandle> {
  return startTestEmulator({ engine, projectDir: FIXTURE_PROJECT });
}
