import type { HttpRequest } from '../http/types.js';
import { jsonRequest, queryString, type StorageContext } from './request.js';

/** `purgeCache()` / `purgeBucketCache()` options. */
export interface PurgeCacheOptions {
  /** Purge only the image transformations' cached variants. */
  transformations?: boolean;
}

/** Each segment percent-encoded, as storage-js's `encodeStoragePath` (the CDN routes need it). */
function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * `DELETE /cdn/<target>[?transformations=true]` with a `{}` JSON body, as storage-js sends it;
 * `target` is a bucket id or `<bucket>/<path>`.
 *
 * @example
 * ```ts
 * purgeCacheRequest(ctx, 'avatars/a b.png').url; // '<storage>/cdn/avatars/a%20b.png'
 * ```
 */
export function purgeCacheRequest(
  ctx: StorageContext,
  target: string,
  options?: PurgeCacheOptions,
): HttpRequest {
  const query = new URLSearchParams();
  if (options?.transformations) query.set('transformations', 'true');
  const url = `${ctx.url}/cdn/${encodeSegments(target)}${queryString(query)}`;
  return jsonRequest('DELETE', url, ctx.headers, {});
}
