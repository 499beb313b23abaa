import { catchError, from, map, switchMap, throwError, type Observable } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { StorageUnknownError } from './errors.js';
import { apiErrorOf, unknownErrorOf } from './parse-error.js';
import type { StorageResponse } from './types.js';

function ok(res: HttpResponse<unknown>): boolean {
  return res.status >= 200 && res.status <= 299;
}

function response<T>(res: HttpResponse<unknown>, data: T): StorageResponse<T> {
  return { data, status: res.status, statusText: res.statusText, count: null };
}

/**
 * storage-js's JSON answer handling: a non-2xx status → `StorageApiError`; a 2xx body that is not
 * JSON → `StorageUnknownError`; else `shape(json)`.
 *
 * @example
 * ```ts
 * parseJsonResponse({ status: 200, statusText: 'OK', body: '{"name":"a"}', … }); // { data: { name: 'a' }, … }
 * ```
 */
export function parseJsonResponse<T>(
  res: HttpResponse<unknown>,
  shape: (json: any) => T = (json) => json as T,
): StorageResponse<T> {
  const text = typeof res.body === 'string' ? res.body : '';
  if (!ok(res)) throw apiErrorOf(res.status, res.statusText, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StorageUnknownError((error as Error).message, error);
  }
  return response(res, shape(json));
}

/**
 * Sends a request whose answer is JSON: a cold Observable of one {@link StorageResponse}
 * (unsubscribing aborts), or a Storage error.
 *
 * @example
 * ```ts
 * sendJson(transport, getBucketRequest(ctx, 'avatars')).subscribe(({ data }) => console.log(data.id));
 * ```
 */
export function sendJson<T>(
  transport: Transport,
  req: HttpRequest,
  shape?: (json: any) => T,
): Observable<StorageResponse<T>> {
  return transport.request(req).pipe(
    catchError((error: unknown) => throwError(() => unknownErrorOf(error))),
    map((res) => parseJsonResponse(res as HttpResponse<unknown>, shape)),
  );
}

/** The text of any response body the transport read (string, Blob, ArrayBuffer or stream). */
async function bodyText(body: unknown): Promise<string> {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body;
  return new Response(body as BodyInit).text();
}

/**
 * Sends a download: the body as the request's `responseType` read it, or a Storage error built
 * from the error body.
 *
 * @example
 * ```ts
 * sendRaw<Blob>(transport, downloadRequest(ctx, 'a.png')).subscribe(({ data }) => data.size);
 * ```
 */
export function sendRaw<T>(transport: Transport, req: HttpRequest): Observable<StorageResponse<T>> {
  return transport.request(req).pipe(
    catchError((error: unknown) => throwError(() => unknownErrorOf(error))),
    switchMap((res) => {
      const r = res as HttpResponse<unknown>;
      if (ok(r)) return [response(r, r.body as T)];
      return from(bodyText(r.body)).pipe(
        map((text) => {
          throw apiErrorOf(r.status, r.statusText, text);
        }),
      );
    }),
  );
}
