import { FunctionsClientBase, type FunctionsClientOptions } from '../functions/client-base.js';
import { lazyModule } from './lazy-module.js';

/** The sending half of every call (transport, timeout, response parsing, streams, SSE). */
export const functionsModule = lazyModule(() => import('../functions/invoke-send.js'));

/**
 * `createClient`'s `supabase.functions`: the `FunctionsClient` API, checking each call at once as
 * it does, whose sending code loads on the first subscription.
 *
 * @example
 * ```ts
 * const functions = new LazyFunctionsClient('http://127.0.0.1:54321/functions/v1', { transport });
 * functions.invoke('hello', { body: { name: 'Ada' } }).subscribe(({ data }) => console.log(data));
 * ```
 */
export class LazyFunctionsClient extends FunctionsClientBase {
  constructor(url: string, options: FunctionsClientOptions = {}) {
    super(url, options, functionsModule);
  }
}
