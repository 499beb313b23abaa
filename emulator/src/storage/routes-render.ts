import type { Context, Hono } from 'hono';
import { asCaller, callerOf } from './caller.js';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import { mimeOf } from './mime.js';
import { objectTarget } from './paths.js';
import { findBucket, getObject, type ObjectRow } from './rows.js';
import { verifyUrlToken } from './tokens.js';
import { transformImage, transformOf, type ImageTransform } from './transform.js';

const pathname = (url: string) => new URL(url).pathname;

async function render(
  deps: StorageDeps,
  c: Context,
  row: ObjectRow,
  transform: ImageTransform,
): Promise<Response> {
  const bytes = row.version ? await deps.store.read(row.bucket_id, row.version) : undefined;
  if (!bytes) throw StorageErrors.noSuchKey();
  const out = await transformImage(bytes, mimeOf(row.metadata?.mimetype), transform);
  const headers = new Headers({
    'content-type': out.contentType,
    'content-length': String(out.bytes.byteLength),
    'cache-control': row.metadata?.cacheControl ?? 'no-cache',
  });
  const download = new URL(c.req.url).searchParams.get('download');
  if (download !== null) {
    const name = download || row.name.split('/').pop()!;
    headers.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  }
  return new Response(c.req.method === 'HEAD' ? null : (out.bytes as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers,
  });
}

/**
 * Image transformations: `GET /render/image/authenticated/…`, `/render/image/public/…` (query
 * options) and `/render/image/sign/…?token=` (the options the token was signed with), through
 * `sharp`.
 *
 * @example
 * ```ts
 * renderRoutes(app, deps);
 * ```
 */
export function renderRoutes(app: Hono, deps: StorageDeps): void {
  const { ctx } = deps;
  app.get('/render/image/authenticated/*', async (c) => {
    const auth = await callerOf(ctx, c.req.raw);
    const { bucket, key } = objectTarget(pathname(c.req.url), '/render/image/authenticated/');
    const transform = transformOf(new URL(c.req.url).searchParams);
    const row = await asCaller(ctx, c.req.raw, auth, (tx) => getObject(tx, bucket, key));
    return render(deps, c, row, transform);
  });
  app.get('/render/image/public/*', async (c) => {
    const { bucket, key } = objectTarget(pathname(c.req.url), '/render/image/public/');
    const transform = transformOf(new URL(c.req.url).searchParams);
    if (!(await findBucket(ctx.engine, bucket))?.public) throw StorageErrors.noSuchBucket();
    return render(deps, c, await getObject(ctx.engine, bucket, key), transform);
  });
  app.get('/render/image/sign/*', async (c) => {
    const { bucket, key } = objectTarget(pathname(c.req.url), '/render/image/sign/');
    const claims = await verifyUrlToken(
      ctx.keys.jwtSecret,
      c.req.query('token'),
      `${bucket}/${key}`,
    );
    const transform = transformOf(new URLSearchParams(claims.transformations ?? ''));
    return render(deps, c, await getObject(ctx.engine, bucket, key), transform);
  });
  app.all('/render/image/*', () => {
    throw StorageErrors.invalidRequest('Unknown image route');
  });
}
