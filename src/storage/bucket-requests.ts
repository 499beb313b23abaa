import type { HttpRequest } from '../http/types.js';
import { jsonRequest, queryString, type StorageContext } from './request.js';
import type { BucketOptions, ListBucketOptions } from './types.js';

/**
 * `GET /bucket[?limit=&offset=&search=&sortColumn=&sortOrder=]` (only the options given).
 *
 * @example
 * ```ts
 * listBucketsRequest(ctx, { limit: 10 }).url; // '<storage>/bucket?limit=10'
 * ```
 */
export function listBucketsRequest(ctx: StorageContext, options?: ListBucketOptions): HttpRequest {
  const params = new URLSearchParams();
  if (options) {
    if ('limit' in options) params.set('limit', String(options.limit));
    if ('offset' in options) params.set('offset', String(options.offset));
    if (options.search) params.set('search', options.search);
    if (options.sortColumn) params.set('sortColumn', options.sortColumn);
    if (options.sortOrder) params.set('sortOrder', options.sortOrder);
  }
  return jsonRequest('GET', `${ctx.url}/bucket${queryString(params)}`, ctx.headers);
}

/** `GET /bucket/<id>`. */
export function getBucketRequest(ctx: StorageContext, id: string): HttpRequest {
  return jsonRequest('GET', `${ctx.url}/bucket/${id}`, ctx.headers);
}

/**
 * `POST /bucket` with `{ id, name, type, public, file_size_limit, allowed_mime_types,
 * versioning_status }` (undefined fields left out by JSON).
 *
 * @example
 * ```ts
 * createBucketRequest(ctx, 'avatars', { public: true }).body;
 * // '{"id":"avatars","name":"avatars","public":true}'
 * ```
 */
export function createBucketRequest(
  ctx: StorageContext,
  id: string,
  options: BucketOptions = { public: false },
): HttpRequest {
  return jsonRequest('POST', `${ctx.url}/bucket`, ctx.headers, {
    id,
    name: id,
    type: options.type,
    public: options.public,
    file_size_limit: options.fileSizeLimit,
    allowed_mime_types: options.allowedMimeTypes,
    versioning_status: options.versioningStatus,
  });
}

/** `PUT /bucket/<id>` with `{ id, name, public, file_size_limit, allowed_mime_types, versioning_status }`. */
export function updateBucketRequest(
  ctx: StorageContext,
  id: string,
  options: BucketOptions,
): HttpRequest {
  return jsonRequest('PUT', `${ctx.url}/bucket/${id}`, ctx.headers, {
    id,
    name: id,
    public: options.public,
    file_size_limit: options.fileSizeLimit,
    allowed_mime_types: options.allowedMimeTypes,
    versioning_status: options.versioningStatus,
  });
}

/** `POST /bucket/<id>/empty` with `{}`. */
export function emptyBucketRequest(ctx: StorageContext, id: string): HttpRequest {
  return jsonRequest('POST', `${ctx.url}/bucket/${id}/empty`, ctx.headers, {});
}

/** `DELETE /bucket/<id>` with `{}` (storage-js sends a JSON body on DELETE). */
export function deleteBucketRequest(ctx: StorageContext, id: string): HttpRequest {
  return jsonRequest('DELETE', `${ctx.url}/bucket/${id}`, ctx.headers, {});
}
