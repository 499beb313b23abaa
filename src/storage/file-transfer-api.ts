import type { Observable } from 'rxjs';
import { defer } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { configOf, ctxOf, FileApiBase } from './file-api-base.js';
import { downloadRequest, type DownloadOptions } from './file-requests.js';
import { signedUploadUrl } from './file-signed.js';
import type { DownloadData, ObserveOption, SignedUploadUrl, UploadResult } from './file-types.js';
import { uploadFile } from './file-upload.js';
import { assertObjectPath } from './paths.js';
import type { DownloadEvent, TransferEvent } from './progress.js';
import { sendRaw } from './send.js';
import { downloadEvents } from './transfer.js';
import type { FileOptions, StorageResponse } from './types.js';
import type { FileBody } from './upload-body.js';

/**
 * A bucket's transfers: uploads (`upload`, `update`, signed uploads) and downloads, each with
 * opt-in progress (`observe: 'events'`). {@link StorageFileApi} adds the rest of the bucket's calls.
 *
 * @example
 * ```ts
 * supabase.storage.from('avatars').upload('u1/me.png', file, { observe: 'events' }).subscribe(console.log);
 * ```
 */
export class FileTransferApi extends FileApiBase {
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
    return uploadFile(
      configOf(this),
      ctxOf(this),
      { method: 'POST' },
      'upload()',
      path,
      fileBody,
      options,
    );
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
    return uploadFile(
      configOf(this),
      ctxOf(this),
      { method: 'PUT' },
      'update()',
      path,
      fileBody,
      options,
    );
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
    return uploadFile(
      configOf(this),
      ctxOf(this),
      { method: 'PUT', token },
      'uploadToSignedUrl()',
      path,
      fileBody,
      options,
    );
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
  ): Observable<StorageResponse<SignedUploadUrl>> {
    assertObjectPath(path, 'createSignedUploadUrl()');
    return signedUploadUrl(configOf(this), ctxOf(this), path, options);
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
  ): Observable<DownloadEvent<DownloadData<O>>>;
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
    const req = downloadRequest(ctxOf(this), path, rest);
    if (observe === 'events') return downloadEvents(configOf(this), req, rest.as ?? 'blob');
    return defer(() => sendRaw(configOf(this).transport, req));
  }
}
