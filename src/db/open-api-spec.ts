import { Observable } from 'rxjs';
import { copyHeaders } from '../http/headers.js';
import { SupabaseRxError } from '../http/supabase-rx-error.js';
import type { Transport } from '../http/base-transport.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { fetchErrorMessage } from './execute.js';
import { PostgrestError } from './postgrest-error.js';
import type { PostgrestResponse } from './types.js';

/**
 * The OpenAPI description PostgREST serves at its root (`GET /rest/v1/`). PostgREST emits
 * OpenAPI 2.0 (Swagger), so the version is in `swagger`. Only the top level is typed: `paths`,
 * `definitions` and `parameters` follow OpenAPI 2.0 and vary with the PostgREST version.
 *
 * @example
 * ```ts
 * const { data } = await firstValueFrom(db.getOpenApiSpec());
 * const tables = Object.keys(data.definitions ?? {}); // ['countries', 'movies', …]
 * ```
 */
export interface PostgrestOpenApiSpec {
  swagger: string;
  info: Record<string, unknown>;
  host?: string;
  basePath?: string;
  paths: Record<string, Record<string, unknown>>;
  definitions?: Record<string, Record<string, unknown>>;
  parameters?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** What `getOpenApiSpec()` emits: the document, and no count. */
export type PostgrestOpenApiResponse = PostgrestResponse<PostgrestOpenApiSpec> & { count: null };

/** Where the description is asked for: the client's endpoint, headers, schema and retry switch. */
export interface OpenApiTarget {
  /** The endpoint (`…/rest/v1`), without a trailing slash. */
  readonly url: string;
  /** Lower-cased header names, as a client holds them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly schema: string;
  readonly retry?: boolean;
}

/**
 * The request supabase-js 2.119 sends for `getOpenApiSpec()`: `GET <url>/` with the client's
 * headers, `Accept: application/openapi+json` and `Accept-Profile: <schema>`. Pure.
 *
 * @example
 * ```ts
 * openApiRequest({ url: 'http://127.0.0.1:54321/rest/v1', headers: {}, schema: 'public' }).url;
 * // 'http://127.0.0.1:54321/rest/v1/'
 * ```
 */
export function openApiRequest(target: OpenApiTarget): HttpRequest {
  const headers = copyHeaders(target.headers);
  headers.accept = 'application/openapi+json';
  headers['accept-profile'] = target.schema;
  return { method: 'GET', url: `${target.url}/`, headers, retry: target.retry };
}

/**
 * Reads the answer to {@link openApiRequest}: a 2xx JSON body is the document; anything else
 * throws a `PostgrestError` as supabase-js builds it — PostgREST's JSON error fields when the body
 * is a JSON object, otherwise the body text (or, when empty, the status text) as the message.
 * Pure.
 *
 * @example
 * ```ts
 * parseOpenApiResponse(res).data.swagger; // '2.0'
 * ```
 */
export function parseOpenApiResponse(res: HttpResponse): PostgrestOpenApiResponse {
  const body = res.body ?? '';
  if (res.status >= 200 && res.status < 300) {
    try {
      const data = JSON.parse(body) as PostgrestOpenApiSpec;
      return { data, count: null, status: res.status, statusText: res.statusText };
    } catch {
      // A 2xx body that is not JSON is reported like an error body, as supabase-js does.
    }
  }
  throw openApiError(body, res);
}

/** supabase-js's error for a failed description: PostgREST's JSON fields, else the body text. */
function openApiError(body: string, res: HttpResponse): PostgrestError {
  const init = { status: res.status, statusText: res.statusText };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const p = parsed as Record<string, unknown>;
    return new PostgrestError(
      {
        message: String(p.message ?? body),
        details: (p.details as string | null | undefined) ?? '',
        hint: (p.hint as string | null | undefined) ?? '',
        code: (p.code as string | undefined) ?? '',
      },
      init,
    );
  }
  return new PostgrestError({ message: body || res.statusText, code: '' }, init);
}

/**
 * No document arrived: the fetch failed (status 0), or the body could not be read (the
 * response's status kept). Message as supabase-js words it (`TypeError: fetch failed`), no hint.
 */
function transportFailure(error: unknown): PostgrestError {
  const status = error instanceof SupabaseRxError ? error.status : 0;
  return new PostgrestError(
    { message: fetchErrorMessage(error), code: '' },
    { status, cause: error },
  );
}

/**
 * `getOpenApiSpec()`: a cold Observable of the OpenAPI description of `target.schema`. Each
 * subscription sends `GET <url>/` again (retried like every GET); unsubscribing aborts it.
 * Failures go to the error channel as a `PostgrestError`.
 *
 * @example
 * ```ts
 * openApiSpec(transport, { url, headers: {}, schema: 'public' }).subscribe(({ data }) =>
 *   console.log(Object.keys(data.paths)),
 * );
 * ```
 */
export function openApiSpec(
  transport: Transport,
  target: OpenApiTarget,
): Observable<PostgrestOpenApiResponse> {
  const req = openApiRequest(target);
  // By hand, as runQuery does, rather than map/catchError: the database bundle carries no operators.
  return new Observable<PostgrestOpenApiResponse>((subscriber) => {
    const inner = transport.request(req).subscribe({
      next(res) {
        let value: PostgrestOpenApiResponse;
        try {
          value = parseOpenApiResponse(res);
        } catch (e) {
          subscriber.error(e);
          return;
        }
        subscriber.next(value);
      },
      error(e) {
        subscriber.error(e instanceof PostgrestError ? e : transportFailure(e));
      },
      complete() {
        subscriber.complete();
      },
    });
    return () => inner.unsubscribe();
  });
}
