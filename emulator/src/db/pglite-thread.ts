import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { toError } from './database-error.js';
import type { WorkerMessage, WorkerRequest } from './pglite-messages.js';

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/**
 * Starts the worker: the compiled `pglite-worker.js` beside this code (the package's `dist/`, a
 * separate tsup entry), else, running from the sources, `pglite-worker.ts` through tsx.
 */
function spawn(): Worker {
  const compiled = new URL('./pglite-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled);
  return new Worker(new URL('./pglite-worker-source.mjs', import.meta.url), {
    workerData: { entry: new URL('./pglite-worker.ts', import.meta.url).href },
  });
}

/**
 * The embedded engine's worker thread, seen from the engine: `call()` sends a request and
 * resolves with its reply; notifications go to `onNotify`. The thread keeps the process alive
 * only while a call is waiting for its answer, as an in-process database would.
 *
 * @example
 * ```ts
 * const thread = new PgliteThread((channel, payload) => console.log(channel, payload));
 * await thread.call({ op: 'open' });
 * ```
 */
export class PgliteThread {
  readonly #worker = spawn();
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #failure: Error | undefined;

  constructor(onNotify: (channel: string, payload: string) => void) {
    this.#worker.unref();
    this.#worker.on('message', (message: WorkerMessage) => {
      if ('channel' in message) return onNotify(message.channel, message.payload);
      const waiting = this.#pending.get(message.id);
      if (!waiting) return;
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if ('error' in message) waiting.reject(toError(message.error));
      else waiting.resolve(message.value);
    });
    const fail = (error: Error) => {
      this.#failure ??= error;
      for (const waiting of this.#pending.values()) waiting.reject(this.#failure);
      this.#pending.clear();
    };
    this.#worker.on('error', (error) =>
      fail(new Error(`The database thread failed: ${error.message}`)),
    );
    this.#worker.on('exit', () => fail(new Error('The database thread has stopped.')));
  }

  /** Sends `request`; resolves with the worker's answer, or rejects with its error. */
  call<T>(request: Request, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Stops the thread (after a `close` call, or to abandon a database that failed to open). */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }
}
