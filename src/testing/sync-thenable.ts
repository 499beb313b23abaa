type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * @internal A promise-like that settles and runs its callbacks synchronously, so that code written
 * against fetch's promises (`then`, `catch`) runs inside `TestScheduler.run`, where real promises
 * would only settle after the virtual clock has finished.
 */
export class SyncThenable<T> implements PromiseLike<T> {
  #settled: Settled<T> | undefined;
  #waiting: Array<(s: Settled<T>) => void> = [];

  static resolve<T>(value: T): SyncThenable<T> {
    const t = new SyncThenable<T>();
    t.resolve(value);
    return t;
  }

  static reject<T = never>(error: unknown): SyncThenable<T> {
    const t = new SyncThenable<T>();
    t.reject(error);
    return t;
  }

  resolve(value: T | PromiseLike<T>): void {
    if (this.#settled) return;
    if (isThenable<T>(value)) {
      value.then(
        (v) => this.#settle({ ok: true, value: v }),
        (error: unknown) => this.#settle({ ok: false, error }),
      );
    } else this.#settle({ ok: true, value });
  }

  reject(error: unknown): void {
    if (!this.#settled) this.#settle({ ok: false, error });
  }

  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((error: unknown) => B | PromiseLike<B>) | null,
  ): SyncThenable<A | B> {
    const next = new SyncThenable<A | B>();
    const run = (s: Settled<T>) => {
      try {
        if (s.ok) next.resolve(onFulfilled ? onFulfilled(s.value) : (s.value as unknown as A));
        else if (onRejected) next.resolve(onRejected(s.error));
        else next.reject(s.error);
      } catch (error) {
        next.reject(error);
      }
    };
    if (this.#settled) run(this.#settled);
    else this.#waiting.push(run);
    return next;
  }

  catch<B = never>(onRejected: (error: unknown) => B | PromiseLike<B>): SyncThenable<T | B> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally: () => void): SyncThenable<T> {
    return this.then(
      (value) => (onFinally(), value),
      (error: unknown) => {
        onFinally();
        throw error;
      },
    );
  }

  #settle(s: Settled<T>): void {
    if (this.#settled) return;
    this.#settled = s;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const run of waiting) run(s);
  }
}

function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
