import { Observable, type Subject } from 'rxjs';
import type { SupportedStorage } from './types.js';

/**
 * A session storage kept in memory (the default outside browsers, and with `persistSession: false`).
 *
 * @example
 * ```ts
 * const auth = new AuthClient({ url, headers, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): SupportedStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * The default storage: `localStorage` when it exists and is writable (browsers), else memory.
 *
 * @example
 * ```ts
 * const storage = defaultStorage(true);
 * ```
 */
export function defaultStorage(persistSession: boolean): SupportedStorage {
  if (!persistSession) return memoryStorage();
  const ls = (globalThis as { localStorage?: Storage }).localStorage;
  try {
    if (ls && typeof ls.setItem === 'function') {
      const probe = '__supabase_rx_probe__';
      ls.setItem(probe, probe);
      ls.removeItem(probe);
      return ls;
    }
  } catch {
    // Safari private mode and sandboxed iframes throw on write: fall back to memory.
  }
  return memoryStorage();
}

/** Failures of the storage adapter, reported instead of breaking the auth streams. */
export interface StorageFailure {
  readonly operation: 'getItem' | 'setItem' | 'removeItem';
  readonly key: string;
  readonly error: unknown;
}

/**
 * Reads and writes JSON values through a sync or async adapter. An adapter that throws or rejects
 * never breaks a stream: the failure is reported on `failures` and the operation acts as if the
 * item were absent (reads) or done (writes), so the in-memory session stays authoritative.
 *
 * @example
 * ```ts
 * const gateway = new StorageGateway(memoryStorage(), failures);
 * gateway.set('k', { a: 1 }).subscribe();
 * ```
 */
export class StorageGateway {
  constructor(
    readonly storage: SupportedStorage,
    private readonly failures: Subject<StorageFailure>,
  ) {}

  /** The parsed value, or the raw string when it is not JSON, or `null`. */
  get(key: string): Observable<unknown> {
    return this.run(
      'getItem',
      key,
      () => this.storage.getItem(key),
      (raw) => {
        if (typeof raw !== 'string') return null;
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return raw;
        }
      },
    );
  }

  /** Writes `JSON.stringify(value)`. */
  set(key: string, value: unknown): Observable<void> {
    return this.run(
      'setItem',
      key,
      () => this.storage.setItem(key, JSON.stringify(value)),
      () => undefined,
    );
  }

  /** Removes the key. */
  remove(key: string): Observable<void> {
    return this.run(
      'removeItem',
      key,
      () => this.storage.removeItem(key),
      () => undefined,
    );
  }

  /** Runs one adapter call; sync adapters stay synchronous (virtual time keeps working). */
  private run<R, T>(
    operation: StorageFailure['operation'],
    key: string,
    call: () => R | Promise<R>,
    project: (raw: R | null) => T,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      const fail = (error: unknown): void => {
        this.failures.next({ operation, key, error });
        subscriber.next(project(null));
        subscriber.complete();
      };
      let result: R | Promise<R>;
      try {
        result = call();
      } catch (error) {
        fail(error);
        return;
      }
      if (
        result instanceof Promise ||
        (typeof result === 'object' && result !== null && 'then' in result)
      ) {
        let active = true;
        (result as Promise<R>).then(
          (value) => {
            if (!active) return;
            subscriber.next(project(value));
            subscriber.complete();
          },
          (error: unknown) => active && fail(error),
        );
        return () => {
          active = false;
        };
      }
      subscriber.next(project(result as R));
      subscriber.complete();
      return;
    });
  }
}
