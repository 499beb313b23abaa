import type { Context } from 'hono';
import type { StorageDeps } from './deps.js';
import { StorageErrors } from './errors.js';
import type { ObjectRow } from './rows.js';

/**
 * The byte range a `Range: bytes=…` header asks of `size` bytes: `undefined` for none (or a
 * form not supported, which serves the whole object), `'unsatisfiable'` past the end.
 *
 * @example
 * ```ts
 * byteRange('bytes=0-9', 100); // { start: 0, end: 9 }
 * byteRange('bytes=-10', 100); // { start: 90, end: 99 }
 * ```
 */
export function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The response of a download: the bytes, with `Content-Type`, `Content-Length`,
 * `Cache-Control`, `ETag` and `Last-Modified` from the object's metadata, and
 * `Content-Disposition: attachment` when `?download` is given (its value renames the file);
 * `Range: bytes=…` answers 206 with that part (416 past the end).
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
  headers.set('accept-ranges', 'bytes');
  const range = meta ? byteRange(c.req.header('range'), meta.size) : undefined;
  if (range === 'unsatisfiable') {
    headers.delete('content-length');
    headers.set('content-range', `bytes */${meta!.size}`);
    return new Response(null, { status: 416, headers });
  }
  if (range) {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${meta!.size}`);
    headers.set('content-length', String(range.end - range.start + 1));
  }
  const status = range ? 206 : 200;
  if (c.req.method === 'HEAD') return new Response(null, { status, headers });
  const body = row.version ? await deps.store.stream(row.bucket_id, row.version, range) : undefined;
  if (!body) throw StorageErrors.noSuchKey();
  return new Response(body, { status, headers });
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
