import { createHash, randomBytes } from 'node:crypto';
import {
  mkdir,
  readdir,
  readFile,
  rename,
  stat,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_SCHEMA_SQL } from '../auth/schema-sql.js';
import { bootstrapRealtime } from '../realtime/bootstrap.js';
import { CAPTURE_SQL } from '../realtime/changes/capture-sql.js';
import { REALTIME_SCHEMA_SQL } from '../realtime/schema-sql.js';
import { STORAGE_SCHEMA_SQL } from '../storage/schema-sql.js';
import { bootstrapDatabase } from './bootstrap.js';
import { DATABASE_SQL, ROLES_SQL } from './bootstrap-sql.js';
import { applyMigrations, type MigrationFile } from './migrations.js';
import { createPgliteEngine, type PgliteEngine } from './pglite-engine.js';
import { decodeSnapshot, encodeSnapshot, type DataDirSnapshot } from './pglite-snapshot.js';

// Bump when what a template holds changes in a way the SQL texts below do not show.
// 3: a snapshot of a cleanly shut down data folder (was a tarball of a running one).
const FORMAT = 3;
const PREFIX = 'pglite-template-';
const STALE_AFTER_MS = 60 * 60 * 1000;

function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkg = createRequire(entry)('../package.json') as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Names a template by everything that shapes it: PGlite's version and the bootstrap SQL. */
function templateKey(): string {
  return createHash('sha256')
    .update(
      [
        FORMAT,
        pgliteVersion(),
        ROLES_SQL,
        DATABASE_SQL,
        AUTH_SCHEMA_SQL,
        REALTIME_SCHEMA_SQL,
        CAPTURE_SQL,
        STORAGE_SCHEMA_SQL,
      ].join('\0'),
    )
    .digest('hex')
    .slice(0, 24);
}

/** Where templates are kept: `$SUPABASE_RX_EMULATOR_CACHE`, else the system temp folder. */
export function templateDir(): string {
  return process.env.SUPABASE_RX_EMULATOR_CACHE ?? join(tmpdir(), 'supabase-rx-emulator');
}

async function loadTemplate(path: string): Promise<PgliteEngine | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  let engine: PgliteEngine | undefined;
  try {
    engine = await createPgliteEngine({ snapshot: decodeSnapshot(bytes) });
    await engine.query('select 1 from supabase_migrations.schema_migrations limit 1');
    // In use, so not stale (see saveTemplate); a failure to mark it is no error.
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
    return engine;
  } catch {
    // A damaged template (a crash mid-write elsewhere): forget it and bootstrap afresh.
    await engine?.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    return undefined;
  }
}

async function saveTemplate(snapshot: DataDirSnapshot, dir: string, file: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Written under a unique name, then renamed: readers never see half a file.
  const partial = join(dir, `${file}.${randomBytes(4).toString('hex')}.partial`);
  await writeFile(partial, encodeSnapshot(snapshot));
  await rename(partial, join(dir, file));
  // Templates of other bootstrap versions are dropped once stale (not at once: two checkouts
  // of different versions may be running tests side by side).
  const staleBefore = Date.now() - STALE_AFTER_MS;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(PREFIX) || name === file) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < staleBefore) await unlink(path).catch(() => undefined);
  }
}

/** Options of `openBootstrappedPglite`. */
export interface BootstrappedPgliteOptions {
  /**
   * Migrations the database starts with, applied once into a template of their own (keyed by the
   * bootstrap's key and every file's name and text, so a changed, added or removed file makes a
   * new one). Default none.
   */
  migrations?: MigrationFile[];
}

/** The bootstrap template: loaded, else bootstrapped (and saved). */
async function openBootstrapped(dir: string, file: string): Promise<PgliteEngine> {
  const cached = dir === 'off' ? undefined : await loadTemplate(join(dir, file));
  if (cached) return cached;

  const engine = await createPgliteEngine();
  try {
    await bootstrapDatabase(engine);
    await bootstrapRealtime(engine);
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
  if (dir === 'off') return engine;
  return restartFromTemplate(engine, dir, file);
}

/** Closes an engine into a template saved as `file`, and starts a new engine from it. */
async function restartFromTemplate(
  engine: PgliteEngine,
  dir: string,
  file: string,
): Promise<PgliteEngine> {
  const snapshot = await engine.closeToSnapshot();
  // A template is an optimisation: failing to save one (read-only temp folder…) is no error.
  // Saved before the engine below starts, which takes the snapshot's bytes for its files.
  await saveTemplate(snapshot, dir, file).catch(() => undefined);
  return createPgliteEngine({ snapshot });
}

/**
 * An in-memory PGlite that is already bootstrapped like Supabase, and has `options.migrations`
 * applied. The first one is bootstrapped, shut down cleanly and its data folder saved as a
 * template (in the temp folder, keyed by PGlite's version and the bootstrap SQL), then started
 * from it; later ones start from the template, which skips `initdb`, the bootstrap and crash
 * recovery. Migrations get a template of their own in the same way, made from the bootstrap's.
 * `SUPABASE_RX_EMULATOR_CACHE=off` disables templates. A failing migration rejects with the
 * `StartupSqlError` of `applyMigrations`, and no template is saved for it.
 *
 * @example
 * ```ts
 * const engine = await openBootstrappedPglite({
 *   migrations: await listMigrations('supabase/migrations'),
 * });
 * await engine.query('select auth.uid()'); // the Supabase schema is there, and the migrations
 * ```
 */
export async function openBootstrappedPglite(
  options: BootstrappedPgliteOptions = {},
): Promise<PgliteEngine> {
  const dir = templateDir();
  const key = templateKey();
  const file = `${PREFIX}${key}.pgdata`;
  const migrations = await Promise.all(
    (options.migrations ?? []).map(async (m) => ({
      ...m,
      sql: m.sql ?? (await readFile(m.path, 'utf8')),
    })),
  );
  if (migrations.length === 0 || dir === 'off') {
    const engine = await openBootstrapped(dir, file);
    return migrations.length === 0 ? engine : migrated(engine, migrations);
  }
  const hash = createHash('sha256').update(key);
  for (const m of migrations) hash.update(`\0${m.file}\0${m.sql}`);
  const projectFile = `${PREFIX}${hash.digest('hex').slice(0, 24)}.pgdata`;
  const cached = await loadTemplate(join(dir, projectFile));
  if (cached) return cached;
  const engine = await migrated(await openBootstrapped(dir, file), migrations);
  return restartFromTemplate(engine, dir, projectFile);
}

async function migrated(engine: PgliteEngine, migrations: MigrationFile[]): Promise<PgliteEngine> {
  try {
    await applyMigrations(engine, migrations);
    return engine;
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}
