import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileStore } from '@tus/file-store';
import type { Server, Upload } from '@tus/server';
import type { Hono } from 'hono';
import type { RequestAuth } from '../context.js';
import { asCaller, callerOf, ownerOf, privileged, SERVICE_AUTH } from './caller.js';
import type { StorageDeps } from './deps.js';
import { StorageErrors, StorageHttpError } from './errors.js';
import { mimeAllowed, mimeOf } from './mime.js';
import { checkBucket, checkKey } from './paths.js';
import { findObject, getBucket } from './rows.js';
import { verifyUrlToken } from './tokens.js';
import { writeObject } from './write-object.js';

/** Where TUS uploads are served, as on Supabase. */
export const RESUMABLE_PATH = '/storage/v1/upload/resumable';
/** Supabase keeps an unfinished resumable upload for 24 hours. */
const EXPIRY_MS = 24 * 60 * 60 * 1000;

interface Target {
  bucket: string;
  key: string;
  contentType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}

function targetOf(metadata: Upload['metadata']): Target {
  const m = metadata ?? {};
  const bucket = checkBucket(m.bucketName ?? '');
  const key = checkKey(m.objectName ?? '');
  let userMetadata: Record<string, unknown> | null = null;
  if (m.metadata) {
    try {
      userMetadata = JSON.parse(m.metadata) as Record<string, unknown>;
    } catch {
      throw StorageErrors.invalidRequest('metadata must be a JSON object');
    }
  }
  const cache = m.cacheControl ?? '3600';
  return {
    bucket,
    key,
    contentType: m.contentType || 'application/octet-stream',
    cacheControl: /^\d+$/.test(cache) ? `max-age=${cache}` : cache,
    userMetadata,
  };
}

/** A Storage error as the TUS server sends errors: its status, Storage's JSON body. */
function tusError(error: unknown): never {
  if (error instanceof StorageHttpError) {
    const status = Number(error.statusCode);
    throw {
      status_code: Number.isInteger(status) && status >= 400 ? status : 400,
      body: JSON.stringify(error.toJSON()),
    };
  }
  throw error;
}

/**
 * TUS resumable uploads on `/storage/v1/upload/resumable` through `@tus/server`, with
 * Supabase's `Upload-Metadata` (`bucketName`, `objectName`, `contentType`, `cacheControl`,
 * `metadata`) and `x-upsert`. Every request is authenticated; creating an upload checks the
 * bucket, its limits, and (by a rolled-back insert) that the caller's policies allow the write;
 * the last chunk writes the object as `upload` does. `/upload/resumable/sign` takes the token of
 * `createSignedUploadUrl` in `x-signature` instead, and writes for the token's owner. Parts live in `dir` (under the data folder,
 * so an upload survives a restart), or in a temp folder for an in-memory emulator.
 *
 * @example
 * ```ts
 * resumableRoutes(app, deps, '/data/storage/.tus');
 * ```
 */
export function resumableRoutes(app: Hono, deps: StorageDeps, dir?: string): void {
  const directory = dir ?? join(tmpdir(), `supabase-rx-tus-${randomBytes(6).toString('hex')}`);
  // @tus/server loads on the first resumable request: it is a good part of the emulator's
  // start-up otherwise, and most runs never upload that way.
  let servers: Promise<{ bearer: Server; signed: Server }> | undefined;
  const load = () =>
    (servers ??= (async () => {
      const [{ Server }, { FileStore }] = await Promise.all([
        import('@tus/server'),
        import('@tus/file-store'),
      ]);
      const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: EXPIRY_MS });
      return {
        bearer: tusServer(Server, deps, datastore, directory, false),
        signed: tusServer(Server, deps, datastore, directory, true),
      };
    })());
  const handle = (kind: 'bearer' | 'signed') => async (c: { req: { raw: Request } }) =>
    (await load())[kind].handleWeb(c.req.raw);
  app.all('/upload/resumable/sign', handle('signed'));
  app.all('/upload/resumable/sign/*', handle('signed'));
  app.all('/upload/resumable', handle('bearer'));
  app.all('/upload/resumable/*', handle('bearer'));
}

