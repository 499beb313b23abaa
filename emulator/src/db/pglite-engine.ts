import { PGlite, type Extension, type Results, type Transaction } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import type { Engine, Queryable, QueryResult } from './engine.js';
import {
  readSnapshot,
  restoreSnapshot,
  type DataDirSnapshot,
  type SnapshotFs,
} from './pglite-snapshot.js';
import { SerialQueue } from './serial-queue.js';

/** Options of the embedded engine. */
export interface PgliteEngineOptions {
  /** A folder that keeps the database across restarts; in memory when absent. */
  dataDir?: string;
  /** A data folder taken by `closeToSnapshot()` to start from (skips initdb); used up by it. */
  snapshot?: DataDirSnapshot;
}

/** The embedded engine, which can also close into a snapshot of its data folder to start others from. */
export interface PgliteEngine extends Engine {
  /** Shuts Postgres down cleanly (so a start from the snapshot needs no recovery), then copies its data folder. */
  closeToSnapshot(): Promise<DataDirSnapshot>;
}

// Emscripten compiles and links an extension's library (`.so`) at start unless told not to;
// then Postgres loads it when one of its functions is first called. pgcrypto alone took a few
// hundred milliseconds of every start.
const linkOnFirstUse: Extension = {
  name: 'supabase-rx-link-on-first-use',
  setup: async (_pg, opts: object) => ({ emscriptenOpts: { ...opts, noWasmDecoding: true } }),
};

function normalise<R>(result: Results<R>): QueryResult<R> {
  return {
    rows: result.rows,
    fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    // PGlite reports affectedRows only for INSERT/UPDATE/DELETE/MERGE/COPY.
    rowCount: result.affectedRows || result.rows.length,
  };
}

function txQueryable(tx: Transaction): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      return normalise(await tx.query<R>(sql, params));
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
}

/**
 * Postgres embedded in the process (PGlite, WebAssembly): in memory, or in a data folder.
 *
 * PGlite is one session, so every query and every whole transaction is one unit of a serial
 * queue: a request's `SET LOCAL ROLE` can never leak into another request's statements.
 *
 * @example
 * ```ts
 * const engine = await createPgliteEngine();
 * const { rows } = await engine.query('select $1::int + 1 as n', [41]); // [{ n: 42 }]
 * await engine.close();
 * ```
 */
export async function createPgliteEngine(options: PgliteEngineOptions = {}): Promise<PgliteEngine> {
  const db = new PGlite({
    dataDir: options.dataDir,
    extensions: {
      linkOnFirstUse,
      ...(options.snapshot && { restore: restoreSnapshot(options.snapshot) }),
      pgcrypto,
      uuid_ossp,
    },
    // 1 MB WAL segments instead of 16: a fresh database (and its cached template) is 9 MB smaller,
    // which is what a warm start spends most of its time unpacking.
    initDbStartParams: ['--wal-segsize=1'],
  });
  await db.waitReady;
  // Supabase's search path for the postgres role: extensions resolve without a schema.
  await db.exec(`set search_path to "$user", public, extensions`);
  const queue = new SerialQueue();
  let closed = false;
  const guard = () => {
    if (closed) throw new Error('The database engine is closed.');
  };

  return {
    kind: 'pglite',
    query<R = Record<string, unknown>>(sql: string, params?: unknown[]) {
      guard();
      return queue.run(async () => normalise(await db.query<R>(sql, params)));
    },
    exec(sql: string) {
      guard();
      return queue.run(async () => {
        await db.exec(sql);
      });
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard();
      return queue.run(() => db.transaction((tx) => fn(txQueryable(tx))));
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      guard();
      const unlisten = await queue.run(() => db.listen(channel, onNotify));
      return () => (db.closed ? Promise.resolve() : queue.run(() => unlisten()));
    },
    async closeToSnapshot() {
      guard();
      closed = true;
      await queue.drain();
      const mod = db.Module as unknown as { FS: SnapshotFs; ENV: Record<string, string> };
      const root = mod.ENV.PGDATA;
      await db.close();
      // The in-memory file system outlives the closed instance.
      return readSnapshot(mod.FS, root);
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.drain();
      await db.close();
    },
  };
}
