/**
 * The embedded engine's worker thread: it owns the PGlite instance, so a long query blocks this
 * thread and not the one that hosts the emulator (its HTTP server, its timers, the app or test
 * around it). It answers `WorkerRequest`s in the order they arrive and forwards every
 * notification of the channels the session LISTENs to.
 */
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import type { WorkerMessage, WorkerRequest } from './pglite-messages.js';
import { errorFields, runPipeline } from './pglite-pipeline.js';

const port = parentPort;
if (!port) throw new Error('pglite-worker runs as a worker thread of the embedded engine.');

let db: PGlite | undefined;

async function open(options: { dataDir?: string; loadDataDir?: ArrayBuffer }): Promise<void> {
  db = new PGlite({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir ? new Blob([options.loadDataDir]) : undefined,
    extensions: { pgcrypto, uuid_ossp },
    // 1 MB WAL segments instead of 16: a fresh database (and its cached template) is 9 MB
    // smaller, which is what a warm start spends most of its time unpacking.
    initDbStartParams: ['--wal-segsize=1'],
  });
  await db.waitReady;
  // Supabase's search path for the postgres role: extensions resolve without a schema.
  await db.exec(`set search_path to "$user", public, extensions`);
  db.onNotification((channel, payload) => post({ channel, payload }));
}

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function handle(request: WorkerRequest): Promise<void> {
  try {
    if (request.op === 'open') {
      await open(request);
      return post({ id: request.id, value: null });
    }
    if (!db) throw new Error('The database is not open.');
    switch (request.op) {
      case 'run':
        return post({ id: request.id, value: await runPipeline(db, request.steps) });
      case 'dump': {
        const bytes = await (await db.dumpDataDir('none')).arrayBuffer();
        return post({ id: request.id, value: bytes }, [bytes]);
      }
      case 'close':
        await db.close();
        db = undefined;
        return post({ id: request.id, value: null });
    }
  } catch (error) {
    post({ id: request.id, error: errorFields(error) });
  }
}

// One request at a time, in arrival order: the engine may send a transaction's COMMIT and the
// next transaction's first statements without waiting in between.
let tail = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  tail = tail.then(() => handle(request));
});
