import type { HttpMethod, HttpRequest, ResponseBodyType } from '../http/types.js';

/** What every request builder needs from its client: the storage URL and the client's headers. */
export interface StorageContext {
  /** `<project>/storage/v1`, no trailing slash. */
  readonly url: string;
  /** Sent with every request (lower-cased names, as storage-js keeps them). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A header set with `name` replaced case-insensitively (stored lower-cased), as storage-js's
 * `setHeader`.
 *
 * @example
 * ```ts
 * setHeader({ 'Content-Type': 'a' }, 'content-type', 'b'); // { 'content-type': 'b' }
 * ```
 */
export function setHeader(
  headers: Readonly<Record<string, string>>,
  name: string,
  value: string,
): Record<string, string> {
  const lower = name.toLowerCase();
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== lower) result[k] = v;
  result[lower] = value;
  return result;
}

/**
 * Header names lower-cased (storage-js's `normalizeHeaders`).
 *
 * @example
 * ```ts
 * normalizeHeaders({ ApiKey: 'k' }); // { apikey: 'k' }
 * ```
 */
export function normalizeHeaders(
  headers: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) result[k.toLowerCase()] = v;
  return result;
}

/**
 * A request with a JSON body (`Content-Type: application/json` unless the headers name one), or
 * none for `body === undefined`, as storage-js's fetch helpers send it.
 *
 * @example
 * ```ts
 * jsonRequest('POST', `${url}/bucket`, headers, { id: 'avatars', name: 'avatars' });
 * ```
 */
export function jsonRequest(
  method: HttpMethod,
  url: string,
  headers: Readonly<Record<string, string>>,
  body?: object,
  responseType: ResponseBodyType = 'text',
): HttpRequest {
  if (body === undefined || method === 'GET' || method === 'HEAD') {
    return { method, url, headers: { ...headers }, responseType };
  }
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return {
    method,
    url,
    headers: setHeader(headers, 'Content-Type', type ?? 'application/json'),
    body: JSON.stringify(body),
    responseType,
  };
}

/**
 * `?a=1&b=2` from a `URLSearchParams`, or `''` when it is empty.
 *
 * @example
 * ```ts
 * queryString(new URLSearchParams({ width: '100' })); // '?width=100'
 * ```
 */
export function queryString(query: URLSearchParams, prefix = '?'): string {
  const text = query.toString();
  return text ? `${prefix}${text}` : '';
}
