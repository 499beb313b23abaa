import type { Engine, Queryable, QueryResult } from './engine.js';
import type { DataDirSnapshot } from './pglite-snapshot.js';
import { WorkerLink } from './pglite-worker/worker-link.js';
import { SerialQueue } from './serial-queue.js';

/** Options of the embedded engine. */
export interface PgliteEngineOptions {
  /** A folder that keeps the database across restarts; in memory when absent. */
  dataDir?: string;
  /**
   * A data folder taken by `closeToSnapshot()` to start from (skips initdb); used up by it (its
   * bytes move to the engine's thread).
   */
  snapshot?: DataDirSnapshot;
}

/** The embedded engine, which can also close into a snapshot of its data folder to start others from. */
export interface PgliteEngine extends Engine {
  /** Shuts Postgres down cleanly (so a start from the snapshot needs no recovery), then copies its data folder. */
  closeToSnapshot(): Promise<DataDirSnapshot>;
}

/**
 * Postgres embedded in the process (PGlite, WebAssembly): in memory, or in a data folder. It runs
 * in a worker thread, so a long query never holds up the host's event loop (its timers, its
 * HTTP server).
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
  const link = await WorkerLink.start({ dataDir: options.dataDir, snapshot: options.snapshot });
  const queue = new SerialQueue();
  let closed = false;
  let nextListenId = 1;
  const guard = () => {
    if (closed) throw new Error('The database engine is closed.');
  };
  const session = (tx: boolean): Queryable => ({
    query: <R>(sql: string, params?: unknown[]) =>
      link.request({ op: 'query', sql, params, tx }) as Promise<QueryResult<R>>,
    exec: (sql: string) => link.request({ op: 'exec', sql, tx }),
  });
  const main = session(false);
  const inTransaction = session(true);
  const shutDown = async <T>(last: () => Promise<T>): Promise<T> => {
    closed = true;
    await queue.drain();
    try {
      return await last();
    } finally {
      await link.stop();
    }
  };

  return {
    kind: 'pglite',
    query<R = Record<string, unknown>>(sql: string, params?: unknown[]) {
      guard();
      return queue.run(() => main.query<R>(sql, params));
    },
    exec(sql: string) {
      guard();
      return queue.run(() => main.exec(sql));
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard();
      return queue.run(async () => {
        await link.request({ op: 'begin' });
        let result: T;
        try {
          result = await fn(inTransaction);
        } catch (error) {
          // The failure that made us roll back is the one to report, not a failed ROLLBACK.
          await link.request({ op: 'rollback' }).catch(() => undefined);
          throw error;
        }
        await link.request({ op: 'commit' });
        return result;
      });
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      guard();
      const listenId = nextListenId++;
      link.onNotify(listenId, onNotify);
      await queue.run(() => link.request({ op: 'listen', channel, listenId }));
      return async () => {
        link.onNotify(listenId, undefined);
        if (!closed) await queue.run(() => link.request({ op: 'unlisten', listenId }));
      };
    },
    closeToSnapshot() {
      guard();
      return shutDown(() => link.request({ op: 'closeToSnapshot' }));
    },
    async close() {
      if (closed) return;
      await shutDown(() => link.request({ op: 'close' }));
    },
  };
}
