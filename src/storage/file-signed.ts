import { defer, type Observable } from 'rxjs';
import type { StorageConfig } from './config.js';
import { StorageError } from './errors.js';
import {
  createSignedUploadUrlRequest,
  createSignedUrlRequest,
  createSignedUrlsRequest,
  type BucketContext,
} from './file-requests.js';
import type { SignedUploadUrl, SignedUrlEntry } from './file-types.js';
import { sendJson } from './send.js';
import type { StorageResponse } from './types.js';
import { signedUrlOf, type UrlOptions } from './urls.js';

/**
 * `createSignedUploadUrl()`: the server's relative URL made absolute, its `token` taken out
 * (`No token returned by API` when it has none, as storage-js).
 *
 * @example
 * ```ts
 * signedUploadUrl(config, ctx, 'a.png').subscribe(({ data }) => data.token);
 * ```
 */
export function signedUploadUrl(
  config: StorageConfig,
  ctx: BucketContext,
  path: string,
  options?: { upsert?: boolean },
): Observable<StorageResponse<SignedUploadUrl>> {
  return defer(() =>
    sendJson(
      config.transport,
      createSignedUploadUrlRequest(ctx, path, options),
      (d: { url: string }) => {
        const signed = new URL(config.ctx.url + d.url);
        const token = signed.searchParams.get('token');
        if (!token) throw new StorageError('No token returned by API');
        return { signedUrl: signed.toString(), path, token };
      },
    ),
  );
}

/**
 * `createSignedUrl()`: the server's `signedURL` made absolute, with `download` appended.
 *
 * @example
 * ```ts
 * signedUrl(config, ctx, 'a.png', 60).subscribe(({ data }) => data.signedUrl);
 * ```
 */
export function signedUrl(
  config: StorageConfig,
  ctx: BucketContext,
  path: string,
  expiresIn: number,
  options?: UrlOptions,
): Observable<StorageResponse<{ signedUrl: string }>> {
  return defer(() =>
    sendJson(
      config.transport,
      createSignedUrlRequest(ctx, path, expiresIn, options),
      (d: { signedURL: string }) => ({
        signedUrl: signedUrlOf(config.ctx.url, d.signedURL, options),
      }),
    ),
  );
}

/**
 * `createSignedUrls()`: each entry's `signedURL` made absolute as `signedUrl` (`null` for a
 * missing object).
 *
 * @example
 * ```ts
 * signedUrls(config, ctx, ['a.png', 'b.png'], 60).subscribe(({ data }) => data.map((d) => d.signedUrl));
 * ```
 */
export function signedUrls(
  config: StorageConfig,
  ctx: BucketContext,
  paths: string[],
  expiresIn: number,
  options?: Pick<UrlOptions, 'download' | 'cacheNonce'>,
): Observable<StorageResponse<SignedUrlEntry[]>> {
  return defer(() =>
    sendJson(
      config.transport,
      createSignedUrlsRequest(ctx, paths, expiresIn),
      (data: Array<Omit<SignedUrlEntry, 'signedUrl'>>) =>
        data.map((d) => ({
          ...d,
          signedUrl: d.signedURL ? signedUrlOf(config.ctx.url, d.signedURL, options) : null,
        })),
    ),
  );
}
