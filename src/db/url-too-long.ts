import type { HttpResponse } from '../http/types.js';
import { PostgrestError } from './postgrest-error.js';
import { DEFAULT_URL_LENGTH_LIMIT } from './query-options.js';

/**
 * The `PostgrestError` of a 414 (URI Too Long) or 431 (Request Header Fields Too Large) answer,
 * or `null` for any other status. supabase-js passes the gateway's HTML page on as the message;
 * this one says the URL was too long, with its length and the client's `urlLengthLimit`, and
 * keeps the server's body in `details`. The status and code (`''`) stay the server's.
 *
 * @example
 * ```ts
 * urlTooLongError({ status: 414, statusText: 'URI Too Long', body: '', … }, longUrl, 8000)?.message;
 * // 'The request URL was too long for the server (414 URI Too Long): 9120 characters, urlLengthLimit 8000. …'
 * ```
 */
export function urlTooLongError(
  res: HttpResponse,
  url: string,
  urlLengthLimit = DEFAULT_URL_LENGTH_LIMIT,
): PostgrestError | null {
  if (res.status !== 414 && res.status !== 431) return null;
  const what = res.status === 414 ? 'The request URL was' : "The request's URL or headers were";
  const line = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  return new PostgrestError(
    {
      message:
        `${what} too long for the server (${line}): the URL is ${url.length} characters, ` +
        `urlLengthLimit ${urlLengthLimit}`,
      code: '',
      details: res.body ?? '',
      hint:
        'Select fewer columns (or query a view), or pass long filter lists to an rpc() function; ' +
        'lower urlLengthLimit to be warned of long URLs before the server refuses them',
    },
    { status: res.status, statusText: res.statusText },
  );
}
