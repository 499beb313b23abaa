import { defer, type Observable } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { toCamel } from './camel.js';
import { configOf, ctxOf } from './file-api-base.js';
import { existsOf } from './file-exists.js';
import {
  copyRequest,
  infoRequest,
  listRequest,
  listV2Request,
  moveRequest,
  removeRequest,
} from './file-requests.js';
import { signedUrl, signedUrls } from './file-signed.js';
import { FileTransferApi } from './file-transfer-api.js';
import type { SignedUrlEntry } from './file-types.js';
import type { SearchV2Options, SearchV2Result } from './list-v2-types.js';
import { assertObjectPath, finalPath } from './paths.js';
import { purgeCacheRequest, type PurgeCacheOptions } from './purge-requests.js';
import { sendJson } from './send.js';
import type {
  CopyOptions,
  DeleteObjectEntry,
  DestinationOptions,
  FileObject,
  FileObjectInfo,
  SearchOptions,
  StorageResponse,
} from './types.js';
import type { UrlOptions } from './urls.js';

export type {
  DownloadData,
  ObserveOption,
  SignedUploadUrl,
  SignedUrlEntry,
  UploadResult,
} from './file-types.js';

/**
 * The files of one bucket (`storage.from(bucket)`), as storage-js's `StorageFileApi`: every call
 * is a cold Observable — nothing is sent before subscribe, each subscription sends again, and
 * unsubscribing aborts. Each emits one {@link StorageResponse} (or, with `observe: 'events'`,
 * progress events and `done`) and completes, or errors with a `StorageError`. A bad path throws a
 * `SupabaseRxInputError` at once.
 *
 * @example
 * ```ts
 * const avatars = supabase.storage.from('avatars');
 * avatars.upload('u1/me.png', file, { upsert: true }).subscribe(({ data }) => console.log(data.fullPath));
 * ```
 */
export class StorageFileApi extends FileTransferApi {
  /**
   * An object's details (`GET /object/info/<bucket>/<path>`), keys camel-cased.
   *
   * @example
   * ```ts
   * avatars.info('u1/me.png').subscribe(({ data }) => console.log(data.size, data.contentType));
   * ```
   */
  info(
    path: string,
    options?: { versionId?: string },
  ): Observable<StorageResponse<FileObjectInfo>> {
    assertObjectPath(path, 'info()');
    return defer(() =>
      sendJson(
        configOf(this).transport,
        infoRequest(ctxOf(this), path, options),
        (d) => toCamel(d) as FileObjectInfo,
      ),
    );
  }

  /**
   * Whether an object exists (`GET /object/info/…`): `data` `true`, or `false` on `NoSuchKey`
   * (or a 404 without a code); any other failure errors.
   *
   * @example
   * ```ts
   * avatars.exists('u1/me.png').subscribe(({ data }) => console.log(data ? 'there' : 'missing'));
   * ```
   */
  exists(path: string): Observable<StorageResponse<boolean>> {
    assertObjectPath(path, 'exists()');
    return existsOf(this.info(path));
  }

  /**
   * Lists a folder (`POST /object/list/<bucket>`); folders have `id: null`.
   *
   * @example
   * ```ts
   * avatars.list('u1', { limit: 10, sortBy: { column: 'created_at', order: 'desc' } }).subscribe(({ data }) => …);
   * ```
   */
  list(path?: string, options?: SearchOptions): Observable<StorageResponse<FileObject[]>> {
    return defer(() =>
      sendJson<FileObject[]>(configOf(this).transport, listRequest(ctxOf(this), path, options)),
    );
  }

  /**
   * Lists a bucket with Storage's v2 listing (`POST /object/list-v2/<bucket>` with the options as
   * given): cursor paging, and folders apart from objects with `with_delimiter`.
   *
   * @example
   * ```ts
   * avatars.listV2({ prefix: 'u1/', with_delimiter: true, limit: 50 }).subscribe(({ data }) =>
   *   console.log(data.folders, data.objects, data.hasNext && data.nextCursor));
   * ```
   */
  listV2(options?: SearchV2Options): Observable<StorageResponse<SearchV2Result>> {
    return defer(() =>
      sendJson<SearchV2Result>(configOf(this).transport, listV2Request(ctxOf(this), options)),
    );
  }

