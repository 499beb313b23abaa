import { RequestRun, type TransportConfig } from './request-run.js';
import {
  resolveTransportOptions,
  transportWith,
  type Transport,
  type TransportOptions,
} from './base-transport.js';
import { TokenRequestRun } from './token-request-run.js';
import { validateRequest } from './validate-request.js';
import { readAnyBody } from './read-body.js';
import { importFallbackFetch } from './resolve-fetch.js';

export type { Transport, TransportOptions } from './base-transport.js';

/**
 * Makes the transport every HTTP module sends through: a request description in, a cold
 * Observable of one `HttpResponse` out (any status; mapping errors is the module's job).
 *
 * - Nothing is sent before subscribe; each subscription sends again; unsubscribing aborts the
 *   fetch, the body read, or the wait between retries. `req.signal` aborts too
 *   (`HttpAbortError`), `timeout` aborts with `HttpTimeoutError`; neither is retried.
 * - Headers: `X-Client-Info`, then `headers`, then the request's own; `apikey` and
 *   `Authorization: Bearer <token or apiKey>` where absent. The token is read at subscribe time;
 *   after a 401 the token source's `refreshAfterUnauthorized()` is asked once and the request
 *   replayed once.
 * - GET/HEAD/OPTIONS are retried on network errors, 503 and 520: at most 3 times, after
 *   `Retry-After` or 1 s / 2 s / 4 s on `scheduler`, with `X-Retry-Count`.
 * - A network failure errors with `HttpNetworkError` (`status` 0, the fetch error as `cause`).
 *
 * @example
 * ```ts
 * const http = createTransport({ apiKey: 'anon-key', headers: { 'x-app': 'demo' } });
 * http
 *   .request({ method: 'GET', url: 'http://127.0.0.1:54321/rest/v1/movies?select=id', headers: {} })
 *   .subscribe((res) => console.log(res.status, res.body));
 * ```
 */
export function createTransport(options: TransportOptions = {}): Transport {
  return fullTransport(options, validateRequest);
}

/**
 * {@link createTransport} for the SDK's own modules, whose pure code builds every request: the
 * same transport without the per-request check (which only guards outside callers). What
 * `createClient` uses.
 *
 * @example
 * ```ts
 * const http = createModuleTransport({ apiKey: 'anon-key', tokenSource: auth.tokenSource });
 * ```
 */
export function createModuleTransport(options: TransportOptions = {}): Transport {
  return fullTransport(options, undefined);
}

function fullTransport(
  options: TransportOptions,
  validate: TransportConfig['validate'],
): Transport {
  const config: TransportConfig = {
    ...resolveTransportOptions(options),
    validate,
    readBody: readAnyBody,
    loadFetch: importFallbackFetch,
  };
  return transportWith(config, config.tokenSource ? TokenRequestRun : RequestRun);
}
