import type { HttpResponse } from '../http/types.js';
import {
  AuthApiError,
  AuthError,
  AuthRetryableFetchError,
  AuthSessionMissingError,
  AuthUnknownError,
  AuthWeakPasswordError,
} from './errors.js';

/** Statuses GoTrue's clients treat as "try again later" (protocol.md §3.2). */
const RETRYABLE_STATUSES = new Set([
  500, 501, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 527, 528, 529, 530,
]);

/** The first API version whose error bodies carry the stable `code` (§3.14). */
const API_VERSION_2024 = Date.UTC(2024, 0, 1);
const API_VERSION_PATTERN = /^2[0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/**
 * The message of an error body: `msg`, `message`, `error_description`, `error`, else the JSON.
 *
 * @example
 * ```ts
 * errorMessage({ msg: 'Invalid login credentials' }); // 'Invalid login credentials'
 * ```
 */
export function errorMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    for (const key of ['msg', 'message', 'error_description', 'error']) {
      if (typeof b[key] === 'string' && b[key]) return b[key] as string;
    }
  }
  return JSON.stringify(body);
}

/** Whether the response echoes an `X-Supabase-Api-Version` on or after 2024-01-01. */
function echoesModernApi(headers: Headers): boolean {
  const version = headers.get('x-supabase-api-version');
  if (!version || !API_VERSION_PATTERN.test(version)) return false;
  return Date.parse(`${version}T00:00:00Z`) >= API_VERSION_2024;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}

/**
 * Maps a non-2xx auth response to its typed error (protocol.md §3.2): 5xx/52x →
 * {@link AuthRetryableFetchError}, `weak_password` → {@link AuthWeakPasswordError},
 * `session_not_found` → {@link AuthSessionMissingError}, a non-JSON body →
 * {@link AuthUnknownError}, else {@link AuthApiError} with the server's code.
 *
 * @example
 * ```ts
 * const error = authErrorFromResponse(response); // AuthApiError('Invalid login credentials', 400, 'invalid_credentials')
 * ```
 */
export function authErrorFromResponse(response: HttpResponse): AuthError {
  const { status, statusText, headers } = response;
  let body: unknown;
  try {
    body = JSON.parse(response.body ?? '');
  } catch (cause) {
    if (RETRYABLE_STATUSES.has(status)) {
      return new AuthRetryableFetchError(statusText || `HTTP ${status}`, status);
    }
    return new AuthUnknownError(
      `Unexpected non-JSON error response (HTTP ${status}) from ${response.url}`,
      cause,
      status,
    );
  }
  if (RETRYABLE_STATUSES.has(status))
    return new AuthRetryableFetchError(errorMessage(body), status);

  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  let code: string | undefined;
  if (echoesModernApi(headers) && typeof b.code === 'string') code = b.code;
  else if (typeof b.error_code === 'string') code = b.error_code;

  const weak = b.weak_password as { reasons?: unknown } | undefined;
  if (!code) {
    if (weak && isStringArray(weak.reasons)) {
      return new AuthWeakPasswordError(errorMessage(body), status, weak.reasons);
    }
  } else if (code === 'weak_password') {
    return new AuthWeakPasswordError(
      errorMessage(body),
      status,
      isStringArray(weak?.reasons) ? weak.reasons : [],
    );
  } else if (code === 'session_not_found') {
    return new AuthSessionMissingError();
  }
  return new AuthApiError(errorMessage(body), status || 500, code);
}
