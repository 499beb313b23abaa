import type { FunctionHost } from './function-host.js';

/**
 * The running functions: each one is booted on its first call (concurrent first calls share one
 * boot), reused while it lives, booted again on the next call after its process died or its boot
 * failed, and stopped by `close()`.
 *
 * @example
 * ```ts
 * const pool = new FunctionPool((name) => startNodeFunction({ name, … }));
 * const fn = await pool.get('hello');
 * await pool.close();
 * ```
 */
export class FunctionPool {
  readonly #boot: (name: string) => Promise<FunctionHost>;
  readonly #running = new Map<string, Promise<FunctionHost>>();
  #closed = false;

  constructor(boot: (name: string) => Promise<FunctionHost>) {
    this.#boot = boot;
  }

  /** The live function `name`, booting it if needed; rejects with the boot's error. */
  get(name: string): Promise<FunctionHost> {
    if (this.#closed) return Promise.reject(new Error('The functions service is stopped'));
    const existing = this.#running.get(name);
    if (existing) return existing;
    const booting = this.#boot(name);
    this.#running.set(name, booting);
    const forget = () => {
      if (this.#running.get(name) === booting) this.#running.delete(name);
    };
    // close() stops boots still under way too, once they are done.
    booting.then((host) => void host.exited.then(forget), forget);
    return booting;
  }

  /**
   * Drops `host` (a function that failed mid-request) and waits until it is stopped, so that the
   * next call boots it afresh instead of meeting a dying process.
   */
  async discard(name: string, host: FunctionHost): Promise<void> {
    const current = this.#running.get(name);
    if (current && (await current.catch(() => null)) === host) this.#running.delete(name);
    await host.close();
  }

  /** The functions booted and alive now. */
  async list(): Promise<{ name: string; host: FunctionHost }[]> {
    const settled = await Promise.all(
      [...this.#running].map(async ([name, p]) => ({ name, host: await p.catch(() => null) })),
    );
    return settled.filter((e): e is { name: string; host: FunctionHost } => e.host !== null);
  }

  /** Stops every function and waits until their processes are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(all.map((p) => p.then((h) => h.close()).catch(() => undefined)));
  }
}
