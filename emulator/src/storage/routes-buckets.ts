import type { Hono } from 'hono';
import { asCaller, callerOf, ownerOf } from './caller.js';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import { checkBucket } from './paths.js';
import { BUCKET_COLUMNS, bucketJson, findBucket, type BucketRow } from './rows.js';
import { parseSize } from './size.js';
import { jsonBody } from './json-body.js';

const SORT_COLUMNS = new Set(['id', 'name', 'created_at', 'updated_at']);

function sizeLimit(value: unknown, global: number): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const size = parseSize(value);
  if (size === undefined)
    throw StorageErrors.invalidRequest(`Invalid file size limit: ${String(value)}`);
  if (size > global) {
    throw StorageErrors.invalidRequest(`The maximum file size limit is ${global} bytes`);
  }
  return size;
}

function mimeList(value: unknown): string[] | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw StorageErrors.invalidRequest('allowed_mime_types must be an array of strings');
  }
  return value.length ? value : null;
}

/**
 * Bucket routes: list, get, create, update, empty, delete, under the caller's role (RLS on
 * `storage.buckets` and `storage.objects` applies, as on Supabase).
 *
 * @example
 * ```ts
 * bucketRoutes(app, deps);
 * ```
 */
export function bucketRoutes(app: Hono, deps: StorageDeps): void {
  const { ctx, store, settings } = deps;

  app.get('/bucket', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const q = new URL(c.req.url).searchParams;
    const column = SORT_COLUMNS.has(q.get('sortColumn') ?? '') ? q.get('sortColumn')! : 'name';
    const order = q.get('sortOrder')?.toLowerCase() === 'desc' ? 'desc' : 'asc';
    const limit = Number(q.get('limit') ?? 'NaN');
    const offset = Number(q.get('offset') ?? '0') || 0;
    const rows = await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rows } = await tx.query<BucketRow>(
        `select ${BUCKET_COLUMNS} from storage.buckets
          where ($1::text is null or name ilike '%' || $1 || '%')
          order by ${column} ${order} limit $2 offset $3`,
        [q.get('search') || null, Number.isInteger(limit) && limit >= 0 ? limit : null, offset],
      );
      return rows;
    });
    return c.json(rows.map(bucketJson));
  });

  app.get('/bucket/:id', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const id = c.req.param('id');
    const row = await asCaller(ctx, c.req.raw, auth, (tx) => findBucket(tx, id));
    if (!row) throw StorageErrors.noSuchBucket();
    return c.json(bucketJson(row));
  });

  app.post('/bucket', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const body = await jsonBody(c.req.raw);
    const id = checkBucket(body.id ?? body.name);
    const name = typeof body.name === 'string' ? body.name : id;
    const { owner, ownerId } = ownerOf(auth);
    await asCaller(ctx, c.req.raw, auth, async (tx) => {
      try {
        await tx.query(
          `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            name,
            owner,
            ownerId,
            body.public === true,
            sizeLimit(body.file_size_limit, settings.fileSizeLimit) ?? null,
            mimeList(body.allowed_mime_types) ?? null,
          ],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw StorageErrors.bucketAlreadyExists();
        throw error;
      }
    });
    return c.json({ name: id });
  });

  app.put('/bucket/:id', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const id = c.req.param('id');
    const body = await jsonBody(c.req.raw);
    const size = sizeLimit(body.file_size_limit, settings.fileSizeLimit);
    const mimes = mimeList(body.allowed_mime_types);
    const updated = await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rowCount } = await tx.query(
        `update storage.buckets set
           public = coalesce($2, public),
           file_size_limit = case when $3 then $4::bigint else file_size_limit end,
           allowed_mime_types = case when $5 then $6::text[] else allowed_mime_types end,
           updated_at = now()
         where id = $1`,
        [
          id,
          typeof body.public === 'boolean' ? body.public : null,
          size !== undefined,
          size ?? null,
          mimes !== undefined,
          mimes ?? null,
        ],
      );
      return rowCount;
    });
    if (!updated) throw StorageErrors.noSuchBucket();
    return c.json({ message: 'Successfully updated' });
  });

  app.post('/bucket/:id/empty', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const id = c.req.param('id');
    if (!(await findBucket(ctx.engine, id))) throw StorageErrors.noSuchBucket();
    const versions = await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rows } = await tx.query<{ version: string | null }>(
        'delete from storage.objects where bucket_id = $1 returning version',
        [id],
      );
      return rows;
    });
    for (const { version } of versions)
      if (version) await store.remove(id, version).catch(() => undefined);
    return c.json({ message: 'Successfully emptied' });
  });

  app.delete('/bucket/:id', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const id = c.req.param('id');
    if (!(await findBucket(ctx.engine, id))) throw StorageErrors.noSuchBucket();
    const { rows } = await ctx.engine.query(
      'select 1 from storage.objects where bucket_id = $1 limit 1',
      [id],
    );
    if (rows.length) throw StorageErrors.bucketNotEmpty();
    const deleted = await asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rowCount } = await tx.query('delete from storage.buckets where id = $1', [id]);
      return rowCount;
    });
    if (!deleted) throw StorageErrors.noSuchBucket();
    return c.json({ message: 'Successfully deleted' });
  });
}
