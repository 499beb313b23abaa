import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/index.js';

/** Which Postgres a suite runs on. */
export type TestEngine = 'pglite' | 'postgres';

/**
 * The engines every emulator suite should run on: PGlite always, plus the PostgreSQL server
 * named by `TEST_DATABASE_URL` when it is set (CI sets it).
 *
 * @example
 * ```ts
 * describe.each(testEngines())('on %s', (engine) => {
 *   let emu: EmulatorHandle;
 *   beforeAll(async () => { emu = await startTestEmulator({ engine, sql: 'create table t (id int)' }); });
 *   afterAll(() => emu.stop());
 * });
 * ```
 */
export function testEngines(): TestEngine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Options of `startTestEmulator`: the engine, plus any `startEmulator` option. */
export interface TestEmulatorOptions extends Omit<EmulatorOptions, 'databaseUrl'> {
  engine?: TestEngine;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('The postgres test engine needs TEST_DATABASE_URL to be set.');
  return url;
}

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts an emulator for a test file, on a free port. On the server engine it gets a database of
 * its own (`emu_<random>`, dropped by `stop()`), so test files run in parallel without clashing.
 * Unless `projectDir` is given, it reads no project folder (not the working directory's).
 *
 * @example
 * ```ts
 * const emu = await startTestEmulator({ engine: 'postgres', sql: 'create table t (id int)' });
 * await emu.stop();
 * ```
 */
export async function startTestEmulator(
  options: TestEmulatorOptions = {},
): Promise<EmulatorHandle> {
  const { engine = 'pglite', ...rest } = options;
  const base: EmulatorOptions = {
    port: 0,
    projectDir: rest.projectDir ?? emptyProjectDir(),
    ...rest,
  };
  if (engine === 'pglite') return startEmulator(base);

  const name = `emu_${randomBytes(6).toString('hex')}`;
  await asAdmin(`create database ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const drop = () => asAdmin(`drop database if exists ${name} with (force)`);
  let emu: EmulatorHandle;
  try {
    emu = await startEmulator({ ...base, databaseUrl: url.toString() });
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  const stop = emu.stop;
  return {
    ...emu,
    async stop() {
      await stop();
      await drop();
    },
  };
}

// A folder with no config.toml and no migrations: the CLI's defaults, no project SQL.
function emptyProjectDir(): string {
  return fileURLToPath(new URL('./empty-project', import.meta.url));
}
