import { Observable, defer, type Subscription } from 'rxjs';

/**
 * Runs code of a module loaded with `import()` on first use (a chunk of its own in bundlers, and a
 * separate file in Node, Deno and Bun), so an app that never calls it does not load it.
 */
export interface LazyModule<M> {
  <T>(use: (module: M) => Observable<T>): Observable<T>;
  /** The module once loaded (so a caller can use it synchronously from then on), else undefined. */
  readonly current: M | undefined;
  /** Loads the module now (once for all callers); a failed load is tried again by the next call. */
  load(): Promise<M>;
}

/**
 * Wraps a dynamic `import()` as a {@link LazyModule}: each call gives a cold Observable that loads
 * the module at subscribe (once for all callers), then subscribes to `use(module)`. Once the module
 * is loaded, later subscriptions run synchronously, as if it had been imported statically.
 * Unsubscribing while it loads subscribes to nothing; a failed load errors the subscriber and is
 * tried again by the next subscription.
 *
 * @example
 * ```ts
 * const signUpFlows = lazyModule(() => import('./flows/sign-up.js'));
 * signUpFlows((m) => m.signUp(core, credentials)).subscribe();
 * ```
 */
export function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const start = () =>
    (loading ??= load().then(
      (module) => (loaded = module),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const lazy = <T>(use: (module: M) => Observable<T>) =>
    new Observable<T>((subscriber) => {
      if (loaded !== undefined) return defer(() => use(loaded as M)).subscribe(subscriber);
      let inner: Subscription | undefined;
      start().then(
        (module) => {
          if (!subscriber.closed) inner = defer(() => use(module)).subscribe(subscriber);
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => inner?.unsubscribe();
    });
  return Object.defineProperties(lazy, {
    current: { get: () => loaded },
    load: { value: start },
  }) as LazyModule<M>;
}
