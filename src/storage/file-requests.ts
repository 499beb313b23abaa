import type { HttpRequest, ResponseBodyType } from '../http/types.js';
import { finalPath } from './paths.js';
import { jsonRequest, queryString, type StorageContext } from './request.js';
import type {
  CopyOptions,
  DeleteObjectEntry,
  DestinationOptions,
  SearchOptions,
  TransformOptions,
} from './types.js';
import type { SearchV2Options } from './list-v2-types.js';
import { applyTransform, hasTransform, type UrlOptions } from './urls.js';

/** A file request's context: the client's plus the bucket. */
export interface BucketContext extends StorageContext {
  readonly bucketId: string;
}

const DEFAULT_SORT = { column: 'name', order: 'asc' };
const DEFAULT_SEARCH = { limit: 100, offset: 0, sortBy: DEFAULT_SORT };

/**
 * `POST /object/list/<bucket>` with `{ limit: 100, offset: 0, sortBy, …options, prefix }`, the
 * keys in storage-js's order.
 *
 * @example
 * ```ts
 * listRequest(ctx, 'folder').body;
 * // '{"limit":100,"offset":0,"sortBy":{"column":"name","order":"asc"},"prefix":"folder"}'
 * ```
 */
export function listRequest(
  ctx: BucketContext,
  path?: string,
  options?: SearchOptions,
): HttpRequest {
  const sortBy = options?.sortBy ? { ...DEFAULT_SORT, ...options.sortBy } : DEFAULT_SORT;
  const body = { ...DEFAULT_SEARCH, ...options, sortBy, prefix: path || '' };
  return jsonRequest('POST', `${ctx.url}/object/list/${ctx.bucketId}`, ctx.headers, body);
}

/**
 * `POST /object/list-v2/<bucket>` with the options as given (`{}` without), as storage-js.
 *
 * @example
 * ```ts
 * listV2Request(ctx, { prefix: 'u1/', with_delimiter: true }).body; // '{"prefix":"u1/","with_delimiter":true}'
 * ```
 */
export function listV2Request(ctx: BucketContext, options?: SearchV2Options): HttpRequest {
  return jsonRequest('POST', `${ctx.url}/object/list-v2/${ctx.bucketId}`, ctx.headers, {
    ...options,
  });
}

/** `POST /object/move` with `{ bucketId, sourceKey, destinationKey, destinationBucket?, sourceVersionId? }`. */
export function moveRequest(
  ctx: BucketContext,
  fromPath: string,
  toPath: string,
  options?: DestinationOptions,
): HttpRequest {
  return jsonRequest('POST', `${ctx.url}/object/move`, ctx.headers, {
    bucketId: ctx.bucketId,
    sourceKey: fromPath,
    destinationKey: toPath,
    destinationBucket: options?.destinationBucket,
    sourceVersionId: options?.sourceVersionId,
  });
}

/** `POST /object/copy` with `{ bucketId, sourceKey, destinationKey, …, copyMetadata?, metadata? }`. */
export function copyRequest(
  ctx: BucketContext,
  fromPath: string,
  toPath: string,
  options?: CopyOptions,
): HttpRequest {
  return jsonRequest('POST', `${ctx.url}/object/copy`, ctx.headers, {
    bucketId: ctx.bucketId,
    sourceKey: fromPath,
    destinationKey: toPath,
    destinationBucket: options?.destinationBucket,
    sourceVersionId: options?.sourceVersionId,
    copyMetadata: typeof options?.copyMetadata === 'boolean' ? options.copyMetadata : undefined,
    metadata: options?.copyMetadata === false ? options.metadata : undefined,
  });
}

/** `DELETE /object/<bucket>` with `{ prefixes: paths }`. */
export function removeRequest(ctx: BucketContext, paths: DeleteObjectEntry[]): HttpRequest {
  return jsonRequest('DELETE', `${ctx.url}/object/${ctx.bucketId}`, ctx.headers, {
    prefixes: paths,
  });
}

/** `POST /object/sign/<bucket>/<path>` with `{ expiresIn[, transform][, versionId] }`. */
export function createSignedUrlRequest(
  ctx: BucketContext,
  path: string,
  expiresIn: number,
  options?: UrlOptions,
): HttpRequest {
  const body = {
    expiresIn,
    ...(hasTransform(options?.transform) ? { transform: options.transform } : {}),
    ...(options?.versionId != null ? { versionId: options.versionId } : {}),
  };
  return jsonRequest(
    'POST',
    `${ctx.url}/object/sign/${finalPath(ctx.bucketId, path)}`,
    ctx.headers,
    body,
  );
}

/** `POST /object/sign/<bucket>` with `{ expiresIn, paths }`. */
export function createSignedUrlsRequest(
  ctx: BucketContext,
  paths: string[],
  expiresIn: number,
): HttpRequest {
  return jsonRequest('POST', `${ctx.url}/object/sign/${ctx.bucketId}`, ctx.headers, {
    expiresIn,
    paths,
  });
}

/** `POST /object/upload/sign/<bucket>/<path>` with `{}` (and `x-upsert: true` when asked). */
export function createSignedUploadUrlRequest(
  ctx: BucketContext,
  path: string,
  options?: { upsert?: boolean },
): HttpRequest {
  const headers = { ...ctx.headers, ...(options?.upsert ? { 'x-upsert': 'true' } : {}) };
  return jsonRequest(
    'POST',
    `${ctx.url}/object/upload/sign/${finalPath(ctx.bucketId, path)}`,
    headers,
    {},
  );
}

/** `download()` options: storage-js's, plus how to read the body. */
export interface DownloadOptions {
  transform?: TransformOptions;
  cacheNonce?: string | number;
  versionId?: string;
  /** How `data` arrives: `'blob'` (default, as storage-js), `'arrayBuffer'`, `'text'` or `'stream'`. */
  as?: 'blob' | 'arrayBuffer' | 'text' | 'stream';
}

/**
 * `GET /object/<bucket>/<path>` or, with a transform, `GET /render/image/authenticated/…`, then
 * `?<transform>&cacheNonce=…&versionId=…`.
 *
 * @example
 * ```ts
 * downloadRequest(ctx, 'a.png', { transform: { width: 64 } }).url;
 * // '<storage>/render/image/authenticated/avatars/a.png?width=64'
 * ```
 */
export function downloadRequest(
  ctx: BucketContext,
  path: string,
  options?: DownloadOptions,
): HttpRequest {
  const render = hasTransform(options?.transform) ? 'render/image/authenticated' : 'object';
  const query = new URLSearchParams();
  if (options?.transform) applyTransform(query, options.transform);
  if (options?.cacheNonce != null) query.set('cacheNonce', String(options.cacheNonce));
  if (options?.versionId != null) query.set('versionId', String(options.versionId));
  const url = `${ctx.url}/${render}/${finalPath(ctx.bucketId, path)}${queryString(query)}`;
  const responseType: ResponseBodyType = options?.as ?? 'blob';
  return jsonRequest('GET', url, ctx.headers, undefined, responseType);
}

/** `GET /object/info/<bucket>/<path>[?versionId=…]`. */
export function infoRequest(
  ctx: BucketContext,
  path: string,
  options?: { versionId?: string },
): HttpRequest {
  const query = new URLSearchParams();
  if (options?.versionId != null) query.set('versionId', String(options.versionId));
  return jsonRequest(
    'GET',
    `${ctx.url}/object/info/${finalPath(ctx.bucketId, path)}${queryString(query)}`,
    ctx.headers,
  );
}
