/**
 * The worker thread that owns the embedded Postgres (PGlite). The main thread's `PgliteEngine`
 * sends it requests (`protocol.ts`) one at a time and it answers each; NOTIFY payloads of the
 * channels listened on are posted as they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Extension, type Results, type Transaction } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import type { QueryResult } from '../engine.js';
import { readSnapshot, restoreSnapshot, type SnapshotFs } from '../pglite-snapshot.js';
import {
  serialiseError,
  transferOf,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerStart,
} from './protocol.js';

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

/** The transaction `begin` opened: PGlite's own, held open until `commit` or `rollback`. */
interface OpenTransaction {
  tx: Transaction;
  end(commit: boolean): void;
  done: Promise<void>;
}

const ROLLBACK = Symbol('rollback');

const port = parentPort!;
const start = workerData as WorkerStart;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

const db = new PGlite({
  dataDir: start.dataDir,
  extensions: {
    linkOnFirstUse,
    ...(start.snapshot && { restore: restoreSnapshot(start.snapshot) }),
    pgcrypto,
    uuid_ossp,
  },
  // 1 MB WAL segments instead of 16: a fresh database (and its cached template) is 9 MB smaller,
  // which is what a warm start spends most of its time unpacking.
  initDbStartParams: ['--wal-segsize=1'],
});
let open: OpenTransaction | undefined;
const unlistens = new Map<number, () => Promise<void>>();

function session(tx: boolean): Pick<Transaction, 'query' | 'exec'> {
  if (!tx) return db;
  if (!open) throw new Error('Transaction is closed');
  return open.tx;
}

async function begin(): Promise<void> {
  let began!: (t: OpenTransaction) => void;
  let failed!: (error: unknown) => void;
  const opened = new Promise<OpenTransaction>((resolve, reject) => {
    began = resolve;
    failed = reject;
  });
  const done = db.transaction(async (tx) => {
    const commit = await new Promise<boolean>((end) => began({ tx, end, done }));
    // Thrown so that PGlite rolls back; caught again by `end` below.
    if (!commit) throw ROLLBACK;
  });
  // BEGIN itself failing rejects `done` before the callback runs (later, this does nothing).
  done.catch(failed);
  open = await opened;
}

async function end(commit: boolean): Promise<void> {
  const current = open;
  open = undefined;
  if (!current) throw new Error('Transaction is closed');
  current.end(commit);
  await current.done.catch((error: unknown) => {
    if (error !== ROLLBACK) throw error;
  });
}

async function closeToSnapshot() {
  const mod = db.Module as unknown as { FS: SnapshotFs; ENV: Record<string, string> };
  const root = mod.ENV.PGDATA;
  await db.close();
  // The in-memory file system outlives the closed instance.
  return readSnapshot(mod.FS, root);
}

async function handle(request: WorkerRequest): Promise<[unknown, ArrayBuffer[]?]> {
  switch (request.op) {
    case 'query':
      return [normalise(await session(request.tx).query(request.sql, request.params))];
    case 'exec':
      await session(request.tx).exec(request.sql);
      return [undefined];
    case 'begin':
      await begin();
      return [undefined];
    case 'commit':
    case 'rollback':
      await end(request.op === 'commit');
      return [undefined];
    case 'listen': {
      const { listenId } = request;
      const unlisten = await db.listen(request.channel, (payload) =>
        post({ kind: 'notify', listenId, payload }),
      );
      unlistens.set(listenId, unlisten);
      return [undefined];
    }
    case 'unlisten': {
      const unlisten = unlistens.get(request.listenId);
      unlistens.delete(request.listenId);
      if (unlisten && !db.closed) await unlisten();
      return [undefined];
    }
    case 'close':
      if (!db.closed) await db.close();
      return [undefined];
    case 'closeToSnapshot': {
      const snapshot = await closeToSnapshot();
      return [snapshot, transferOf(snapshot.data)];
    }
  }
}

/**
 * Ends a transaction block that a failure left open outside `begin` … `commit` (a ROLLBACK that
 * itself failed, say), so that one failed request does not fail every later one with 25P02.
 */
async function recover(): Promise<void> {
  if (open || db.closed || !db.isInTransaction()) return;
  await db.exec('ROLLBACK').catch(() => undefined);
}

port.on('message', ({ id, request }: { id: number; request: WorkerRequest }) => {
  handle(request)
    .then(
      async ([value, transfer]) => {
        if (request.op === 'rollback') await recover();
        post({ kind: 'reply', id, ok: true, value }, transfer);
      },
      async (error: unknown) => {
        await recover();
        post({ kind: 'reply', id, ok: false, error: serialiseError(error) });
      },
    )
    .catch((error: unknown) =>
      post({ kind: 'reply', id, ok: false, error: serialiseError(error) }),
    );
});

db.waitReady
  // Supabase's search path for the postgres role: extensions resolve without a schema.
  .then(() => db.exec(`set search_path to "$user", public, extensions`))
  .then(
    () => post({ kind: 'ready' }),
    (error: unknown) => post({ kind: 'failed', error: serialiseError(error) }),
  );
