import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  reviveError,
  transferOf,
  type WorkerAnswers,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerStart,
} from './protocol.js';

// Postgres's C code runs on the thread's own stack in WebAssembly. On a main thread's ~1 MB, a
// few hundred nested ANDs (from PostgREST's `or=(and(…))`) overflowed it before Postgres's own
// check (max_stack_depth, 2 MB) could refuse them, and the failure left the session broken. With
// 256 MB, deep input fails where PostgreSQL fails, with its error (54001; measured up to JSON
// nested a million deep). The stack is reserved address space: only what a query uses is touched.
const STACK_MB = 256;

/** The file URL of `tsx/esm/api` as an `import` would resolve it, read from tsx's exports. */
function tsxEsmApi(from: string): string {
  try {
    const require = createRequire(from);
    const manifest = require.resolve('tsx/package.json');
    const { exports } = require(manifest) as {
      exports: Record<string, { import: { default: string } }>;
    };
    return new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
  } catch {
    throw new Error('Running the emulator from its TypeScript sources needs tsx installed.');
  }
}

/**
 * The worker's entry beside this module: `worker.ts` under the sources (run through tsx, which
 * then must be installed), `pglite-worker.js`/`.cjs` beside the compiled chunks.
 */
function workerEntry(): { script: string | URL; eval: boolean } {
  const here = import.meta.url;
  const ext = /\.[cm]?[jt]s$/.exec(new URL(here).pathname)?.[0] ?? '.js';
  if (!ext.endsWith('ts')) return { script: new URL(`./pglite-worker${ext}`, here), eval: false };
  // A worker's first module is loaded before `--import` hooks apply (Node 20): register tsx
  // in the thread (its ESM API: the CommonJS one fails to find itself there), then import the
  // TypeScript entry.
  const entry = new URL('./worker.ts', here).href;
  const tsx = tsxEsmApi(here);
  const script = `import(${JSON.stringify(tsx)})
    .then((tsx) => tsx.register())
    .then(() => import(${JSON.stringify(entry)}));`;
  return { script, eval: true };
}

/**
 * The main thread's end of the PGlite worker: one request, one answer, matched by id. The worker
 * keeps the process alive only while a request is waiting for its answer.
 *
 * @example
 * ```ts
 * const link = await WorkerLink.start({});
 * const result = await link.request({ op: 'query', sql: 'select 1 as n', tx: false });
 * await link.stop();
 * ```
 */
export class WorkerLink {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly #listeners = new Map<number, (payload: string) => void>();
  #nextId = 1;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: WorkerMessage) => this.#receive(message));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => this.#fail(new Error(`The PGlite worker exited (code ${code}).`)));
  }

  /** Starts a worker with the database of `start` (a snapshot's bytes are moved, not copied). */
  static async start(start: WorkerStart): Promise<WorkerLink> {
    const entry = workerEntry();
    const worker = new Worker(entry.script, {
      eval: entry.eval,
      workerData: start,
      transferList: transferOf(start.snapshot?.data),
      resourceLimits: { stackSizeMb: STACK_MB },
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'failed') reject(reviveError(message.error));
        else return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const onExit = (code: number) =>
        reject(new Error(`The PGlite worker exited (code ${code}).`));
      worker.on('message', onMessage);
      worker.on('error', reject);
      worker.once('exit', onExit);
    });
    const link = new WorkerLink(worker);
    try {
      await ready;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    worker.unref();
    return link;
  }

  /** Sends a request; resolves to its answer, or rejects with the worker's error rebuilt. */
  request<K extends WorkerRequest['op']>(
    request: Extract<WorkerRequest, { op: K }>,
  ): Promise<WorkerAnswers[K]> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.#waiting.size === 1) this.#worker.ref();
      try {
        this.#worker.postMessage({ id, request });
      } catch (error) {
        // A parameter structured cloning cannot carry (a function, a symbol…).
        this.#settle(id);
        reject(error as Error);
      }
    });
  }

  /** Routes the NOTIFY payloads of a `listen` request (by its id) to `onNotify`. */
  onNotify(listenId: number, onNotify: ((payload: string) => void) | undefined): void {
    if (onNotify) this.#listeners.set(listenId, onNotify);
    else this.#listeners.delete(listenId);
  }

  /** Ends the thread (after `close`, or to give up on it). */
  async stop(): Promise<void> {
    this.#stopped ??= new Error('The database engine is closed.');
    await this.#worker.terminate();
  }

  #settle(id: number) {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#worker.unref();
    return waiting;
  }

  #receive(message: WorkerMessage) {
    if (message.kind === 'notify') {
      this.#listeners.get(message.listenId)?.(message.payload);
    } else if (message.kind === 'reply') {
      const waiting = this.#settle(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(reviveError(message.error));
    }
  }

  #fail(error: Error) {
    this.#stopped ??= error;
    for (const [id, waiting] of this.#waiting) {
      this.#settle(id);
      waiting.reject(this.#stopped);
    }
  }
}
