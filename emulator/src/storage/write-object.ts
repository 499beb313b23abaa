import { randomUUID } from 'node:crypto';
import type { RequestAuth } from '../context.js';
import type { Queryable } from '../db/engine.js';
import { asCaller, ownerOf, privileged } from './caller.js';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import { mimeAllowed, mimeOf } from './mime.js';
import { getBucket, type ObjectMetadata } from './rows.js';
import type { UploadBody } from './upload-body.js';

/** How an upload treats an existing object. */
export type WriteMode = 'create' | 'upsert' | 'update';

/** One object write: where, how, as whom. */
export interface WriteRequest {
  bucket: string;
  key: string;
  mode: WriteMode;
  auth: RequestAuth;
  /** The owner to record (a signed upload URL's), instead of the caller's. */
  owner?: { owner: string | null; ownerId: string | null };
}

/**
 * Writes an object as Storage does: checks the bucket (exists, size limit, MIME types), stages
 * the bytes, then inserts/updates the row under the caller's role (RLS applies) and moves the
 * bytes into place in the same transaction, so the row and the file exist together or not at
 * all. The replaced version's bytes are removed after the commit. Resolves to the object's id.
 *
 * @example
 * ```ts
 * const id = await writeObject(deps, request, { bucket: 'avatars', key: 'a.png', mode: 'create', auth }, body);
 * ```
 */
export async function writeObject(
  deps: StorageDeps,
  request: Request,
  write: WriteRequest,
  body: UploadBody,
): Promise<string> {
  const bucket = await getBucket(deps.ctx.engine, write.bucket);
  const limit = Math.min(
    bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit),
    deps.settings.fileSizeLimit,
  );
  if (body.declaredLength !== undefined && body.declaredLength > limit) {
    throw StorageErrors.entityTooLarge();
  }
  if (!mimeAllowed(body.contentType, bucket.allowed_mime_types)) {
    throw StorageErrors.invalidMimeType(mimeOf(body.contentType));
  }
  const staged = await deps.store.stage(body.bytes, limit, StorageErrors.entityTooLarge);
  const version = randomUUID();
  const now = new Date().toISOString();
  const metadata: ObjectMetadata = {
    eTag: staged.etag,
    size: staged.size,
    mimetype: body.contentType,
    cacheControl: body.cacheControl,
    lastModified: now,
    contentLength: staged.size,
    httpStatusCode: 200,
  };
  const { owner, ownerId } = write.owner ?? ownerOf(write.auth);
  let committed = false;
  let replaced: string | null = null;
  try {
    const id = await asCaller(deps.ctx, request, write.auth, async (tx) => {
      replaced = await currentVersion(tx, write.auth.role, write.bucket, write.key);
      const id = await upsertRow(tx, write, {
        owner,
        ownerId,
        metadata,
        version,
        userMetadata: body.userMetadata,
        exists: replaced !== null,
      });
      await deps.store.commit(staged, write.bucket, version);
      committed = true;
      return id;
    });
    if (replaced) await deps.store.remove(write.bucket, replaced).catch(() => undefined);
    return id;
  } catch (error) {
    if (committed) await deps.store.remove(write.bucket, version).catch(() => undefined);
    else await deps.store.discard(staged);
    throw error;
  }
}

/** The version the object has now (locked until the transaction ends), whoever may see it. */
async function currentVersion(
  tx: Queryable,
  role: string,
  bucket: string,
  key: string,
): Promise<string | null> {
  return privileged(tx, role, async () => {
    const { rows } = await tx.query<{ version: string | null }>(
      'select version from storage.objects where bucket_id = $1 and name = $2 for update',
      [bucket, key],
    );
    return rows.length === 0 ? null : (rows[0]!.version ?? '');
  });
}

async function upsertRow(
  tx: Queryable,
  write: WriteRequest,
  row: {
    owner: string | null;
    ownerId: string | null;
    metadata: ObjectMetadata;
    version: string;
    userMetadata: Record<string, unknown> | null;
    exists: boolean;
  },
): Promise<string> {
  const params = [
    write.bucket,
    write.key,
    row.owner,
    row.ownerId,
    JSON.stringify(row.metadata),
    row.version,
    row.userMetadata === null ? null : JSON.stringify(row.userMetadata),
  ];
  if (write.mode === 'create' && row.exists) throw StorageErrors.keyAlreadyExists();
  if (write.mode === 'update' || (write.mode === 'upsert' && row.exists)) {
    if (!row.exists) throw StorageErrors.noSuchKey();
    // No RETURNING: it would need a SELECT policy too, which Storage's updates do not.
    const { rowCount } = await tx.query(
      `update storage.objects
          set owner = $3, owner_id = $4, metadata = $5::jsonb, version = $6,
              user_metadata = $7::jsonb, updated_at = now(), last_accessed_at = now()
        where bucket_id = $1 and name = $2`,
      params,
    );
    // The row exists but the caller's policies do not let them update it.
    if (rowCount === 0) throw StorageErrors.accessDenied();
    const { rows } = await privileged(tx, write.auth.role, () =>
      tx.query<{ id: string }>(
        'select id from storage.objects where bucket_id = $1 and name = $2',
        [write.bucket, write.key],
      ),
    );
    return rows[0]!.id;
  }
  const id = randomUUID();
  try {
    await tx.query(
      `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, version, user_metadata)
       values ($8, $1, $2, $3, $4, $5::jsonb, $6, $7::jsonb)`,
      [...params, id],
    );
    return id;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw StorageErrors.keyAlreadyExists();
    throw error;
  }
}
