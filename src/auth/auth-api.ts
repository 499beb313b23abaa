import { catchError, map, throwError, type Observable } from 'rxjs';
import { SupabaseRxError } from '../http/supabase-rx-error.js';
import type { Transport } from '../http/transport.js';
import type { HttpMethod } from '../http/types.js';
import { AuthError, AuthRetryableFetchError, AuthUnknownError } from './errors.js';
import { authErrorFromResponse } from './handle-error.js';

/** The API version every auth request announces (protocol.md §3.14). */
export const API_VERSION = '2024-01-01';

/** How one auth request is built (protocol.md §3.1). */
export interface AuthRequestOptions {
  /** Query parameters, URLSearchParams-encoded after the path's own. */
  query?: Record<string, string>;
  /** Sent as the `redirect_to` query parameter. */
  redirectTo?: string;
  /** JSON body (every non-GET request gets the JSON content type, body or not). */
  body?: unknown;
  /** The user's access token: replaces `Authorization: Bearer <key>`. */
  jwt?: string;
}

/** A parsed successful auth response. */
export interface AuthApiResponse {
  readonly data: unknown;
  readonly headers: Headers;
  readonly status: number;
}

/**
 * Sends requests to the auth service with GoTrue's conventions and maps failures to typed errors.
 *
 * @example
 * ```ts
 * const api = new AuthApi('http://127.0.0.1:54321/auth/v1', { apikey: key, Authorization: `Bearer ${key}` }, createTransport());
 * api.request('GET', '/settings').subscribe(({ data }) => console.log(data));
 * ```
 */
export class AuthApi {
  constructor(
    readonly url: string,
    readonly headers: Readonly<Record<string, string>>,
    private readonly transport: Transport,
  ) {}

  /** A cold Observable of the parsed response (`data` is `null` for an empty body). */
  request(
    method: HttpMethod,
    path: string,
    options: AuthRequestOptions = {},
  ): Observable<AuthApiResponse> {
    const headers: Record<string, string> = { ...this.headers };
    if (!hasHeader(headers, 'x-supabase-api-version'))
      headers['X-Supabase-Api-Version'] = API_VERSION;
    if (options.jwt) setHeader(headers, 'Authorization', `Bearer ${options.jwt}`);
    if (method !== 'GET') setHeader(headers, 'Content-Type', 'application/json;charset=UTF-8');
    const query: Record<string, string> = { ...options.query };
    if (options.redirectTo) query.redirect_to = options.redirectTo;
    const qs = Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
    const url = `${this.url}${path}${qs}`;
    const body =
      method === 'GET' || options.body === undefined ? undefined : JSON.stringify(options.body);
    return this.transport.request({ method, url, headers, body, retry: false }).pipe(
      catchError((error: unknown) => throwError(() => toFetchError(error))),
      map((response) => {
        if (response.status < 200 || response.status > 299) throw authErrorFromResponse(response);
        let data: unknown = null;
        if (response.body) {
          try {
            data = JSON.parse(response.body);
          } catch (cause) {
            throw new AuthUnknownError(
              `Invalid JSON in the response of ${method} ${path}`,
              cause,
              response.status,
            );
          }
        }
        return { data, headers: response.headers, status: response.status };
      }),
    );
  }
}

/** A transport failure (no response) becomes a retryable fetch error with status 0. */
function toFetchError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const message =
    error instanceof SupabaseRxError || error instanceof Error ? error.message : String(error);
  return new AuthRetryableFetchError(message, 0, error);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Sets a header, replacing any existing spelling of its name. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const k of Object.keys(headers))
    if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  headers[name] = value;
}
