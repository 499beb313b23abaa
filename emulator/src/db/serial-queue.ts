import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs async jobs one at a time, in the order they were queued.
 *
 * PGlite is a single Postgres session: two interleaved transactions would share one session and
 * see each other's `SET LOCAL`s. Every unit of work (a query, or a whole transaction) therefore
 * goes through this queue.
 *
 * @example
 * ```ts
 * const queue = new SerialQueue();
 * await Promise.all([queue.run(() => work(1)), queue.run(() => work(2))]); // 1 finishes before 2 starts
 * ```
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  // Knows whether the current async call chain is already inside a job: queuing another job
  // from there would wait on itself forever, so it is refused with a clear error instead.
  readonly #inside = new AsyncLocalStorage<true>();

  /** Queues `job`; resolves or rejects with its result once it has run. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) {
      return Promise.reject(
        new Error(
          'Deadlock avoided: the engine was called from inside one of its own transactions. ' +
            'Use the `tx` given to the transaction callback instead.',
        ),
      );
    }
    const result = this.#tail.then(() => this.#inside.run(true, job));
    // The chain must continue whether the job succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every job queued so far has finished. */
  drain(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
