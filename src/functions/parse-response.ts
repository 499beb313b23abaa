import type { HttpResponse } from '../http/types.js';
import { FunctionsHttpError, FunctionsRelayError } from './errors.js';

/** What a successful `invoke()` emits (`count` is always `null`, for `toResult()`). */
export interface FunctionsResponse<T = unknown> {
  /** Parsed by `Content-Type`: JSON, Blob (octet-stream, pdf), FormData, a `Response` (event-stream) or text. */
  readonly data: T;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly count: null;
}

/** The response as a fetch `Response`, as functions-js hands its errors. */
export function toFetchResponse(
  res: HttpResponse<Blob | ReadableStream<Uint8Array> | null>,
): Response {
  const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
  return new Response(nullBody ? null : res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

/**
 * functions-js's order of checks: a relay error (`x-relay-error: true`), then a non-2xx status;
 * throws the matching error with the response as its `context`.
 *
 * @example
 * ```ts
 * assertInvokeStatus(res); // throws FunctionsHttpError for a 500
 * ```
 */
export function assertInvokeStatus(
  res: HttpResponse<Blob | ReadableStream<Uint8Array> | null>,
): void {
  if (res.headers.get('x-relay-error') === 'true') {
    throw new FunctionsRelayError(toFetchResponse(res));
  }
  if (res.status < 200 || res.status > 299) {
    throw new FunctionsHttpError(toFetchResponse(res));
  }
}

/** The response's media type: lower case, parameters dropped; `text/plain` when absent. */
export function mediaType(headers: Headers): string {
  return (headers.get('Content-Type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
}

/**
 * functions-js's response handling: relay error, then non-2xx, then the body parsed by its
 * media type (case-insensitive, parameters dropped; default `text/plain`).
 *
 * @example
 * ```ts
 * const { data } = await parseInvokeResponse(res); // JSON for application/json
 * ```
 */
export async function parseInvokeResponse(
  res: HttpResponse<Blob | null>,
): Promise<FunctionsResponse> {
  assertInvokeStatus(res);
  const type = mediaType(res.headers);
  const blob = res.body ?? new Blob([]);
  let data: unknown;
  if (type === 'application/json') {
    data = JSON.parse(await blob.text());
  } else if (type === 'application/octet-stream' || type === 'application/pdf') {
    data = blob;
  } else if (type === 'text/event-stream') {
    data = toFetchResponse(res);
  } else if (type === 'multipart/form-data') {
    data = await toFetchResponse(res).formData();
  } else {
    data = await blob.text();
  }
  return {
    data,
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
    count: null,
  };
}
