import { VERSION } from '../version.js';

/**
 * The transport-wide headers, merged once when the transport is made so that each request only
 * copies them: `X-Client-Info`, overridden by the options' global headers.
 */
export interface BaseHeaders {
  /** The merged headers, in the casing the caller gave. */
  readonly values: Readonly<Record<string, string>>;
  /** Lower-cased name → the key used in `values`, for case-insensitive overrides. */
  readonly keys: Readonly<Record<string, string>>;
  readonly hasApiKey: boolean;
  readonly hasAuthorization: boolean;
}

/** A request's headers before the bearer token is known. */
export interface MergedHeaders {
  readonly values: Record<string, string>;
  /** Whether `apikey` / `Authorization` are already there (from the options or the request). */
  readonly hasApiKey: boolean;
  readonly hasAuthorization: boolean;
}

/**
 * Merges `X-Client-Info: supabase-rx/<version>` with the transport's global headers (which win,
 * whatever their casing).
 *
 * @example
 * ```ts
 * createBaseHeaders({ 'x-client-info': 'my-app/1.0' }).values; // { 'x-client-info': 'my-app/1.0' }
 * ```
 */
export function createBaseHeaders(
  globalHeaders: Readonly<Record<string, string>> = {},
): BaseHeaders {
  const merged = mergeHeaders(
    {
      values: { 'X-Client-Info': `supabase-rx/${VERSION}` },
      keys: { 'x-client-info': 'X-Client-Info' },
      hasApiKey: false,
      hasAuthorization: false,
    },
    globalHeaders,
  );
  // No prototype: a header named like an Object.prototype member must not find one.
  const keys: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key in merged.values) keys[key.toLowerCase()] = key;
  return { ...merged, keys };
}

/**
 * Copies the base headers and lays a request's own headers over them, case-insensitively (a
 * request's `accept` replaces a global `Accept`). Allocates one object (no spread: see
 * {@link copyHeaders}); names are never normalised, so they reach `fetch` as the module wrote them.
 *
 * @example
 * ```ts
 * mergeHeaders(createBaseHeaders(), { Accept: 'text/csv' }).values;
 * // { 'X-Client-Info': 'supabase-rx/0.1.0', Accept: 'text/csv' }
 * ```
 */
export function mergeHeaders(
  base: BaseHeaders,
  own: Readonly<Record<string, string>>,
): MergedHeaders {
  let hasApiKey = base.hasApiKey;
  let hasAuthorization = base.hasAuthorization;
  // Base names that a request header replaces under another casing (rare: usually none).
  let shadowed: string[] | undefined;
  for (const key in own) {
    const lower = key.toLowerCase();
    const existing = base.keys[lower];
    if (existing !== undefined && existing !== key) (shadowed ??= []).push(existing);
    if (lower === 'apikey') hasApiKey = true;
    else if (lower === 'authorization') hasAuthorization = true;
  }
  const values: Record<string, string> = {};
  const baseValues = base.values;
  for (const key in baseValues) {
    if (shadowed === undefined || !shadowed.includes(key)) values[key] = baseValues[key];
  }
  for (const key in own) values[key] = own[key];
  return { values, hasApiKey, hasAuthorization };
}

/**
 * A copy of a headers record, to add to. A `for…in` copy on purpose: in V8 `{ ...headers }`
 * followed by a new key takes a slow path (about 1 µs instead of 30 ns), and this runs per request.
 *
 * @example
 * ```ts
 * const headers = copyHeaders(state.headers);
 * headers['accept-profile'] = 'public';
 * ```
 */
export function copyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const key in headers) copy[key] = headers[key];
  return copy;
}

/**
 * Adds `apikey` and `Authorization: Bearer …` where missing: the bearer is the token, else the API
 * key (unless `apiKeyAsBearer` is false). Mutates and returns `merged.values` (it was copied by {@link mergeHeaders}).
 *
 * @example
 * ```ts
 * withCredentials(mergeHeaders(createBaseHeaders(), {}), 'anon-key', 'user-jwt');
 * // { 'X-Client-Info': …, apikey: 'anon-key', Authorization: 'Bearer user-jwt' }
 * ```
 */
export function withCredentials(
  merged: MergedHeaders,
  apiKey: string | undefined,
  token: string | null,
  apiKeyAsBearer = true,
): Record<string, string> {
  const { values } = merged;
  if (apiKey && !merged.hasApiKey) values.apikey = apiKey;
  const bearer = token || (apiKeyAsBearer ? apiKey : undefined);
  if (bearer && !merged.hasAuthorization) values.Authorization = `Bearer ${bearer}`;
  return values;
}
