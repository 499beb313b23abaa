import { defer, type Observable } from 'rxjs';
import {
  createBucketRequest,
  deleteBucketRequest,
  emptyBucketRequest,
  getBucketRequest,
  listBucketsRequest,
  updateBucketRequest,
} from './bucket-requests.js';
import { StorageClientBase, clientConfigOf } from './client-base.js';
import { StorageFileApi } from './file-api.js';
import { assertBucketId } from './paths.js';
import { purgeCacheRequest, type PurgeCacheOptions } from './purge-requests.js';
import { sendJson } from './send.js';
import type { Bucket, BucketOptions, ListBucketOptions, StorageResponse } from './types.js';

export type { StorageClientOptions } from './client-base.js';

/**
 * Supabase Storage, as storage-js's `StorageClient`, with cold Observables: the bucket methods
 * here, the file methods on {@link StorageClient.from}. Each call emits one
 * {@link StorageResponse} and completes, or errors with a `StorageError`; unsubscribing aborts.
 *
 * @example
 * ```ts
 * const storage = new StorageClient('http://127.0.0.1:54321/storage/v1', {
 *   headers: { apikey: serviceKey, Authorization: `Bearer ${serviceKey}` },
 * });
 * storage.createBucket('avatars', { public: true }).subscribe(({ data }) => console.log(data.name));
 * ```
 */
export class StorageClient extends StorageClientBase {
  /**
   * The files of a bucket.
   *
   * @example
   * ```ts
   * storage.from('avatars').list('u1').subscribe(({ data }) => console.log(data));
   * ```
   */
  from(id: string): StorageFileApi {
    assertBucketId(id, 'from()');
    return new StorageFileApi(clientConfigOf(this), id);
  }

  /**
   * Every bucket (`GET /bucket`), optionally paged, searched and sorted.
   *
   * @example
   * ```ts
   * storage.listBuckets({ limit: 10, sortColumn: 'name' }).subscribe(({ data }) => data.map((b) => b.id));
   * ```
   */
  listBuckets(options?: ListBucketOptions): Observable<StorageResponse<Bucket[]>> {
    return defer(() =>
      sendJson<Bucket[]>(
        clientConfigOf(this).transport,
        listBucketsRequest(clientConfigOf(this).ctx, options),
      ),
    );
  }

  /**
   * One bucket (`GET /bucket/<id>`).
   *
   * @example
   * ```ts
   * storage.getBucket('avatars').subscribe(({ data }) => console.log(data.public));
   * ```
   */
  getBucket(id: string): Observable<StorageResponse<Bucket>> {
    assertBucketId(id, 'getBucket()');
    return defer(() =>
      sendJson<Bucket>(
        clientConfigOf(this).transport,
        getBucketRequest(clientConfigOf(this).ctx, id),
      ),
    );
  }

  /**
   * Creates a bucket (`POST /bucket`): `{ name }`. Private unless `public: true`.
   *
   * @example
   * ```ts
   * storage.createBucket('avatars', { public: true, fileSizeLimit: '1MB', allowedMimeTypes: ['image/*'] }).subscribe();
   * ```
   */
  createBucket(
    id: string,
    options?: BucketOptions,
  ): Observable<StorageResponse<Pick<Bucket, 'name'>>> {
    assertBucketId(id, 'createBucket()');
    return defer(() =>
      sendJson<Pick<Bucket, 'name'>>(
        clientConfigOf(this).transport,
        createBucketRequest(clientConfigOf(this).ctx, id, options),
      ),
    );
  }

  /**
   * Changes a bucket's settings (`PUT /bucket/<id>`): `{ message }`.
   *
   * @example
   * ```ts
   * storage.updateBucket('avatars', { public: false }).subscribe();
   * ```
   */
  updateBucket(
    id: string,
    options: BucketOptions,
  ): Observable<StorageResponse<{ message: string }>> {
    assertBucketId(id, 'updateBucket()');
    return defer(() =>
      sendJson<{ message: string }>(
        clientConfigOf(this).transport,
        updateBucketRequest(clientConfigOf(this).ctx, id, options ?? {}),
      ),
    );
  }

  /**
   * Removes every object of a bucket (`POST /bucket/<id>/empty`): `{ message }`.
   *
   * @example
   * ```ts
   * storage.emptyBucket('avatars').subscribe();
   * ```
   */
  emptyBucket(id: string): Observable<StorageResponse<{ message: string }>> {
    assertBucketId(id, 'emptyBucket()');
    return defer(() =>
      sendJson<{ message: string }>(
        clientConfigOf(this).transport,
        emptyBucketRequest(clientConfigOf(this).ctx, id),
      ),
    );
  }

  /**
   * Deletes an empty bucket (`DELETE /bucket/<id>`): `{ message }`.
   *
   * @example
   * ```ts
   * storage.deleteBucket('avatars').subscribe();
   * ```
   */
  deleteBucket(id: string): Observable<StorageResponse<{ message: string }>> {
    assertBucketId(id, 'deleteBucket()');
    return defer(() =>
      sendJson<{ message: string }>(
        clientConfigOf(this).transport,
        deleteBucketRequest(clientConfigOf(this).ctx, id),
      ),
    );
  }

  /**
   * Purges a whole bucket from the CDN cache (`DELETE /cdn/<bucket>[?transformations=true]`).
   * Hosted Storage needs a CDN purge endpoint configured; the emulator has no CDN and answers 404.
   *
   * @example
   * ```ts
   * storage.purgeBucketCache('avatars', { transformations: true }).subscribe();
   * ```
   */
  purgeBucketCache(
    id: string,
    options?: PurgeCacheOptions,
  ): Observable<StorageResponse<{ message: string }>> {
    assertBucketId(id, 'purgeBucketCache()');
    return defer(() =>
      sendJson<{ message: string }>(
        clientConfigOf(this).transport,
        purgeCacheRequest(clientConfigOf(this).ctx, id, options),
      ),
    );
  }
}
