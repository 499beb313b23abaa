import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';

const EMPTY_PROJECT = fileURLToPath(
  new URL('../../../emulator/test/helpers/empty-project', import.meta.url),
);

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

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * An emulator that can be stopped and started again on the same port and database (the empty
 * project plus `sql`), so that clients reconnect to "the same server": `start()` each time.
 *
 * @example
 * ```ts
 * const server = await restartableEmulator('pglite', 'rx-restart', SQL);
 * let emu = await server.start();
 * await emu.stop();
 * emu = await server.start(); // same port, same rows
 * ```
 */
export async function restartableEmulator(engine: string, prefix: string, sql: string) {
  const db = await persistentDatabase(engine, prefix);
  const port = await freePort();
  const start = (): Promise<EmulatorHandle> =>
    startEmulator({ port, projectDir: EMPTY_PROJECT, sql, seed: false, ...db.options });
  return { port, start, drop: db.drop };
}
