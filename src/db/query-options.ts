import type { Observable } from 'rxjs';
import type { Transport } from '../http/base-transport.js';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { assertInteger } from './validate.js';

/** The URL length past which a failed request's hint says the URL may be the cause (supabase-js's default). */
export const DEFAULT_URL_LENGTH_LIMIT = 8000;

/**
 * The transport of queries whose options differ from the defaults (`urlLengthLimit`, or a
 * `fetch` for one query): it puts that `fetch` on each request and carries the limit that
 * `runQuery` reads when a request fails. Queries with default options use the client's transport
 * directly, so they pay nothing for it.
 *
 * @example
 * ```ts
 * const t = new QueryTransport(transport, 2000, myFetch);
 * new PostgrestQueryBuilder(t, base).select(); // sent through myFetch
 * ```
 */
export class QueryTransport implements Transport {
  constructor(
    /** The client's transport (auth headers, retries and timeout still apply). */
    readonly inner: Transport,
    readonly urlLengthLimit: number,
    /** Used instead of the transport's own fetch, unless the request names one. */
    readonly queryFetch?: typeof globalThis.fetch,
  ) {}

  request(req: HttpRequest): Observable<HttpResponse> {
    const f = this.queryFetch;
    return this.inner.request(f === undefined || req.fetch !== undefined ? req : withFetch(req, f));
  }
}

/** `req` with `fetch` set. Every field is listed (the type makes a new one a compile error). */
function withFetch(req: HttpRequest, fetchFn: typeof fetch): HttpRequest {
  const out: { [K in keyof Required<HttpRequest>]: HttpRequest[K] } = {
    method: req.method,
    url: req.url,
    headers: req.headers,
    body: req.body,
    signal: req.signal,
    retry: req.retry,
    fetch: fetchFn,
    responseType: req.responseType,
  };
  return out;
}

/**
 * Options of `from(relation, options)`: they override the client's for that query only.
 *
 * @example
 * ```ts
 * db.from('countries', { retry: false, urlLengthLimit: 2000 }).select();
 * ```
 */
export interface PostgrestQueryBuilderOptions {
  /** A fetch for this query only; the client's headers, auth token, retries and timeout still apply. */
  fetch?: typeof fetch;
  /** The client's `urlLengthLimit`, for this query. */
  urlLengthLimit?: number;
  /** The client's `retry`, for this query. */
  retry?: boolean;
}

const QUERY_OPTIONS: readonly string[] = ['fetch', 'urlLengthLimit', 'retry'];

/**
 * Throws a `SupabaseRxInputError` naming the first option of `from()` that is wrong: not an
 * object, an unknown key, or a value of the wrong type.
 *
 * @example
 * ```ts
 * checkQueryOptions({ retry: 'no' }); // throws: from(): retry must be a boolean, got "no"
 * ```
 */
export function checkQueryOptions(options: object): void {
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new SupabaseRxInputError(
      `from(): options must be an object such as { retry: false }, got ${JSON.stringify(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!QUERY_OPTIONS.includes(key)) {
      throw new SupabaseRxInputError(
        `from(): unknown option ${JSON.stringify(key)}; expected ${QUERY_OPTIONS.join(', ')}`,
      );
    }
  }
  checkSharedOptions(options as PostgrestQueryBuilderOptions, 'from()');
}

/**
 * Checks the options a client and a query share (`fetch`, `urlLengthLimit`, `retry`), the same
 * way for both; `method` names the caller in the message.
 *
 * @example
 * ```ts
 * checkSharedOptions({ urlLengthLimit: 0 }, 'PostgrestClient'); // throws
 * ```
 */
export function checkSharedOptions(options: PostgrestQueryBuilderOptions, method: string): void {
  const { fetch: fetchFn, urlLengthLimit, retry } = options;
  if (fetchFn !== undefined && typeof fetchFn !== 'function') {
    throw new SupabaseRxInputError(`${method}: fetch must be a function, got ${typeof fetchFn}`);
  }
  if (urlLengthLimit !== undefined) assertInteger(urlLengthLimit, method, 'urlLengthLimit', 1);
  if (retry !== undefined && typeof retry !== 'boolean') {
    throw new SupabaseRxInputError(
      `${method}: retry must be a boolean, got ${JSON.stringify(retry) ?? typeof retry}`,
    );
  }
}
