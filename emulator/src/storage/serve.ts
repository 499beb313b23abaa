import type { Context } from 'hono';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import type { ObjectRow } from './rows.js';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The response of a download: the bytes, with `Content-Type`, `Content-Length`,
 * `Cache-Control`, `ETag` and `Last-Modified` from the object's metadata, and
 * `Content-Disposition: attachment` when `?download` is given (its value renames the file).
 *
 * @example
 * ```ts
 * return serveObject(deps, c, row);
 * ```
 */
export async function serveObject(
  deps: StorageDeps,
  c: Context,
  row: ObjectRow,
): Promise<Response> {
  const meta = row.metadata;
  const headers = new Headers({
    'content-type': meta?.mimetype ?? 'application/octet-stream',
    'cache-control': meta?.cacheControl ?? 'no-cache',
    etag: meta?.eTag ?? '',
    'last-modified': new Date(meta?.lastModified ?? row.updated_at).toUTCString(),
  });
  if (meta) headers.set('content-length', String(meta.size));
  const download = new URL(c.req.url).searchParams.get('download');
  if (download !== null) {
    headers.set('content-disposition', attachment(download || row.name.split('/').pop()!));
  }
  if (meta?.eTag && c.req.header('if-none-match') === meta.eTag) {
    return new Response(null, { status: 304, headers });
  }
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = row.version ? await deps.store.stream(row.bucket_id, row.version) : undefined;
  if (!body) throw StorageErrors.noSuchKey();
  return new Response(body, { status: 200, headers });
}

/** `info`'s answer for an object (storage-js camel-cases its keys). */
export function infoJson(row: ObjectRow): Record<string, unknown> {
  const meta = row.metadata;
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: meta?.size ?? null,
    content_type: meta?.mimetype ?? null,
    cache_control: meta?.cacheControl ?? null,
    etag: meta?.eTag ?? null,
    metadata: row.user_metadata ?? {},
    last_modified: meta?.lastModified ?? null,
    created_at: row.created_at ? new Date(row.created_at).toISOString() : null,
  };
}
