import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { asCaller, callerOf, ownerOf } from './caller.js';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import { checkBucket, checkKey, objectTarget } from './paths.js';
import { findBucket, getObject, objectJson, OBJECT_COLUMNS, type ObjectRow } from './rows.js';
import { infoJson, serveObject } from './serve.js';
import { readUploadBody } from './upload-body.js';
import { writeObject } from './write-object.js';
import { jsonBody } from './json-body.js';

const pathname = (url: string) => new URL(url).pathname;

/**
 * Object routes: upload (`POST`, `x-upsert`) and update (`PUT`), download (authenticated and
 * public), `info`, `HEAD` (exists), remove, move and copy (across buckets).
 *
 * @example
 * ```ts
 * objectRoutes(app, deps);
 * ```
 */
export function objectRoutes(app: Hono, deps: StorageDeps): void {
  const { ctx, store } = deps;

  app.post('/object/move', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const body = await jsonBody(c.req.raw);
    const from = checkBucket(body.bucketId);
    const to = checkBucket(body.destinationBucket ?? body.bucketId);
    const sourceKey = checkKey(body.sourceKey);
    const destinationKey = checkKey(body.destinationKey);
    if (!(await findBucket(ctx.engine, to))) throw StorageErrors.noSuchBucket();
    let moved: { version: string | null } | undefined;
    await asCaller(ctx, c.req.raw, auth, async (tx) => {
      try {
        const { rows } = await tx.query<{ version: string | null }>(
          `update storage.objects set bucket_id = $3, name = $4, updated_at = now()
            where bucket_id = $1 and name = $2 returning version`,
          [from, sourceKey, to, destinationKey],
        );
        if (rows.length === 0) throw StorageErrors.noSuchKey();
        moved = rows[0];
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw StorageErrors.keyAlreadyExists();
        throw error;
      }
      if (moved?.version && from !== to) await store.move(from, moved.version, to);
    }).catch(async (error: unknown) => {
      // The row's move rolled back: put the bytes back where the row still points.
      if (moved?.version && from !== to)
        await store.move(to, moved.version, from).catch(() => undefined);
      throw error;
    });
    return c.json({ message: 'Successfully moved' });
  });

  app.post('/object/copy', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const body = await jsonBody(c.req.raw);
    const from = checkBucket(body.bucketId);
    const to = checkBucket(body.destinationBucket ?? body.bucketId);
    const sourceKey = checkKey(body.sourceKey);
    const destinationKey = checkKey(body.destinationKey);
    const upsert = c.req.header('x-upsert') === 'true';
    if (!(await findBucket(ctx.engine, to))) throw StorageErrors.noSuchBucket();
    const id = randomUUID();
    const version = randomUUID();
    const { owner, ownerId } = ownerOf(auth);
    let copied = false;
    let replaced: string | null = null;
    try {
      await asCaller(ctx, c.req.raw, auth, async (tx) => {
        const source = await getObject(tx, from, sourceKey);
        const userMetadata =
          body.copyMetadata === false
            ? (body.metadata ?? null)
            : (source.user_metadata ?? body.metadata ?? null);
        const params = [
          id,
          to,
          destinationKey,
          owner,
          ownerId,
          JSON.stringify(source.metadata),
          version,
          userMetadata === null ? null : JSON.stringify(userMetadata),
        ];
        if (upsert) {
          const { rows } = await tx.query<{ version: string | null }>(
            'select version from storage.objects where bucket_id = $1 and name = $2',
            [to, destinationKey],
          );
          replaced = rows[0]?.version ?? null;
        }
        try {
          await tx.query(
            `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, version, user_metadata)
             values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb)
             ${
               upsert
                 ? `on conflict (bucket_id, name) do update set owner = excluded.owner,
               owner_id = excluded.owner_id, metadata = excluded.metadata, version = excluded.version,
               user_metadata = excluded.user_metadata, updated_at = now()`
                 : ''
             }`,
            params,
          );
        } catch (error) {
          if ((error as { code?: string }).code === '23505') throw StorageErrors.keyAlreadyExists();
          throw error;
        }
        if (source.version) {
          await store.copy(from, source.version, to, version);
          copied = true;
        }
      });
    } catch (error) {
      if (copied) await store.remove(to, version).catch(() => undefined);
      throw error;
    }
    if (replaced) await store.remove(to, replaced).catch(() => undefined);
    return c.json({ Id: id, Key: `${to}/${destinationKey}` });
  });

  const info = async (c: Context, marker: string) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), marker);
    const row = await asCaller(ctx, c.req.raw, auth, (tx) => getObject(tx, bucket, key));
    return c.json(infoJson(row));
  };
  app.get('/object/info/authenticated/*', (c) => info(c, '/object/info/authenticated/'));
  app.get('/object/info/public/*', async (c) => {
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/info/public/');
    const b = await findBucket(ctx.engine, bucket);
    if (!b?.public) throw StorageErrors.noSuchBucket();
    return c.json(infoJson(await getObject(ctx.engine, bucket, key)));
  });
  app.get('/object/info/*', (c) => info(c, '/object/info/'));

  app.get('/object/public/*', async (c) => {
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/public/');
    const b = await findBucket(ctx.engine, bucket);
    if (!b?.public) throw StorageErrors.noSuchBucket();
    return serveObject(deps, c, await getObject(ctx.engine, bucket, key));
  });

  const download = async (c: Context, marker: string) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), marker);
    const row = await asCaller(ctx, c.req.raw, auth, (tx) => getObject(tx, bucket, key));
    return serveObject(deps, c, row);
  };
  app.get('/object/authenticated/*', (c) => download(c, '/object/authenticated/'));
  app.get('/object/*', (c) => download(c, '/object/'));

  const upload = (mode: 'post' | 'put') => async (c: Context) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/');
    checkKey(key);
    const body = await readUploadBody(c.req.raw);
    const writeMode =
      mode === 'put' ? 'update' : c.req.header('x-upsert') === 'true' ? 'upsert' : 'create';
    const id = await writeObject(deps, c.req.raw, { bucket, key, mode: writeMode, auth }, body);
    return c.json({ Id: id, Key: `${bucket}/${key}` });
  };
  app.post('/object/*', upload('post'));
  app.put('/object/*', upload('put'));

  app.delete('/object/*', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), '/object/');
    let names: string[];
    if (key) names = [key];
    else {
      const body = await jsonBody(c.req.raw);
      const prefixes = Array.isArray(body.prefixes) ? body.prefixes : [];
      if (prefixes.length > 1000) {
        throw StorageErrors.invalidRequest('prefixes must NOT have more than 1000 items');
      }
      names = prefixes.map((p: unknown) =>
        typeof p === 'object' && p !== null ? String((p as { path?: unknown }).path) : String(p),
      );
    }
    const rows = await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rows } = await tx.query<ObjectRow>(
        `delete from storage.objects where bucket_id = $1 and name = any($2::text[])
         returning ${OBJECT_COLUMNS}`,
        [bucket, names],
      );
      return rows;
    });
    for (const row of rows)
      if (row.version) await store.remove(bucket, row.version).catch(() => undefined);
    if (key) {
      if (rows.length === 0) throw StorageErrors.noSuchKey();
      return c.json({ message: 'Successfully deleted' });
    }
    return c.json(rows.map(objectJson));
  });
}
