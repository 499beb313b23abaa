import { Observable, type Subscriber } from 'rxjs';
import { SupabaseRxError } from '../http/supabase-rx-error.js';
import type { Transport } from '../http/base-transport.js';
import type { HttpResponse } from '../http/types.js';
import { runQuery, toNetworkError } from './execute.js';
import { parseJson, responseError } from './parse-response.js';
import { PostgrestError } from './postgrest-error.js';
import { withHeader, type QueryState } from './state.js';
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
 * Reads the answer to `GET <url>/`: a 2xx JSON body is the document; anything else throws a
 * `PostgrestError` as supabase-js builds it — PostgREST's JSON error fields when the body is a
 * JSON object, otherwise the body text (or, when empty, the status text) as the message. Pure.
 *
 * @example
 * ```ts
 * parseOpenApiResponse(res).data.swagger; // '2.0'
 * ```
 */
export function parseOpenApiResponse(res: HttpResponse): PostgrestOpenApiResponse {
  const body = res.body ?? '';
  const json = parseJson(body);
  if (json === undefined || res.status < 200 || res.status > 299) {
    // A 2xx body that is not JSON is reported like an error body, as supabase-js does.
    // PostgREST's error is a JSON object; any other body has none of its fields, so its text
    // (or, when empty, the status text) is the message.
    const e = (json ?? {}) as Record<string, unknown>;
    throw responseError(
      {
        message: String(e.message ?? (body || res.statusText)),
        details: (e.details as string | null | undefined) ?? '',
        hint: (e.hint as string | null | undefined) ?? '',
        code: (e.code as string | undefined) ?? '',
      },
      res,
    );
  }
  return {
    data: json as PostgrestOpenApiSpec,
    count: null,
    status: res.status,
    statusText: res.statusText,
  };
}

/**
 * No document arrived: the fetch failed (status 0), or the body could not be read (the
 * response's status kept). Message as supabase-js words it (`TypeError: fetch failed`), no hint.
 */
function transportFailure(error: unknown): PostgrestError {
  // The query's network error has the same message; a PostgrestError comes back as it is.
  const queryError = toNetworkError(error);
  if (queryError === error) return queryError;
  const status = error instanceof SupabaseRxError ? error.status : 0;
  return new PostgrestError({ message: queryError.message, code: '' }, { status, cause: error });
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
  // Sent as supabase-js 2.119 does: `GET <url>/` with the client's headers, `Accept:
  // application/openapi+json` and `Accept-Profile: <schema>` (added by toRequest).
  const state: QueryState = {
    method: 'GET',
    url: `${target.url}/`,
    params: [],
    headers: withHeader(target.headers, 'accept', 'application/openapi+json'),
    schema: target.schema,
    retry: target.retry,
    maybeSingle: false,
    stripNulls: false,
  };
  return new Observable<PostgrestOpenApiResponse>((subscriber) =>
    runQuery(
      transport,
      state,
      subscriber as Subscriber<PostgrestResponse<PostgrestOpenApiSpec>>,
      parseOpenApiResponse,
      transportFailure,
    ),
  );
}
