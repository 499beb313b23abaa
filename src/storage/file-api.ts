import { catchError, defer, map, of, throwError, type Observable } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { toCamel } from './camel.js';
import { fileApiConfigs, type StorageConfig } from './config.js';
import { StorageApiError, StorageError } from './errors.js';
import {
  copyRequest,
  createSignedUploadUrlRequest,
  createSignedUrlRequest,
  createSignedUrlsRequest,
  downloadRequest,
  infoRequest,
  listRequest,
  moveRequest,
  removeRequest,
  type BucketContext,
  type DownloadOptions,
} from './file-requests.js';
import { assertObjectPath, finalPath } from './paths.js';
import type { TransferEvent } from './progress.js';
import { sendJson, sendRaw } from './send.js';
import { downloadEvents, uploadEvents } from './transfer.js';
import type {
  CopyOptions,
  DeleteObjectEntry,
  DestinationOptions,
  FileObject,
  FileObjectInfo,
  FileOptions,
  SearchOptions,
  StorageResponse,
  TransformOptions,
} from './types.js';
import type { FileBody } from './upload-body.js';
import { uploadRequest, type UploadKind } from './upload-request.js';
import { publicUrlOf, signedUrlOf, type UrlOptions } from './urls.js';

/** `observe: 'body'` (default): one response. `observe: 'events'`: progress events, then `done`. */
export interface ObserveOption<O extends 'body' | 'events'> {
  observe?: O;
}

/** What `upload()` / `update()` emit as `data`. */
export interface UploadResult {
  id: string;
  path: string;
  fullPath: string;
}

/** What `createSignedUrls()` emits per path. */
export interface SignedUrlEntry {
  error: string | null;
  path: string | null;
  signedURL: string | null;
  signedUrl: string | null;
}

/** The data type a download reads as. */
export type DownloadData<O extends DownloadOptions | undefined> = O extends { as: 'stream' }
  ? ReadableStream<Uint8Array>
  : O extends { as: 'arrayBuffer' }
    ? ArrayBuffer
    : O extends { as: 'text' }
      ? string
      : Blob;

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
export class StorageFileApi {
  readonly bucketId: string;
  readonly #config: StorageConfig;
  readonly #ctx: BucketContext;

  constructor(config: StorageConfig, bucketId: string) {
    this.bucketId = bucketId;
    this.#config = config;
    this.#ctx = { ...config.ctx, bucketId };
    fileApiConfigs.set(this, config);
  }

  /**
   * Uploads a file (`POST /object/<bucket>/<path>`); fails with `Duplicate` unless `upsert`.
   *
   * @example
   * ```ts
   * avatars.upload('u1/me.png', file, { observe: 'events' }).subscribe((e) =>
   *   e.type === 'progress' ? console.log(e.loaded, e.total) : console.log(e.data.path));
   * ```
   */
  upload(
    path: string,
    fileBody: FileBody,
    options: FileOptions & ObserveOption<'events'> & { observe: 'events' },
  ): Observable<TransferEvent<UploadResult>>;
  upload(
    path: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body'>,
  ): Observable<StorageResponse<UploadResult>>;
  upload(
    path: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body' | 'events'>,
  ): Observable<unknown> {
    return this.#upload({ method: 'POST' }, 'upload()', path, fileBody, options);
  }

  /**
   * Replaces a file (`PUT /object/<bucket>/<path>`).
   *
   * @example
   * ```ts
   * avatars.update('u1/me.png', newFile, { cacheControl: '60' }).subscribe();
   * ```
   */
  update(
    path: string,
    fileBody: FileBody,
    options: FileOptions & { observe: 'events' },
  ): Observable<TransferEvent<UploadResult>>;
  update(
    path: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body'>,
  ): Observable<StorageResponse<UploadResult>>;
  update(
    path: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body' | 'events'>,
  ): Observable<unknown> {
    return this.#upload({ method: 'PUT' }, 'update()', path, fileBody, options);
  }

  /**
   * Uploads with a token from {@link createSignedUploadUrl} (`PUT /object/upload/sign/…?token=`).
   *
   * @example
   * ```ts
   * avatars.uploadToSignedUrl('u1/me.png', token, file).subscribe(({ data }) => data.fullPath);
   * ```
   */
  uploadToSignedUrl(
    path: string,
    token: string,
    fileBody: FileBody,
    options: FileOptions & { observe: 'events' },
  ): Observable<TransferEvent<Omit<UploadResult, 'id'>>>;
  uploadToSignedUrl(
    path: string,
    token: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body'>,
  ): Observable<StorageResponse<Omit<UploadResult, 'id'>>>;
  uploadToSignedUrl(
    path: string,
    token: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body' | 'events'>,
  ): Observable<unknown> {
    if (typeof token !== 'string' || token === '') {
      throw new SupabaseRxInputError('uploadToSignedUrl(): the token must be a non-empty string');
    }
    return this.#upload({ method: 'PUT', token }, 'uploadToSignedUrl()', path, fileBody, options);
  }

