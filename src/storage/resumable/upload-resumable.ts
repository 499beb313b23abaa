import { defer, isObservable, Observable, of, Subject, switchMap, take } from 'rxjs';
import { Upload, type UploadOptions, type UrlStorage } from 'tus-js-client';
import { SupabaseRxInputError } from '../../http/supabase-rx-error.js';
import { fileApiConfigs, type StorageConfig } from '../config.js';
import { StorageUnknownError } from '../errors.js';
import type { StorageFileApi } from '../file-api.js';
import { apiErrorOf } from '../parse-error.js';
import { assertObjectPath, cleanPath } from '../paths.js';
import { transferEvents, type TransferEvent, type TransferProgress } from '../progress.js';
import type { FileOptions } from '../types.js';
import { SUPABASE_TUS_CHUNK_SIZE, tusHeaders, tusMetadata } from './tus-options.js';

/** What tus-js-client can read: a File/Blob (browsers), a Buffer or Readable (Node), a stream reader. */
export type ResumableBody = ConstructorParameters<typeof Upload>[0];

/** Options of {@link uploadResumable}. */
export interface ResumableUploadOptions extends Pick<
  FileOptions,
  'cacheControl' | 'contentType' | 'upsert' | 'metadata'
> {
  /** `true` pauses (the upload stays on the server), `false` resumes from the server's offset. */
  pause$?: Observable<boolean>;
  /**
   * Where upload URLs are kept by fingerprint, so that a restarted process resumes (tus-js-client's
   * `UrlStorage`; its default: `localStorage` in browsers, none in Node).
   */
  urlStorage?: UrlStorage;
  /** How a body is recognised again (tus-js-client's `fingerprint`). */
  fingerprint?: UploadOptions['fingerprint'];
  /** Waits between retries after a dropped connection; default `[0, 3000, 5000, 10000, 20000]`. */
  retryDelays?: number[] | null;
  /** The size, when the body is a stream whose size tus-js-client cannot know. */
  uploadSize?: number;
  /**
   * A token from `createSignedUploadUrl()`: the upload goes to `<storage url>/upload/resumable/sign`
   * with it in `x-signature`, and is written for the token's owner (as `uploadToSignedUrl`).
   */
  signedToken?: string;
  /** Default `<storage url>/upload/resumable` (`…/upload/resumable/sign` with `signedToken`). */
  endpoint?: string;
  /** tus-js-client's `Upload` (injectable for tests). */
  Upload?: typeof Upload;
}

/** What the last event of {@link uploadResumable} carries. */
export interface ResumableResult {
  path: string;
  fullPath: string;
}

function tokenOf(config: StorageConfig): Observable<string | null> {
  const token = config.tokenSource?.token() ?? null;
  return isObservable(token) ? token.pipe(take(1)) : of(token);
}

/**
 * A tus-js-client failure as a Storage error: the server's answer when there is one.
 *
 * @example
 * ```ts
 * import { tusError } from 'supabase-rx/storage/resumable';
 *
 * const upload = new Upload(file, { endpoint, onError: (error) => reject(tusError(error)) });
 * ```
 */
export function tusError(error: unknown): Error {
  const res = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null })
    .originalResponse;
  if (res) {
    const e = apiErrorOf(res.getStatus(), '', res.getBody() ?? '');
    return Object.assign(e, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StorageUnknownError(message, error);
}

/**
 * A resumable upload over TUS to Supabase Storage (`/storage/v1/upload/resumable`) through
 * tus-js-client, in 6 MiB chunks: a cold Observable of throttled `{ type: 'progress', loaded,
 * total }` events, then `{ type: 'done', data: { path, fullPath } }`. A dropped connection is
 * retried from the server's offset; with `urlStorage`, a restarted process resumes where it
 * stopped; `pause$` pauses and resumes; unsubscribing stops the transfer (the partial upload can
 * still be resumed). From `supabase-rx/storage/resumable`, so that apps without it do not load
 * tus-js-client.
 *
 * @example
 * ```ts
 * import { uploadResumable } from 'supabase-rx/storage/resumable';
 *
 * uploadResumable(supabase.storage.from('videos'), 'u1/talk.mp4', file, { contentType: 'video/mp4' })
 *   .subscribe((e) => (e.type === 'progress' ? bar(e.loaded / e.total!) : done(e.data.fullPath)));
 * ```
 */
export function uploadResumable(
  files: StorageFileApi,
  path: string,
  body: ResumableBody,
  options: ResumableUploadOptions = {},
): Observable<TransferEvent<ResumableResult>> {
  const config = fileApiConfigs.get(files);
  if (!config) throw new SupabaseRxInputError('uploadResumable(): pass storage.from(bucket)');
  assertObjectPath(path, 'uploadResumable()');
  if (
    options.signedToken !== undefined &&
    (typeof options.signedToken !== 'string' || options.signedToken === '')
  ) {
    throw new SupabaseRxInputError('uploadResumable(): signedToken must be a non-empty string');
  }
  const signed = options.signedToken !== undefined;
  const clean = cleanPath(path);
  const bucketId = files.bucketId;
  const UploadClass = options.Upload ?? Upload;
  return defer(() => {
    const progress = new Subject<TransferProgress>();
    const result = tokenOf(config).pipe(
      switchMap(
        (token) =>
          new Observable<ResumableResult>((subscriber) => {
            const upload = new UploadClass(body, {
              endpoint:
                options.endpoint ?? `${config.ctx.url}/upload/resumable${signed ? '/sign' : ''}`,
              headers: {
                ...tusHeaders(
                  { ...config.resumableHeaders, ...config.ctx.headers },
                  config.apiKey,
                  token,
                  options.upsert,
                ),
                ...(signed ? { 'x-signature': options.signedToken! } : {}),
              },
              metadata: tusMetadata(bucketId, clean, options),
              chunkSize: SUPABASE_TUS_CHUNK_SIZE,
              uploadDataDuringCreation: true,
              removeFingerprintOnSuccess: true,
              // `null` (no retry) is the caller's choice, not a missing option.
              retryDelays:
                options.retryDelays === undefined
                  ? [0, 3000, 5000, 10000, 20000]
                  : options.retryDelays,
              ...(options.uploadSize !== undefined ? { uploadSize: options.uploadSize } : {}),
              ...(options.urlStorage ? { urlStorage: options.urlStorage } : {}),
              ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
              onProgress: (loaded, total) => progress.next({ loaded, total }),
              onSuccess: () => {
                subscriber.next({ path: clean, fullPath: `${bucketId}/${clean}` });
                subscriber.complete();
              },
              onError: (error) => subscriber.error(tusError(error)),
            });
            let stopped = false;
            let paused = false;
            const begin = () =>
              upload.findPreviousUploads().then(
                (previous) => {
                  if (stopped || paused) return;
                  if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
                  upload.start();
                },
                (error: unknown) => subscriber.error(tusError(error)),
              );
            let started = false;
            const pauses = options.pause$?.subscribe((pause) => {
              if (pause && !paused) {
                paused = true;
                if (started) void upload.abort(false);
              } else if (!pause && paused) {
                paused = false;
                if (started) upload.start();
                else {
                  started = true;
                  void begin();
                }
              }
            });
            if (!paused) {
              started = true;
              void begin();
            }
            return () => {
              stopped = true;
              pauses?.unsubscribe();
              void upload.abort(false);
            };
          }),
      ),
    );
    return transferEvents(progress, result, {
      interval: config.progressInterval,
      scheduler: config.scheduler,
      size: options.uploadSize,
    });
  });
}
