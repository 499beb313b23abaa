import { copyHeaders } from '../http/headers.js';
import type { HttpRequest } from '../http/types.js';
import { queryString } from './query-string.js';
import type { QueryState } from './state.js';

const OBJECT = 'application/vnd.pgrst.object+json';
const ARRAY_STRIPPED = 'application/vnd.pgrst.array+json;nulls=stripped';
const OBJECT_STRIPPED = 'application/vnd.pgrst.object+json;nulls=stripped';

/**
 * Turns a query's state into the HTTP request supabase-js 2.119 would send: the query string in
 * `URLSearchParams` encoding, the profile header for the schema, `Content-Type: application/json`
 * on everything but GET/HEAD, and the stripped-nulls media type. Pure.
 *
 * @example
 * ```ts
 * toRequest(state).url; // 'http://localhost:54321/rest/v1/movies?select=id&year=eq.1999'
 * ```
 */
export function toRequest(state: QueryState): HttpRequest {
  const headers = copyHeaders(state.headers);
  const read = state.method === 'GET' || state.method === 'HEAD';
  if (read) headers['accept-profile'] = state.schema;
  else {
    headers['content-profile'] = state.schema;
    headers['content-type'] = 'application/json';
  }
  if (state.stripNulls) {
    const accept = headers.accept;
    if (accept === OBJECT) headers.accept = OBJECT_STRIPPED;
    else if (accept === undefined || accept === 'application/json') headers.accept = ARRAY_STRIPPED;
  }
  return {
    method: state.method,
    url: state.params.length === 0 ? state.url : `${state.url}?${queryString(state.params)}`,
    headers,
    body: state.body,
    signal: state.signal,
    retry: state.retry,
    fetch: state.fetch,
  };
}
