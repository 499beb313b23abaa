import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Runs one statement on the test server (`TEST_DATABASE_URL`) as its admin. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A database that outlives its emulators, for restart tests: a PGlite data folder, or a fresh
 * database on the test server; `drop()` removes it.
 *
 * @example
 * ```ts
 * const db = await persistentDatabase('pglite', 'rx-restart');
 * const emu = await startEmulator({ ...db.options, port });
 * ```
 */
export async function persistentDatabase(engine: string, prefix: string) {
  if (engine === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
    return { options: { dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `emu_${prefix.replace(/\W/g, '_')}_${process.pid}_${Date.now()}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}
