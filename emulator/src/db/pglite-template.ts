import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
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

/**
 * An in-memory PGlite that is already bootstrapped like Supabase. The first one is bootstrapped,
 * shut down cleanly and its data folder saved as a template (in the temp folder, keyed by
 * PGlite's version and the bootstrap SQL), then started from it; later ones start from the
 * template, which skips `initdb`, the bootstrap and crash recovery and makes start-up about three
 * times faster. `SUPABASE_RX_EMULATOR_CACHE=off` disables templates.
 *
 * @example
 * ```ts
 * const engine = await openBootstrappedPglite();
 * await engine.query('select auth.uid()'); // the Supabase schema is there
 * ```
 */
export async function openBootstrappedPglite(): Promise<PgliteEngine> {
  const dir = templateDir();
  const file = `${PREFIX}${templateKey()}.pgdata`;
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
  const snapshot = await engine.closeToSnapshot();
  // A template is an optimisation: failing to save one (read-only temp folder…) is no error.
  // Saved before the engine below starts, which takes the snapshot's bytes for its files.
  await saveTemplate(snapshot, dir, file).catch(() => undefined);
  return createPgliteEngine({ snapshot });
}
