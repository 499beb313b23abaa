import { defer, type Observable, type SchedulerLike } from 'rxjs';
import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { timerScheduler } from '../http/timer-scheduler.js';
import { createModuleTransport, type Transport } from '../http/transport.js';
import type { TokenSource } from '../http/types.js';
import {
  createBucketRequest,
  deleteBucketRequest,
  emptyBucketRequest,
  getBucketRequest,
  listBucketsRequest,
  updateBucketRequest,
} from './bucket-requests.js';
import type { ProgressEdge, StorageConfig } from './config.js';
import { StorageFileApi } from './file-api.js';
import { assertBucketId } from './paths.js';
import { purgeCacheRequest, type PurgeCacheOptions } from './purge-requests.js';
import { normalizeHeaders, setHeader } from './request.js';
import { sendJson } from './send.js';
import type { Bucket, BucketOptions, ListBucketOptions, StorageResponse } from './types.js';

/** Options of `new StorageClient(url, options)`. */
export interface StorageClientOptions {
  /** Sent with every call (e.g. `apikey`, `Authorization`). */
  headers?: Record<string, string>;
  /**
   * Used when no `transport` is given; default the global `fetch`. Given (with or without a
   * `transport`), streamed uploads use it too instead of Node's `node:http` edge.
   */
  fetch?: typeof fetch;
  /** Progress throttling runs on it (virtual inside `TestScheduler.run()`). */
  scheduler?: SchedulerLike;
  /** A ready transport (`createClient` passes one carrying the API key and the session token). */
  transport?: Transport;
  /**
   * Per-request timeout in ms (used when no `transport` is given): an unanswered request is aborted
   * and errors with a `StorageUnknownError` ("… timed out after N ms"). Uploads are not bounded by
   * it, so a long upload that is still sending is never cut off.
   */
  timeout?: number;
  /** The transport of uploads (default: `transport` when given, else one without a timeout). */
  uploadTransport?: Transport;
  /** At most one progress event per this many milliseconds; default 100. */
  progressInterval?: number;
  /** How upload progress is measured; default `'auto'`. */
  progressEdge?: ProgressEdge;
  /** Sent as `apikey` (and the bearer token when no `tokenSource` gives one) by resumable uploads. */
  apiKey?: string;
  /** The session's token for resumable uploads (`createClient` passes the auth module's). */
  tokenSource?: TokenSource;
  /**
   * Headers resumable uploads send besides `headers` (`createClient` passes `X-Client-Info` and
   * its global headers, which its transport adds to every other call).
   */
  resumableHeaders?: Record<string, string>;
}

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
export class StorageClient {
  /** The storage URL, no trailing slash. */
  readonly url: string;
  #config: StorageConfig;

  constructor(url: string, options: StorageClientOptions = {}) {
    if (typeof url !== 'string' || url.trim() === '') {
      throw new SupabaseRxInputError('new StorageClient(): url must be a non-empty string');
    }
    let href: string;
    try {
      href = new URL(url).href.replace(/\/$/, '');
    } catch {
      throw new SupabaseRxInputError(`new StorageClient(): "${url}" is not a URL`);
    }
    const interval = options.progressInterval ?? 100;
    if (!(Number.isFinite(interval) && interval >= 0)) {
      throw new SupabaseRxInputError('new StorageClient(): progressInterval must be a number ≥ 0');
    }
    this.url = href;
    const scheduler = options.scheduler ?? timerScheduler;
    this.#config = {
      ctx: { url: href, headers: normalizeHeaders(options.headers) },
      scheduler,
      transport:
        options.transport ??
        createModuleTransport({
          fetch: options.fetch,
          scheduler,
          retry: false,
          timeout: options.timeout,
        }),
      uploadTransport:
        options.uploadTransport ??
        options.transport ??
        createModuleTransport({ fetch: options.fetch, scheduler, retry: false }),
      progressInterval: interval,
      progressEdge: options.progressEdge ?? 'auto',
      ownFetch: options.fetch !== undefined,
      apiKey: options.apiKey,
      tokenSource: options.tokenSource,
      resumableHeaders: normalizeHeaders(options.resumableHeaders),
    };
  }

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
    return new StorageFileApi(this.#config, id);
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
      sendJson<Bucket[]>(this.#config.transport, listBucketsRequest(this.#config.ctx, options)),
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
      sendJson<Bucket>(this.#config.transport, getBucketRequest(this.#config.ctx, id)),
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
        this.#config.transport,
        createBucketRequest(this.#config.ctx, id, options),
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
        this.#config.transport,
        updateBucketRequest(this.#config.ctx, id, options ?? {}),
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
        this.#config.transport,
        emptyBucketRequest(this.#config.ctx, id),
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
        this.#config.transport,
        deleteBucketRequest(this.#config.ctx, id),
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
        this.#config.transport,
        purgeCacheRequest(this.#config.ctx, id, options),
      ),
    );
  }

  /**
   * storage-js's switch to thrown errors: supabase-rx calls always fail on the error channel, so
   * this changes nothing and returns `this` (for ported code).
   *
   * @example
   * ```ts
   * storage.throwOnError().listBuckets().subscribe({ error: console.error });
   * ```
   */
  throwOnError(): this {
    return this;
  }

  /**
   * Sets a header (case-insensitive, stored lower-cased) on every later request of this client
   * and of the file APIs `from()` makes after it, as storage-js's `setHeader`; returns `this`.
   *
   * @example
   * ```ts
   * storage.setHeader('x-trace-id', 't1').listBuckets().subscribe();
   * ```
   */
  setHeader(name: string, value: string): this {
    const headers = setHeader(this.#config.ctx.headers, name, value);
    this.#config = { ...this.#config, ctx: { ...this.#config.ctx, headers } };
    return this;
  }
}
