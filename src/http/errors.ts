import { SupabaseRxError } from './supabase-rx-error.js';

/**
 * No response arrived: DNS failure, refused or reset connection, CORS rejection… `status` is 0 and
 * `cause` holds what `fetch` rejected with. GET/HEAD/OPTIONS requests are retried before this is
 * emitted (see `docs/transport.md`).
 *
 * @example
 * ```ts
 * transport.request(req).subscribe({
 *   error: (e) => e instanceof HttpNetworkError && console.warn(e.message, e.cause),
 * });
 * ```
 */
export class HttpNetworkError extends SupabaseRxError {
  constructor(message: string, cause: unknown) {
    super(message, { status: 0, code: 'network_error', cause });
    this.name = 'HttpNetworkError';
  }
}

/**
 * The request was aborted by the caller's `AbortSignal` (`abortSignal()`), or by a `fetch` that
 * rejected with an `AbortError`. `status` is 0; `cause` is the signal's reason. Never retried.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * transport.request({ method: 'GET', url, headers: {}, signal: controller.signal }).subscribe({
 *   error: (e) => e instanceof HttpAbortError && console.log('cancelled'),
 * });
 * controller.abort();
 * ```
 */
export class HttpAbortError extends SupabaseRxError {
  constructor(message: string, cause: unknown, code = 'aborted') {
    super(message, { status: 0, code, cause });
    this.name = 'HttpAbortError';
  }
}

/**
 * The transport's `timeout` elapsed before the response arrived. A kind of abort (it extends
 * {@link HttpAbortError}, so one `instanceof` check covers both), with code `'timeout'`.
 *
 * @example
 * ```ts
 * createTransport({ timeout: 5_000 }).request(req).subscribe({
 *   error: (e) => e instanceof HttpTimeoutError && console.log('too slow'),
 * });
 * ```
 */
export class HttpTimeoutError extends HttpAbortError {
  /** The timeout that elapsed, in ms. */
  declare readonly timeout: number;

  constructor(message: string, timeout: number) {
    super(message, undefined, 'timeout');
    this.name = 'HttpTimeoutError';
    this.timeout = timeout;
  }
}

/**
 * A response arrived but its body could not be read as asked (`responseType: 'json'` on a body
 * that is not JSON). `status` is the response's; `body` keeps the text that failed to parse.
 *
 * @example
 * ```ts
 * transport.request({ ...req, responseType: 'json' }).subscribe({
 *   error: (e) => e instanceof HttpBodyError && console.log(e.status, e.body),
 * });
 * ```
 */
export class HttpBodyError extends SupabaseRxError {
  /** The raw body text, when it could be read. */
  declare readonly body: string | null;

  constructor(message: string, options: { status: number; body: string | null; cause: unknown }) {
    super(message, { status: options.status, code: 'invalid_body', cause: options.cause });
    this.name = 'HttpBodyError';
    this.body = options.body;
  }
}

/**
 * `"GET /rest/v1/movies"` for error messages: method and path, without the query string (it may
 * hold filter values the user would not want in logs) and without scheme and host.
 *
 * @example
 * ```ts
 * describeRequest('GET', 'https://x.supabase.co/rest/v1/movies?id=eq.1'); // 'GET /rest/v1/movies'
 * ```
 */
export function describeRequest(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not an absolute URL (refused before sending anyway): as given, less any query string.
    path = url.split(/[?#]/)[0];
  }
  return `${method} ${path}`;
}

/**
 * A readable one-line account of what `fetch` rejected with, including undici's nested cause.
 *
 * @example
 * ```ts
 * describeCause(fetchError); // 'fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:54321)'
 * ```
 */
export function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return `${cause.message} (${typeof code === 'string' && !inner.message.includes(code) ? `${code}: ` : ''}${inner.message})`;
  }
  return cause.message;
}
