import { HttpAbortError, HttpBodyError, HttpNetworkError } from '../http/errors.js';
import { StorageApiError, StorageError, StorageUnknownError } from './errors.js';

/** storage-js's choice of a message from an error body: `msg`, `message`, `error_description`, `error`, `error.message`. */
export function errorMessageOf(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const e = body as Record<string, unknown>;
    for (const key of ['msg', 'message', 'error_description', 'error']) {
      if (typeof e[key] === 'string') return e[key] as string;
    }
    const nested = e.error as Record<string, unknown> | null | undefined;
    if (typeof nested === 'object' && nested !== null && typeof nested.message === 'string') {
      return nested.message;
    }
  }
  return JSON.stringify(body);
}

/**
 * The error of a non-2xx answer, as storage-js builds it: a JSON body gives its message,
 * `statusCode` (`body.statusCode || body.code || status`), `code` and `error`; any other body
 * gives the status text (or `HTTP <status> error`).
 *
 * @example
 * ```ts
 * apiErrorOf(404, 'Not Found', '{"statusCode":"404","code":"NoSuchKey","message":"Object not found"}');
 * // StorageApiError { status: 404, statusCode: '404', code: 'NoSuchKey', message: 'Object not found' }
 * ```
 */
export function apiErrorOf(status: number, statusText: string, text: string): StorageApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new StorageApiError(statusText || `HTTP ${status} error`, {
      status,
      statusCode: String(status),
    });
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const statusCode = (b.statusCode || b.code || String(status)) as unknown;
  return new StorageApiError(errorMessageOf(body), {
    status,
    statusCode: String(statusCode),
    code: typeof b.code === 'string' ? b.code : undefined,
    error: typeof b.error === 'string' ? b.error : undefined,
  });
}

/**
 * A failure without a usable answer as a `StorageUnknownError` (network, abort, unreadable
 * body); Storage errors pass through.
 *
 * @example
 * ```ts
 * catchError((e) => throwError(() => unknownErrorOf(e)));
 * ```
 */
export function unknownErrorOf(error: unknown): unknown {
  if (error instanceof StorageError) return error;
  if (error instanceof HttpNetworkError || error instanceof HttpAbortError) {
    const cause = error.cause ?? error;
    return new StorageUnknownError(messageOf(cause), cause);
  }
  if (error instanceof HttpBodyError || error instanceof SyntaxError) {
    return new StorageUnknownError(messageOf(error), error);
  }
  return error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : errorMessageOf(error);
}
