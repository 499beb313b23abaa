import pgUtils from 'pg/lib/utils.js';
import type { Engine, Queryable, QueryResult } from './engine.js';
import type { Step, StepResult, WireParam } from './pglite-messages.js';
import type { PipelineOutcome } from './pglite-pipeline.js';
import { toError } from './database-error.js';
import { PgliteThread } from './pglite-thread.js';
import { SerialQueue } from './serial-queue.js';

/** Options of the embedded engine. */
export interface PgliteEngineOptions {
  /** A folder that keeps the database across restarts; in memory when absent. */
  dataDir?: string;
  /** A data folder dumped by `dumpDataDir()` to start from (skips initdb). */
  loadDataDir?: Blob;
}

/** The embedded engine, which can also dump its data folder (a tarball) to start others from. */
export interface PgliteEngine extends Engine {
  dumpDataDir(): Promise<Blob>;
}

// Values are prepared as `pg` prepares them for a server, so both engines bind them alike.
function wireParams(params: unknown[] | undefined): WireParam[] | undefined {
  return params?.map((p) => pgUtils.prepareValue(p));
}

function asResult<R>(result: StepResult | undefined): QueryResult<R> {
  if (!result) return { rows: [], fields: [], rowCount: 0 };
  return { rows: result.rows as R[], fields: result.fields, rowCount: result.rowCount };
}

/** A transaction's value, and its COMMIT on the way to the worker (none when nothing ran). */
interface Finished<T> {
  result: T;
  commit?: Promise<StepResult | undefined>;
}

const BEGIN: Step = { sql: 'BEGIN' };
const COMMIT: Step = { sql: 'COMMIT' };
const ROLLBACK: Step = { sql: 'ROLLBACK' };

/**
 * Postgres embedded in the process (PGlite, WebAssembly), in memory or in a data folder, run on
 * a worker thread of its own: a long query never holds up the host's event loop.
 *
 * PGlite is one session, so every query and every whole transaction is one unit of a serial
 * queue: a request's `SET LOCAL ROLE` can never leak into another request's statements. A
 * transaction's BEGIN travels with its first statement, and its COMMIT is sent without holding
 * the queue, so the next transaction's statements follow it to the worker at once.
 *
 * @example
 * ```ts
 * const engine = await createPgliteEngine();
 * const { rows } = await engine.query('select $1::int + 1 as n', [41]); // [{ n: 42 }]
 * await engine.close();
 * ```
 */
export async function createPgliteEngine(options: PgliteEngineOptions = {}): Promise<PgliteEngine> {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const thread = new PgliteThread((channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  });
  const image = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
  try {
    await thread.call(
      { op: 'open', dataDir: options.dataDir, loadDataDir: image },
      image ? [image] : [],
    );
  } catch (error) {
    await thread.terminate();
    throw error;
  }
  const queue = new SerialQueue();
  let closed = false;
  const guard = () => {
    if (closed) throw new Error('The database engine is closed.');
  };

  /** Runs steps in one exchange; resolves with the last step's result, or rejects with the first error. */
  async function run(steps: Step[]): Promise<StepResult | undefined> {
    const outcome = await thread.call<PipelineOutcome>({ op: 'run', steps });
    if (outcome.error) throw toError(outcome.error);
    return outcome.results[outcome.results.length - 1];
  }

  /**
   * Runs `fn` as one transaction and hands back its value with the COMMIT sent but not awaited:
   * the worker runs that COMMIT before whatever the queue sends next, so the queue need not wait.
   */
  async function openTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<Finished<T>> {
    let begun = false;
    let done = false;
    // BEGIN goes with the transaction's first statement: one exchange instead of two.
    const send = (step: Step) => {
      if (done) return Promise.reject(new Error('The transaction is over.'));
      const steps = begun ? [step] : [BEGIN, step];
      begun = true;
      return run(steps);
    };
    const tx: Queryable = {
      async query<R>(sql: string, params?: unknown[]) {
        return asResult<R>(await send({ sql, params: wireParams(params) }));
      },
      async exec(sql: string) {
        await send({ script: sql });
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      done = true;
      if (begun) await run([ROLLBACK]).catch(() => undefined);
      throw error;
    }
    done = true;
    return { result, commit: begun ? run([COMMIT]) : undefined };
  }

  return {
    kind: 'pglite',
    query<R = Record<string, unknown>>(sql: string, params?: unknown[]) {
      guard();
      const steps = [{ sql, params: wireParams(params) }];
      return queue.run(async () => asResult<R>(await run(steps)));
    },
    exec(sql: string) {
      guard();
      return queue.run(async () => {
        await run([{ script: sql }]);
      });
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard();
      const { result, commit } = await queue.run(() => openTransaction(fn));
      const committed = await commit;
      // COMMIT of a transaction in which a statement failed (and was caught) rolls it back.
      if (committed?.command === 'ROLLBACK') {
        throw toError({
          message: 'Transaction was rolled back instead of committed',
          code: '25P02',
          severity: 'ERROR',
        });
      }
      return result;
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      guard();
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        const quoted = `"${channel.replaceAll('"', '""')}"`;
        await queue.run(() => run([{ sql: `LISTEN ${quoted}` }]));
      }
      set.add(onNotify);
      return async () => {
        if (!set.delete(onNotify) || set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        if (closed) return;
        const quoted = `"${channel.replaceAll('"', '""')}"`;
        await queue.run(() => run([{ sql: `UNLISTEN ${quoted}` }]));
      };
    },
    dumpDataDir() {
      guard();
      return queue.run(async () => new Blob([await thread.call<ArrayBuffer>({ op: 'dump' })]));
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      await queue.drain();
      await thread.call({ op: 'close' }).catch(() => undefined);
      await thread.terminate();
    },
  };
}
