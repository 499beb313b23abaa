import { queryString } from './request.js';
import type { TransformOptions } from './types.js';

/** The options that shape a download or public URL. */
export interface UrlOptions {
  /** `true` → `download=` (the stored name); a string → `download=<name>`. */
  download?: string | boolean;
  transform?: TransformOptions;
  cacheNonce?: string | number;
  versionId?: string;
}

/**
 * Whether a transform asks for anything (a non-empty object), as storage-js decides between
 * `/object` and `/render/image`.
 */
export function hasTransform(
  transform: TransformOptions | undefined,
): transform is TransformOptions {
  return typeof transform === 'object' && transform !== null && Object.keys(transform).length > 0;
}

/**
 * Adds the truthy transform options in storage-js's order: width, height, resize, format, quality.
 *
 * @example
 * ```ts
 * applyTransform(new URLSearchParams(), { width: 100, quality: 80 }).toString(); // 'width=100&quality=80'
 * ```
 */
export function applyTransform(
  query: URLSearchParams,
  transform: TransformOptions,
): URLSearchParams {
  if (transform.width) query.set('width', transform.width.toString());
  if (transform.height) query.set('height', transform.height.toString());
  if (transform.resize) query.set('resize', transform.resize);
  if (transform.format) query.set('format', transform.format);
  if (transform.quality) query.set('quality', transform.quality.toString());
  return query;
}

/** `download` then `cacheNonce`: what storage-js appends to a signed URL. */
export function signedUrlQuery(options?: Pick<UrlOptions, 'download' | 'cacheNonce'>): string {
  const query = new URLSearchParams();
  if (options?.download) query.set('download', options.download === true ? '' : options.download);
  if (options?.cacheNonce != null) query.set('cacheNonce', String(options.cacheNonce));
  return queryString(query, '&');
}

/**
 * A signed URL from the server's relative `signedURL`, as storage-js makes it:
 * `encodeURI(<storage url><signedURL>[&download=…][&cacheNonce=…])`.
 *
 * @example
 * ```ts
 * signedUrlOf(url, '/object/sign/a/b.png?token=t', { download: true });
 * // '<storage>/object/sign/a/b.png?token=t&download='
 * ```
 */
export function signedUrlOf(
  storageUrl: string,
  signedURL: string,
  options?: Pick<UrlOptions, 'download' | 'cacheNonce'>,
): string {
  return encodeURI(`${storageUrl}${signedURL}${signedUrlQuery(options)}`);
}

/**
 * The public URL of an object (no request), as storage-js's `getPublicUrl`:
 * `encodeURI(<storage>/object/public/<bucket>/<path>)` or `/render/image/public/…` with a
 * transform, then `?download=&width=…&cacheNonce=…&versionId=…`.
 *
 * @example
 * ```ts
 * publicUrlOf(url, 'avatars/a b.png'); // '<storage>/object/public/avatars/a%20b.png'
 * ```
 */
export function publicUrlOf(storageUrl: string, bucketPath: string, options?: UrlOptions): string {
  const query = new URLSearchParams();
  if (options?.download) query.set('download', options.download === true ? '' : options.download);
  if (options?.transform) applyTransform(query, options.transform);
  if (options?.cacheNonce != null) query.set('cacheNonce', String(options.cacheNonce));
  if (options?.versionId != null) query.set('versionId', String(options.versionId));
  const render = hasTransform(options?.transform) ? 'render/image' : 'object';
  return encodeURI(`${storageUrl}/${render}/public/${bucketPath}`) + queryString(query);
}
