/** Storage's bucket types and option shapes, as storage-js 2.119 names them. */

/** `STANDARD` (files) or `ANALYTICS`. */
export type BucketType = 'STANDARD' | 'ANALYTICS' | (string & {});

/** Object versioning state of a bucket. */
export type VersioningStatus = 'DISABLED' | 'ENABLED' | 'SUSPENDED';

/** A bucket as Storage returns it. */
export interface Bucket {
  id: string;
  type?: BucketType;
  name: string;
  owner: string;
  file_size_limit?: number;
  allowed_mime_types?: string[];
  created_at: string;
  updated_at: string;
  public: boolean;
  versioning_status?: VersioningStatus;
}

/** `listBuckets()` options (each sent as a query parameter when given). */
export interface ListBucketOptions {
  limit?: number;
  offset?: number;
  sortColumn?: 'id' | 'name' | 'created_at' | 'updated_at';
  sortOrder?: 'asc' | 'desc';
  search?: string;
}

/** `createBucket()` / `updateBucket()` options. */
export interface BucketOptions {
  public?: boolean;
  /** Bytes, or a string such as `'1MB'`. */
  fileSizeLimit?: number | string | null;
  /** MIME types, wildcards allowed (`image/*`). */
  allowedMimeTypes?: string[] | null;
  type?: BucketType;
  versioningStatus?: Exclude<VersioningStatus, 'SUSPENDED'> | VersioningStatus;
}

/** The `metadata` of a file listed or removed. */
export interface FileMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
  [key: string]: unknown;
}

/** An entry of `list()` (folders have `id: null`) or `remove()`. */
export interface FileObject {
  name: string;
  id: string | null;
  updated_at: string | null;
  created_at: string | null;
  last_accessed_at: string | null;
  metadata: FileMetadata | null;
  bucket_id?: string;
  owner?: string;
  buckets?: Bucket;
  version?: string | null;
}

/** What `info()` emits: Storage's object info with camel-cased keys. */
export interface FileObjectInfo {
  id: string;
  version?: string;
  name: string;
  bucketId: string;
  createdAt: string;
  size?: number;
  cacheControl?: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Upload options (`upload`, `update`, `uploadToSignedUrl`). */
export interface FileOptions {
  /** Seconds of `Cache-Control: max-age`; default `'3600'`. */
  cacheControl?: string;
  /** For raw bodies; default `'text/plain;charset=UTF-8'` (a Blob's own type travels in its part). */
  contentType?: string;
  contentEncoding?: string;
  /** Overwrite an existing object; default `false`. */
  upsert?: boolean;
  /** Kept for storage-js compatibility: streams are always sent with `duplex: 'half'`. */
  duplex?: string;
  /** User metadata (sent as a form field, or base64 JSON in `x-metadata`). */
  metadata?: Record<string, unknown>;
  /** Applied last, overriding any header of the same name (case-insensitive). */
  headers?: Record<string, string>;
}

/** `move()` / `copy()` options. */
export interface DestinationOptions {
  destinationBucket?: string;
  sourceVersionId?: string;
}

/** `copy()` options. */
export interface CopyOptions extends DestinationOptions {
  copyMetadata?: boolean;
  /** Sent only with `copyMetadata: false`. */
  metadata?: { cacheControl?: string; contentEncoding?: string; mimetype?: string };
}

/** `list()` sort order. */
export interface SortBy {
  column?: string;
  order?: string;
}

/** `list()` options; default `{ limit: 100, offset: 0, sortBy: { column: 'name', order: 'asc' } }`. */
export interface SearchOptions {
  limit?: number;
  offset?: number;
  sortBy?: SortBy;
  search?: string;
  noncurrentVersions?: 'exclude' | 'include' | 'only';
  deleteMarkers?: 'exclude' | 'include' | 'only';
  exactMatch?: boolean;
}

/** Image transformation (`download`, `createSignedUrl`, `getPublicUrl`). */
export interface TransformOptions {
  width?: number;
  height?: number;
  resize?: 'cover' | 'contain' | 'fill';
  /** 20–100. */
  quality?: number;
  format?: 'origin';
}

/** An entry of `remove()`: a path, or a path and a version. */
export type DeleteObjectEntry = string | { path: string; versionId: string };

/** Type-only: never set, it tells `toResult()` that a stream's error is a `StorageError`. */
declare const storageResponse: unique symbol;

/** The key of {@link StorageResponse}'s type-only mark. */
export type StorageResponseMark = typeof storageResponse;

/** What every Storage request emits (`count` is always `null`, for `toResult()`). */
export interface StorageResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly statusText: string;
  readonly count: null;
  /** Never present at run time: marks the type so `toResult()` types the error `StorageError`. */
  readonly [storageResponse]?: never;
}
