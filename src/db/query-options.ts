import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { assertInteger } from './validate.js';

/** The URL length past which a failed request's hint says the URL may be the cause (supabase-js's default). */
export const DEFAULT_URL_LENGTH_LIMIT = 8000;

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
 * way for `PostgrestClient`, `from()` and `createClient`'s `db` group; `method` names the caller
 * and `prefix` the option group (`'db.'`) in the message.
 *
 * @example
 * ```ts
 * checkSharedOptions({ urlLengthLimit: 0 }, 'PostgrestClient'); // throws
 * checkSharedOptions({ retry: 'yes' }, 'createClient()', 'db.'); // throws: …db.retry must be…
 * ```
 */
export function checkSharedOptions(
  options: PostgrestQueryBuilderOptions,
  method: string,
  prefix = '',
): void {
  const { fetch: fetchFn, urlLengthLimit, retry } = options;
  if (fetchFn !== undefined && typeof fetchFn !== 'function') {
    throw new SupabaseRxInputError(
      `${method}: ${prefix}fetch must be a function, got ${typeof fetchFn}`,
    );
  }
  if (urlLengthLimit !== undefined) {
    assertInteger(urlLengthLimit, method, `${prefix}urlLengthLimit`, 1);
  }
  if (retry !== undefined && typeof retry !== 'boolean') {
    throw new SupabaseRxInputError(
      `${method}: ${prefix}retry must be a boolean, got ${JSON.stringify(retry) ?? typeof retry}`,
    );
  }
}