  #upload(
    kind: UploadKind,
    where: string,
    path: string,
    fileBody: FileBody,
    options?: FileOptions & ObserveOption<'body' | 'events'>,
  ): Observable<unknown> {
    assertObjectPath(path, where);
    const { observe, ...fileOptions } = options ?? {};
    const signed = 'token' in kind;
    return defer(() => {
      // Built per subscription: each sends its own form data.
      const { req, path: clean } = uploadRequest(this.#ctx, kind, path, fileBody, fileOptions);
      const shape = (d: { Id?: string; Key: string }) =>
        signed ? { path: clean, fullPath: d.Key } : { path: clean, id: d.Id, fullPath: d.Key };
      if (observe === 'events') return uploadEvents(this.#config, req, shape);
      return sendJson(this.#config.transport, req, shape);
    });
  }

  /**
   * Creates a signed upload URL (`POST /object/upload/sign/<bucket>/<path>`): `{ signedUrl, path, token }`.
   *
   * @example
   * ```ts
   * avatars.createSignedUploadUrl('u1/me.png').subscribe(({ data }) => share(data.token));
   * ```
   */
  createSignedUploadUrl(
    path: string,
    options?: { upsert?: boolean },
  ): Observable<StorageResponse<{ signedUrl: string; path: string; token: string }>> {
    assertObjectPath(path, 'createSignedUploadUrl()');
    const url = this.#config.ctx.url;
    return defer(() =>
      sendJson(
        this.#config.transport,
        createSignedUploadUrlRequest(this.#ctx, path, options),
        (d: { url: string }) => {
          const signed = new URL(url + d.url);
          const token = signed.searchParams.get('token');
          if (!token) throw new StorageError('No token returned by API');
          return { signedUrl: signed.toString(), path, token };
        },
      ),
    );
  }

  /**
   * Downloads a file (`GET /object/<bucket>/<path>`, or `/render/image/authenticated/…` with a
   * transform) as a Blob, or as `options.as` says; `observe: 'events'` adds progress.
   *
   * @example
   * ```ts
   * avatars.download('u1/me.png', { transform: { width: 64 } }).subscribe(({ data }) => show(data));
   * avatars.download('notes.txt', { as: 'text' }).subscribe(({ data }) => console.log(data));
   * ```
   */
  download<O extends DownloadOptions>(
    path: string,
    options: O & { observe: 'events' },
  ): Observable<TransferEvent<DownloadData<O>>>;
  download<O extends DownloadOptions | undefined = undefined>(
    path: string,
    options?: O & ObserveOption<'body'>,
  ): Observable<StorageResponse<DownloadData<O>>>;
  download(
    path: string,
    options?: DownloadOptions & ObserveOption<'body' | 'events'>,
  ): Observable<unknown> {
    assertObjectPath(path, 'download()');
    const { observe, ...rest } = options ?? {};
    const req = downloadRequest(this.#ctx, path, rest);
    if (observe === 'events') return downloadEvents(this.#config, req, rest.as ?? 'blob');
    return defer(() => sendRaw(this.#config.transport, req));
  }

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
        this.#config.transport,
        infoRequest(this.#ctx, path, options),
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
    return this.info(path).pipe(
      map((res): StorageResponse<boolean> => ({ ...res, data: true })),
      catchError((error: unknown) =>
        isNotFound(error)
          ? of<StorageResponse<boolean>>({
              data: false,
              status: error.status,
              statusText: '',
              count: null,
            })
          : throwError(() => error),
      ),
    );
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
      sendJson<FileObject[]>(this.#config.transport, listRequest(this.#ctx, path, options)),
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
        this.#config.transport,
        moveRequest(this.#ctx, fromPath, toPath, options),
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
        this.#config.transport,
        copyRequest(this.#ctx, fromPath, toPath, options),
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
      sendJson<FileObject[]>(this.#config.transport, removeRequest(this.#ctx, paths)),
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
    const url = this.#config.ctx.url;
    return defer(() =>
      sendJson(
        this.#config.transport,
        createSignedUrlRequest(this.#ctx, path, expiresIn, options),
        (d: { signedURL: string }) => ({
          signedUrl: signedUrlOf(url, d.signedURL, options),
        }),
      ),
    );
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
    const url = this.#config.ctx.url;
    return defer(() =>
      sendJson(
        this.#config.transport,
        createSignedUrlsRequest(this.#ctx, paths, expiresIn),
        (data: Array<Omit<SignedUrlEntry, 'signedUrl'>>) =>
          data.map((d) => ({
            ...d,
            signedUrl: d.signedURL ? signedUrlOf(url, d.signedURL, options) : null,
          })),
      ),
    );
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
        publicUrl: publicUrlOf(this.#config.ctx.url, finalPath(this.bucketId, path), options),
      },
    };
  }
}

/** storage-js's `exists()` test: `NoSuchKey`, or a 404 without a code. */
function isNotFound(error: unknown): error is StorageApiError {
  return (
    error instanceof StorageApiError &&
    (error.code === 'NoSuchKey' || (error.status === 404 && error.code === ''))
  );
}
