import { fileApiConfigs, type StorageConfig } from './config.js';
import type { BucketContext } from './file-requests.js';
import { assertObjectPath, finalPath } from './paths.js';
import { setHeader } from './request.js';
import type { TransformOptions } from './types.js';
import { publicUrlOf } from './urls.js';

/** The config a file API was made with (or that `setHeader` left it). */
export function configOf(api: FileApiBase): StorageConfig {
  return fileApiConfigs.get(api)!;
}

/** A file API's request context: its config's plus the bucket. */
export function ctxOf(api: FileApiBase): BucketContext {
  return { ...configOf(api).ctx, bucketId: api.bucketId };
}

/**
 * What every file API of a bucket has: the bucket id, its config (kept in `fileApiConfigs`, so
 * the entry points that extend it and `supabase-rx/storage/resumable` read the same one), and
 * storage-js's builder methods `throwOnError()` and `setHeader()`.
 *
 * @example
 * ```ts
 * class MyFiles extends FileApiBase {}
 * new MyFiles(config, 'avatars').setHeader('x-trace-id', 't1');
 * ```
 */
export class FileApiBase {
  readonly bucketId: string;

  constructor(config: StorageConfig, bucketId: string) {
    this.bucketId = bucketId;
    fileApiConfigs.set(this, config);
  }

  /**
   * storage-js's switch from `{ data, error }` results to thrown errors. Every supabase-rx call
   * already fails on the Observable's error channel, so this changes nothing and returns `this`
   * (for code ported from storage-js); `toResult()` gives the `{ data, error }` shape instead.
   *
   * @example
   * ```ts
   * avatars.throwOnError().download('a.png').subscribe({ error: (e) => console.error(e) });
   * ```
   */
  throwOnError(): this {
    return this;
  }

  /**
   * Sets a header (case-insensitive, stored lower-cased) on every later request of this file API,
   * resumable uploads included, as storage-js's `setHeader`; returns `this`. Observables made
   * before keep the headers they were made with.
   *
   * @example
   * ```ts
   * avatars.setHeader('x-trace-id', 't1').list('u1').subscribe();
   * ```
   */
  setHeader(name: string, value: string): this {
    const config = configOf(this);
    const headers = setHeader(config.ctx.headers, name, value);
    fileApiConfigs.set(this, { ...config, ctx: { ...config.ctx, headers } });
    return this;
  }

  /**
   * The public URL of an object in a public bucket (no request; synchronous, as storage-js).
   *
   * @example
   * ```ts
   * const { data } = avatars.getPublicUrl('u1/me.png', { transform: { width: 100 } });
   * img.src = data.publicUrl;
   * ```
   */
  getPublicUrl(
    path: string,
    options?: {
      download?: string | boolean;
      transform?: TransformOptions;
      cacheNonce?: string | number;
      versionId?: string;
    },
  ): { data: { publicUrl: string } } {
    assertObjectPath(path, 'getPublicUrl()');
    return {
      data: {
        publicUrl: publicUrlOf(configOf(this).ctx.url, finalPath(this.bucketId, path), options),
      },
    };
  }
}
