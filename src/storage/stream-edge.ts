import { defer, of, type Observable } from 'rxjs';
import { streamUploadFetch } from '#stream-upload';
import type { HttpRequest } from '../http/types.js';
import type { StorageConfig } from './config.js';
import { blobStream, encodeForm } from './form-stream.js';
import { setHeader } from './request.js';

type Body = Pick<HttpRequest, 'body' | 'headers'>;

function hasHeader(headers: HttpRequest['headers'], name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function withDefault(headers: HttpRequest['headers'], name: string, value: string | undefined) {
  return value && !hasHeader(headers, name) ? setHeader(headers, name, value) : headers;
}

/** A Blob, FormData or URLSearchParams body as the bytes or stream fetch would send, with its headers. */
async function edgeBody(req: HttpRequest): Promise<Body> {
  const { body, headers } = req;
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const form = encodeForm(body);
    const typed = withDefault(headers, 'content-type', form.contentType);
    return {
      body: form.stream,
      headers: withDefault(typed, 'content-length', String(await form.length)),
    };
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    const typed = withDefault(headers, 'content-type', body.type);
    return {
      body: blobStream(body),
      headers: withDefault(typed, 'content-length', String(body.size)),
    };
  }
  if (body instanceof URLSearchParams) {
    const type = 'application/x-www-form-urlencoded;charset=UTF-8';
    return { body: body.toString(), headers: withDefault(headers, 'content-type', type) };
  }
  return { body, headers };
}

/**
 * An upload sent through the platform's upload edge where it has one: on Node, `node:http(s)`
 * instead of fetch, whose undici keeps every chunk of a streamed body until the request ends
 * (nodejs/undici#4058; a file-backed Blob's or a FormData's too) and copies a bytes body, so that
 * a 1 GB upload from a stream or a file runs in constant memory. Each body is sent as fetch sends
 * it: bytes and streams as they are; a Blob with its type and size; a FormData in fetch's own
 * encoding with fetch's length ({@link encodeForm}); files read a slice at a time. A client
 * given its own `fetch` (or a replaced `globalThis.fetch`) keeps it; elsewhere nothing changes.
 *
 * @example
 * ```ts
 * edgeRequest(config, req).pipe(switchMap((r) => sendJson(config.transport, r))); // node:http on Node
 * ```
 */
export function edgeRequest(config: StorageConfig, req: HttpRequest): Observable<HttpRequest> {
  if (config.ownFetch || req.fetch) return of(req);
  const edge = streamUploadFetch();
  if (!edge) return of(req);
  return defer(async (): Promise<HttpRequest> => ({
    ...req,
    ...(await edgeBody(req)),
    fetch: edge,
  }));
}
