import type { Queryable } from '../db/engine.js';
import { StorageErrors } from './errors.js';

/** A row of `storage.buckets`. */
export interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  type: string;
  created_at: string;
  updated_at: string;
}

/** A row of `storage.objects`. */
export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
  last_accessed_at: string;
  metadata: ObjectMetadata | null;
  version: string | null;
  user_metadata: Record<string, unknown> | null;
}

/** The system metadata Storage keeps in `storage.objects.metadata`. */
export interface ObjectMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
}

export const BUCKET_COLUMNS =
  'id, name, owner, owner_id, public, file_size_limit::float8 as file_size_limit, allowed_mime_types, type, created_at, updated_at';
export const OBJECT_COLUMNS =
  'id, bucket_id, name, owner, owner_id, created_at, updated_at, last_accessed_at, metadata, version, user_metadata';

/**
 * The bucket `id` as the session sees it (RLS applies unless run as the owner).
 *
 * @example
 * ```ts
 * const bucket = await findBucket(ctx.engine, 'avatars');
 * ```
 */
export async function findBucket(db: Queryable, id: string): Promise<BucketRow | undefined> {
  const { rows } = await db.query<BucketRow>(
    `select ${BUCKET_COLUMNS} from storage.buckets where id = $1`,
    [id],
  );
  return rows[0];
}

/** The bucket `id`, or Storage's `NoSuchBucket`. */
export async function getBucket(db: Queryable, id: string): Promise<BucketRow> {
  const bucket = await findBucket(db, id);
  if (!bucket) throw StorageErrors.noSuchBucket();
  return bucket;
}

/** The object `(bucket, name)` as the session sees it. */
export async function findObject(
  db: Queryable,
  bucket: string,
  name: string,
): Promise<ObjectRow | undefined> {
  const { rows } = await db.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
    [bucket, name],
  );
  return rows[0];
}

/** The object `(bucket, name)`, or Storage's `NoSuchKey`. */
export async function getObject(db: Queryable, bucket: string, name: string): Promise<ObjectRow> {
  const row = await findObject(db, bucket, name);
  if (!row) throw StorageErrors.noSuchKey();
  return row;
}

/** A timestamp as Storage prints it (ISO 8601). */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value as string).toISOString();
}

/** A bucket as the API returns it. */
export function bucketJson(row: BucketRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner ?? '',
    public: row.public,
    file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    allowed_mime_types: row.allowed_mime_types,
    type: row.type,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** An object as `list` and `remove` return it (`FileObject`). */
export function objectJson(row: ObjectRow): Record<string, unknown> {
  return {
    name: row.name,
    bucket_id: row.bucket_id,
    owner: row.owner ?? '',
    owner_id: row.owner_id ?? '',
    id: row.id,
    version: row.version,
    updated_at: iso(row.updated_at),
    created_at: iso(row.created_at),
    last_accessed_at: iso(row.last_accessed_at),
    metadata: row.metadata,
    user_metadata: row.user_metadata,
  };
}
