import type { Context, Hono } from 'hono';
import { asCaller, callerOf } from './caller.js';
import type { StorageDeps } from './deps.js';
import { checkBucket } from './paths.js';
import { iso } from './rows.js';
import { folderOf, listFolder, listV2, type ListedObject } from './list.js';
import { jsonBody } from './json-body.js';

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
const num = (v: unknown, fallback: number) =>
  Number.isInteger(Number(v)) && Number(v) >= 0 && v !== null && v !== undefined
    ? Number(v)
    : fallback;
const sortOf = (v: unknown, fallback: string) => {
  const s = (v ?? {}) as { column?: unknown; order?: unknown };
  return { column: String(s.column ?? fallback), order: String(s.order ?? 'asc') };
};

/**
 * `POST /object/list/<bucket>` and `POST /object/list-v2/<bucket>`: the objects the caller may
 * see (RLS applies), as Storage lists them.
 *
 * @example
 * ```ts
 * listRoutes(app, deps);
 * ```
 */
export function listRoutes(app: Hono, deps: StorageDeps): void {
  const { ctx } = deps;
  const objectsUnder = async (c: Context, bucket: string, prefix: string) => {
    const auth = await callerOf(ctx, c.req.raw);
    return asCaller(ctx, c.req.raw, auth, async (tx) => {
      const { rows } = await tx.query<ListedObject>(
        `select name, id, updated_at, created_at, last_accessed_at, metadata from storage.objects
          where bucket_id = $1 and name like $2 escape '\\'`,
        [bucket, likePrefix(prefix)],
      );
      return rows.map((r) => ({
        ...r,
        updated_at: iso(r.updated_at)!,
        created_at: iso(r.created_at)!,
        last_accessed_at: iso(r.last_accessed_at)!,
      }));
    });
  };

  app.post('/object/list/:bucket', async (c) => {
    const bucket = checkBucket(c.req.param('bucket'));
    const body = await jsonBody(c.req.raw);
    const prefix = typeof body.prefix === 'string' ? body.prefix : '';
    const objects = await objectsUnder(c, bucket, folderOf(prefix));
    return c.json(
      listFolder(objects, {
        prefix,
        limit: num(body.limit, 100),
        offset: num(body.offset, 0),
        search: typeof body.search === 'string' ? body.search : '',
        sortBy: sortOf(body.sortBy, 'name'),
      }),
    );
  });

  app.post('/object/list-v2/:bucket', async (c) => {
    const bucket = checkBucket(c.req.param('bucket'));
    const body = await jsonBody(c.req.raw);
    const prefix = typeof body.prefix === 'string' ? body.prefix : '';
    const objects = await objectsUnder(c, bucket, prefix);
    return c.json(
      listV2(objects, {
        prefix,
        cursor: typeof body.cursor === 'string' ? body.cursor : undefined,
        limit: Math.min(num(body.limit, 1000), 1000) || 1000,
        withDelimiter: body.with_delimiter === true,
        sortBy: sortOf(body.sortBy, 'name'),
      }),
    );
  });
}
