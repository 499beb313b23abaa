import { FunctionsClientBase, type FunctionsClientOptions } from './client-base.js';
import * as sends from './invoke-send.js';

export type { FunctionsClientOptions } from './client-base.js';

/**
 * Invokes Supabase Edge Functions, as functions-js's `FunctionsClient`, with cold Observables:
 * nothing is sent before subscribe, and unsubscribing aborts the request.
 *
 * @example
 * ```ts
 * const functions = new FunctionsClient('http://127.0.0.1:54321/functions/v1', {
 *   headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
 * });
 * functions.invoke<{ message: string }>('hello', { body: { name: 'Ada' } })
 *   .subscribe(({ data }) => console.log(data.message));
 * ```
 */
export class FunctionsClient extends FunctionsClientBase {
  constructor(url: string, options: FunctionsClientOptions = {}) {
    super(url, options, (use) => use(sends));
  }
}
