import { streamUploadFetch } from '#stream-upload';
import type { HttpRequest } from '../http/types.js';
import type { StorageConfig } from './config.js';

/**
 * An upload sent through the platform's upload edge where it has one: on Node, `node:http(s)`
 * instead of fetch, whose undici keeps every chunk of a streamed body until the request ends
 * (nodejs/undici#4058; a file-backed Blob's or a FormData's too) and copies a bytes body, so that
 * a 1 GB upload from a stream or a file runs in constant memory. The edge sends each body as
 * fetch does (same headers, a FormData in fetch's own encoding with its length). A client given
 * its own `fetch` (or a replaced `globalThis.fetch`) keeps it; elsewhere nothing changes.
 *
 * @example
 * ```ts
 * sendJson(config.transport, withStreamEdge(config, req)); // node:http on Node
 * ```
 */
export function withStreamEdge(config: StorageConfig, req: HttpRequest): HttpRequest {
  if (config.ownFetch || req.fetch) return req;
  const edge = streamUploadFetch();
  return edge ? { ...req, fetch: edge } : req;
}