/** Who writes a resumable upload: the bearer's caller, or a signed upload URL's owner. */
interface Writer {
  auth: RequestAuth;
  owner?: { owner: string | null; ownerId: string | null };
  /** Upsert as the signed token allows it. */
  upsert?: boolean;
}

async function writerOf(
  deps: StorageDeps,
  request: Request,
  signed: boolean,
  target?: Target,
): Promise<Writer> {
  if (!signed) return { auth: await callerOf(deps.ctx, request) };
  const token = request.headers.get('x-signature') ?? undefined;
  const secret = deps.ctx.keys.jwtSecret;
  // Before the target is known (HEAD, PATCH), the token only has to be genuine.
  const claims = target
    ? await verifyUrlToken(secret, token, `${target.bucket}/${target.key}`)
    : await verifyUrlToken(secret, token, undefined);
  return {
    auth: SERVICE_AUTH,
    owner: ownerOf({ role: 'authenticated', claims: { sub: claims.owner } }),
    upsert: claims.upsert === true,
  };
}

function tusServer(
  TusServer: typeof Server,
  deps: StorageDeps,
  datastore: FileStore,
  directory: string,
  signed: boolean,
): Server {
  const { ctx } = deps;
  return new TusServer({
    path: signed ? `${RESUMABLE_PATH}/sign` : RESUMABLE_PATH,
    datastore,
    allowedHeaders: ['x-upsert', 'apikey', 'x-client-info', 'x-signature'],
    async onIncomingRequest(request) {
      await writerOf(deps, request, signed).catch(tusError);
    },
    async onUploadCreate(request, upload) {
      try {
        const target = targetOf(upload.metadata);
        const writer = await writerOf(deps, request, signed, target);
        const { auth } = writer;
        const bucket = await getBucket(ctx.engine, target.bucket);
        const limit = Math.min(
          bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit),
          deps.settings.fileSizeLimit,
        );
        if (upload.size === undefined)
          throw StorageErrors.invalidRequest('Upload-Length is required');
        if (upload.size > limit) throw StorageErrors.entityTooLarge();
        if (!mimeAllowed(target.contentType, bucket.allowed_mime_types)) {
          throw StorageErrors.invalidMimeType(mimeOf(target.contentType));
        }
        const upsert = writer.upsert || request.headers.get('x-upsert') === 'true';
        const { owner, ownerId } = writer.owner ?? ownerOf(auth);
        await asCaller(ctx, request, auth, async (tx) => {
          const existing = await privileged(tx, auth.role, () =>
            findObject(tx, target.bucket, target.key),
          );
          if (existing && !upsert) throw StorageErrors.keyAlreadyExists();
          await tx.query('savepoint can_upload');
          await tx.query(
            existing
              ? 'update storage.objects set owner = $3, owner_id = $4 where bucket_id = $1 and name = $2'
              : 'insert into storage.objects (bucket_id, name, owner, owner_id) values ($1, $2, $3, $4)',
            [target.bucket, target.key, owner, ownerId],
          );
          await tx.query('rollback to savepoint can_upload');
        });
        return { metadata: { ...upload.metadata, upsert: upsert ? 'true' : 'false' } };
      } catch (error) {
        return tusError(error);
      }
    },
    async onUploadFinish(request, upload) {
      try {
        const target = targetOf(upload.metadata);
        const writer = await writerOf(deps, request, signed, target);
        const upsert = upload.metadata?.upsert === 'true';
        const id = await writeObject(
          deps,
          request,
          {
            bucket: target.bucket,
            key: target.key,
            mode: upsert ? 'upsert' : 'create',
            auth: writer.auth,
            owner: writer.owner,
          },
          {
            bytes: createReadStream(join(directory, upload.id)),
            contentType: target.contentType,
            cacheControl: target.cacheControl,
            userMetadata: target.userMetadata,
          },
        );
        await datastore.remove(upload.id).catch(() => undefined);
        return { headers: { 'x-object-id': id } };
      } catch (error) {
        return tusError(error);
      }
    },
  });
}
