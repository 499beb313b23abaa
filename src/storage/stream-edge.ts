import { streamUploadFetch } from '#stream-upload';
import type { HttpRequest } from '../http/types.js';
import type { StorageConfig } from './config.js';

/**
 * An upload whose body is a stream, sent through the platform's streaming edge where it has one:
 * on Node, `node:http(s)` instead of fetch, whose undici keeps every chunk of a streamed body
 * until the request ends (nodejs/undici#4058), so that a 1 GB upload from a stream runs in
 * constant memory. A client given its own `fetch` (or a replaced `globalThis.fetch`) keeps it.
 *
 * @example
 * ```ts
 * sendJson(config.transport, withStreamEdge(config, req)); // node:http on Node for a stream body
 * ```
 */
export function withStreamEdge(config: StorageConfig, req: HttpRequest): HttpRequest {
  if (config.ownFetch || req.fetch) return req;
  if (typeof ReadableStream === 'undefined' || !(req.body instanceof ReadableStream)) return req;
  const edge = streamUploadFetch();
  return edge ? { ...req, fetch: edge } : req;
}
