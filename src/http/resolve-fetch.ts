import { SupabaseRxError } from './supabase-rx-error.js';

/**
 * The `fetch` to call: the one from the options, else the global one, looked up at request time
 * (so that a polyfill or a test's stub installed after the client was made is still seen).
 * `undefined` when the runtime has none; see {@link importFallbackFetch}.
 *
 * @example
 * ```ts
 * const f = resolveFetch(options.fetch) ?? (await importFallbackFetch());
 * ```
 */
export function resolveFetch(custom: typeof fetch | undefined): typeof fetch | undefined {
  return custom ?? (typeof globalThis.fetch === 'function' ? globalThis.fetch : undefined);
}

// Held in a variable so that bundlers leave the import alone: every runtime we support has a
// global fetch, and a browser bundle must not carry a polyfill it never runs.
const FALLBACK_MODULE = 'cross-fetch';

/**
 * For runtimes without a global `fetch` (old Node, some embedded engines): loads `cross-fetch`
 * lazily if the app has it installed, else rejects with a clear error saying what to pass.
 *
 * @example
 * ```ts
 * const f = await importFallbackFetch(); // cross-fetch's fetch, or a SupabaseRxError
 * ```
 */
export async function importFallbackFetch(): Promise<typeof fetch> {
  try {
    const mod = (await import(/* @vite-ignore */ FALLBACK_MODULE)) as {
      default?: unknown;
      fetch?: unknown;
    };
    const found = typeof mod.fetch === 'function' ? mod.fetch : mod.default;
    if (typeof found === 'function') return found as typeof fetch;
  } catch {
    // Not installed: reported below.
  }
  throw new SupabaseRxError(
    'No fetch: no global fetch, and cross-fetch is not installed. Pass options.global.fetch',
    { code: 'fetch_unavailable' },
  );
}

/**
 * The fallback of a transport that loads no polyfill (the database client's own, like
 * postgrest-js): a clear error, for runtimes without a global `fetch`.
 *
 * @example
 * ```ts
 * const f = resolveFetch(options.fetch) ?? (await noFetch()); // rejects: pass a fetch
 * ```
 */
export function noFetch(): Promise<typeof fetch> {
  return Promise.reject(
    new SupabaseRxError('No fetch: this runtime has no global fetch. Pass the fetch option', {
      code: 'fetch_unavailable',
    }),
  );
}
