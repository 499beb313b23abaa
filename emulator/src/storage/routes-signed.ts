import type { Hono } from 'hono';
import { asCaller, callerOf, ownerOf, privileged, SERVICE_AUTH } from './caller.js';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import { checkKey, objectTarget } from './paths.js';
import { findObject, getBucket, getObject } from './rows.js';
import { serveObject } from './serve.js';
import { signUrlToken, verifyUrlToken } from './tokens.js';
import { transformQuery } from './transform.js';
import { readUploadBody } from './upload-body.js';
import { writeObject } from './write-object.js';
import { jsonBody } from './json-body.js';

const pathname = (url: string) => new URL(url).pathname;
/** Signed upload URLs last two hours, as Storage's. */
const UPLOAD_URL_SECONDS = 2 * 60 * 60;

function expiresInOf(body: Record<string, unknown>): number {
  const n = Number(body.expiresIn);
  if (!Number.isInteger(n) || n < 1) {
    throw StorageErrors.invalidRequest('body/expiresIn must be >= 1');
  }
  return n;
}

/**
 * Signed URLs: `POST /object/sign/<bucket>/<key>` and `POST /object/sign/<bucket>` (many)
 * make JWTs for objects the caller may read; `GET /object/sign/…?token=` serves them;
 * `POST /object/upload/sign/…` makes an upload token for a caller allowed to write there and
 * `PUT /object/upload/sign/…?token=` uploads with it.
 *
 * @example
 * ```ts
 * signedRoutes(app, deps);
 * ```
 */
export function signedRoutes(app: Hono, deps: StorageDeps): void {
  const { ctx } = deps;
  const secret = () => ctx.keys.jwtSecret;

  app.post('/object/upload/sign/*', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/upload/sign/');
    checkKey(key);
    const upsert = c.req.header('x-upsert') === 'true';
    await getBucket(ctx.engine, bucket);
    const { owner, ownerId } = ownerOf(auth);
    // Storage's check: could this caller write the row? (Tried, then rolled back.)
    await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const existing = await privileged(tx, auth.role, () => findObject(tx, bucket, key));
      if (existing && !upsert) throw StorageErrors.keyAlreadyExists();
      await tx.query('savepoint can_upload');
      if (existing) {
        await tx.query(
          'update storage.objects set owner = $3, owner_id = $4 where bucket_id = $1 and name = $2',
          [bucket, key, owner, ownerId],
        );
      } else {
        await tx.query(
          'insert into storage.objects (bucket_id, name, owner, owner_id) values ($1, $2, $3, $4)',
          [bucket, key, owner, ownerId],
        );
      }
      await tx.query('rollback to savepoint can_upload');
    });
    const token = await signUrlToken(
      secret(),
      { url: `${bucket}/${key}`, owner: ownerId ?? undefined, upsert },
      UPLOAD_URL_SECONDS,
    );
    return c.json({ url: `/object/upload/sign/${bucket}/${key}?token=${token}`, token });
  });

  app.put('/object/upload/sign/*', async (c) => {
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/upload/sign/');
    checkKey(key);
    const claims = await verifyUrlToken(secret(), c.req.query('token'), `${bucket}/${key}`);
    const body = await readUploadBody(c.req.raw);
    const upsert = claims.upsert === true || c.req.header('x-upsert') === 'true';
    const owner = ownerOf({ role: 'authenticated', claims: { sub: claims.owner } });
    const id = await writeObject(
      deps,
      c.req.raw,
      { bucket, key, mode: upsert ? 'upsert' : 'create', auth: SERVICE_AUTH, owner },
      body,
    );
    return c.json({ Id: id, Key: `${bucket}/${key}` });
  });

  app.get('/object/sign/*', async (c) => {
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/sign/');
    await verifyUrlToken(secret(), c.req.query('token'), `${bucket}/${key}`);
    return serveObject(deps, c, await getObject(ctx.engine, bucket, key));
  });

  app.post('/object/sign/*', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/sign/');
    const body = await jsonBody(c.req.raw);
    const expiresIn = expiresInOf(body);
    if (key) {
      await asCaller(ctx, c.req.raw, auth, (tx) => getObject(tx, bucket, key));
      const transform =
        body.transform && typeof body.transform === 'object'
          ? transformQuery(body.transform as Record<string, unknown>)
          : '';
      const token = await signUrlToken(
        secret(),
        { url: `${bucket}/${key}`, ...(transform ? { transformations: transform } : {}) },
        expiresIn,
      );
      const route = transform ? '/render/image/sign' : '/object/sign';
      return c.json({ signedURL: `${route}/${bucket}/${key}?token=${token}` });
    }
    const paths = Array.isArray(body.paths) ? body.paths.map(String) : [];
    const visible = await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rows } = await tx.query<{ name: string }>(
        'select name from storage.objects where bucket_id = $1 and name = any($2::text[])',
        [bucket, paths],
      );
      return new Set(rows.map((r) => r.name));
    });
    const out = [];
    for (const path of paths) {
      if (!visible.has(path)) {
        out.push({
          error: 'Either the object does not exist or you do not have access to it',
          path,
          signedURL: null,
        });
        continue;
      }
      const token = await signUrlToken(secret(), { url: `${bucket}/${path}` }, expiresIn);
      out.push({ error: null, path, signedURL: `/object/sign/${bucket}/${path}?token=${token}` });
    }
    return c.json(out);
  });
}