  /**
   * Purges an object from the CDN cache (`DELETE /cdn/<bucket>/<path>`, the path percent-encoded
   * per segment as storage-js does; `?transformations=true` to purge only its transformed
   * variants). Hosted Storage needs a CDN purge endpoint configured; the emulator has no CDN and
   * answers 404.
   *
   * @example
   * ```ts
   * avatars.purgeCache('u1/me.png').subscribe(({ data }) => console.log(data.message));
   * ```
   */
  purgeCache(
    path: string,
    options?: PurgeCacheOptions,
  ): Observable<StorageResponse<{ message: string }>> {
    assertObjectPath(path, 'purgeCache()');
    return defer(() =>
      sendJson<{ message: string }>(
        configOf(this).transport,
        purgeCacheRequest(configOf(this).ctx, finalPath(this.bucketId, path), options),
      ),
    );
  }

  /**
   * Moves (renames) an object, also to another bucket (`POST /object/move`): `{ message }`.
   *
   * @example
   * ```ts
   * avatars.move('u1/old.png', 'u1/new.png').subscribe();
   * ```
   */
  move(
    fromPath: string,
    toPath: string,
    options?: DestinationOptions,
  ): Observable<StorageResponse<{ message: string }>> {
    assertObjectPath(fromPath, 'move()');
    assertObjectPath(toPath, 'move()');
    return defer(() =>
      sendJson<{ message: string }>(
        configOf(this).transport,
        moveRequest(ctxOf(this), fromPath, toPath, options),
      ),
    );
  }

  /**
   * Copies an object, also to another bucket (`POST /object/copy`): `{ path }` (the new key).
   *
   * @example
   * ```ts
   * avatars.copy('u1/me.png', 'u1/me-copy.png').subscribe(({ data }) => console.log(data.path));
   * ```
   */
  copy(
    fromPath: string,
    toPath: string,
    options?: CopyOptions,
  ): Observable<StorageResponse<{ path: string }>> {
    assertObjectPath(fromPath, 'copy()');
    assertObjectPath(toPath, 'copy()');
    return defer(() =>
      sendJson(
        configOf(this).transport,
        copyRequest(ctxOf(this), fromPath, toPath, options),
        (d: { Key: string }) => ({
          path: d.Key,
        }),
      ),
    );
  }

  /**
   * Removes objects (`DELETE /object/<bucket>` with `{ prefixes }`): the removed objects.
   *
   * @example
   * ```ts
   * avatars.remove(['u1/a.png', 'u1/b.png']).subscribe(({ data }) => console.log(data.length));
   * ```
   */
  remove(paths: DeleteObjectEntry[]): Observable<StorageResponse<FileObject[]>> {
    if (!Array.isArray(paths)) throw new SupabaseRxInputError('remove(): paths must be an array');
    for (const p of paths) assertObjectPath(typeof p === 'string' ? p : p?.path, 'remove()');
    return defer(() =>
      sendJson<FileObject[]>(configOf(this).transport, removeRequest(ctxOf(this), paths)),
    );
  }

  /**
   * A URL that downloads a private object for `expiresIn` seconds (`POST /object/sign/…`).
   *
   * @example
   * ```ts
   * avatars.createSignedUrl('u1/me.png', 60, { download: true }).subscribe(({ data }) => open(data.signedUrl));
   * ```
   */
  createSignedUrl(
    path: string,
    expiresIn: number,
    options?: UrlOptions,
  ): Observable<StorageResponse<{ signedUrl: string }>> {
    assertObjectPath(path, 'createSignedUrl()');
    return signedUrl(configOf(this), ctxOf(this), path, expiresIn, options);
  }

  /**
   * Signed URLs for several objects at once (`POST /object/sign/<bucket>`); a missing object's
   * entry has `signedUrl: null` and an `error`.
   *
   * @example
   * ```ts
   * avatars.createSignedUrls(['a.png', 'b.png'], 60).subscribe(({ data }) => data.map((d) => d.signedUrl));
   * ```
   */
  createSignedUrls(
    paths: string[],
    expiresIn: number,
    options?: Pick<UrlOptions, 'download' | 'cacheNonce'>,
  ): Observable<StorageResponse<SignedUrlEntry[]>> {
    if (!Array.isArray(paths))
      throw new SupabaseRxInputError('createSignedUrls(): paths must be an array');
    for (const p of paths) assertObjectPath(p, 'createSignedUrls()');
    return signedUrls(configOf(this), ctxOf(this), paths, expiresIn, options);
  }
}
