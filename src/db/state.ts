import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { copyHeaders } from '../http/headers.js';

/** The HTTP methods a PostgREST query uses. */
export type QueryMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';

/** One query-string parameter, in wire order. */
export type QueryParam = readonly [key: string, value: string];

/**
 * Everything a query builder knows: plain, immutable data. `toRequest` turns it into the wire
 * request; builders never mutate it, they derive a new one.
 */
export interface QueryState {
  readonly method: QueryMethod;
  /** The resource URL without a query string (`…/rest/v1/movies`, `…/rest/v1/rpc/fn`). */
  readonly url: string;
  /** Query parameters in the order `URLSearchParams` would hold them. */
  readonly params: readonly QueryParam[];
  /** Lower-cased header names with `Headers` semantics (append joins with `", "`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The PostgREST schema, sent as `Accept-Profile` / `Content-Profile`. */
  readonly schema: string;
  /** The JSON body, already serialised (`undefined`: no body). */
  readonly body?: string;
  readonly signal?: AbortSignal;
  readonly retry?: boolean;
  /** A fetch for this query only (`from(table, { fetch })`). */
  readonly fetch?: typeof fetch;
  /** Past this URL length a failure's hint names the URL as a likely cause (default 8000). */
  readonly urlLengthLimit?: number;
  /** `maybeSingle()`: the array response is reduced to 0/1 row client-side. */
  readonly maybeSingle: boolean;
  readonly stripNulls: boolean;
}

/**
 * Returns `params` with `key` set as `URLSearchParams#set` does: the first occurrence takes the
 * value in place, later ones are dropped; a new key goes last.
 *
 * @example
 * ```ts
 * setParam([['a', '1'], ['b', '2']], 'a', '3'); // [['a', '3'], ['b', '2']]
 * ```
 */
export function setParam(params: readonly QueryParam[], key: string, value: string): QueryParam[] {
  const out: QueryParam[] = [];
  let found = false;
  for (const p of params) {
    if (p[0] !== key) out.push(p);
    else if (!found) {
      out.push([key, value]);
      found = true;
    }
  }
  if (!found) out.push([key, value]);
  return out;
}

/**
 * Returns `params` with `[key, value]` appended (`URLSearchParams#append`).
 *
 * @example
 * ```ts
 * appendParam([['id', 'eq.1']], 'id', 'eq.2'); // [['id', 'eq.1'], ['id', 'eq.2']]
 * ```
 */
export function appendParam(
  params: readonly QueryParam[],
  key: string,
  value: string,
): QueryParam[] {
  return [...params, [key, value]];
}

/**
 * The first value of `key`, or `undefined` (`URLSearchParams#get`).
 *
 * @example
 * ```ts
 * getParam([['order', 'a.asc']], 'order'); // 'a.asc'
 * ```
 */
export function getParam(params: readonly QueryParam[], key: string): string | undefined {
  for (const p of params) if (p[0] === key) return p[1];
  return undefined;
}

// RFC 9110 token characters: what `Headers` accepts as a name.
const HEADER_NAME = /^[\w!#$%&'*+.^`|~-]+$/;
const HEADER_VALUE_FORBIDDEN = /[\0\r\n]/;

/** `Headers#set` (`append` false) or `Headers#append` on a copy of `headers`, both checked. */
function putHeader(
  headers: Readonly<Record<string, string>>,
  name: string,
  value: string,
  append: boolean,
): Record<string, string> {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new SupabaseRxInputError(`Invalid header name: ${JSON.stringify(name)}`);
  }
  if (typeof value !== 'string' || HEADER_VALUE_FORBIDDEN.test(value)) {
    throw new SupabaseRxInputError(`Invalid value for header "${name}": ${JSON.stringify(value)}`);
  }
  const key = name.toLowerCase();
  const prev = headers[key];
  const copy = copyHeaders(headers);
  copy[key] = append && prev !== undefined ? `${prev}, ${value.trim()}` : value.trim();
  return copy;
}

/**
 * Returns `headers` with `name` replaced (`Headers#set`: name lower-cased, value trimmed).
 * Throws `SupabaseRxInputError` for a name or value `Headers` would reject.
 *
 * @example
 * ```ts
 * withHeader({}, 'Accept', 'text/csv'); // { accept: 'text/csv' }
 * ```
 */
export function withHeader(
  headers: Readonly<Record<string, string>>,
  name: string,
  value: string,
): Record<string, string> {
  return putHeader(headers, name, value, false);
}

/**
 * Returns `headers` with `value` appended to `name` (`Headers#append`: joined by `", "`).
 *
 * @example
 * ```ts
 * appendHeader({ prefer: 'count=exact' }, 'Prefer', 'return=representation');
 * // { prefer: 'count=exact, return=representation' }
 * ```
 */
export function appendHeader(
  headers: Readonly<Record<string, string>>,
  name: string,
  value: string,
): Record<string, string> {
  return putHeader(headers, name, value, true);
}
