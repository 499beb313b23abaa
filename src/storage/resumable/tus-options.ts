import { cleanPath } from '../paths.js';
import type { FileOptions } from '../types.js';

/** Supabase Storage's TUS chunk size: exactly 6 MiB for every chunk but the last. */
export const SUPABASE_TUS_CHUNK_SIZE = 6 * 1024 * 1024;

/**
 * The `Upload-Metadata` Supabase's TUS endpoint reads (tus-js-client base64-encodes the values):
 * `bucketName`, `objectName` (the cleaned path), `contentType`, `cacheControl`, and `metadata`
 * (JSON) when given.
 *
 * @example
 * ```ts
 * tusMetadata('videos', '/u1//a.mp4', { contentType: 'video/mp4' });
 * // { bucketName: 'videos', objectName: 'u1/a.mp4', contentType: 'video/mp4', cacheControl: '3600' }
 * ```
 */
export function tusMetadata(
  bucketId: string,
  path: string,
  options: Pick<FileOptions, 'contentType' | 'cacheControl' | 'metadata'> = {},
): Record<string, string> {
  const meta: Record<string, string> = {
    bucketName: bucketId,
    objectName: cleanPath(path),
    contentType: options.contentType ?? 'text/plain;charset=UTF-8',
    cacheControl: options.cacheControl ?? '3600',
  };
  if (options.metadata) meta.metadata = JSON.stringify(options.metadata);
  return meta;
}

/**
 * The headers of every TUS request: the client's, then `apikey`, `authorization: Bearer <token or
 * key>` where absent, and `x-upsert`.
 *
 * @example
 * ```ts
 * tusHeaders({ 'x-client-info': 'supabase-rx/1' }, 'anon', 'jwt', true);
 * // { 'x-client-info': …, apikey: 'anon', authorization: 'Bearer jwt', 'x-upsert': 'true' }
 * ```
 */
export function tusHeaders(
  headers: Readonly<Record<string, string>>,
  apiKey: string | undefined,
  token: string | null,
  upsert: boolean | undefined,
): Record<string, string> {
  const out: Record<string, string> = { ...headers };
  if (apiKey && out.apikey === undefined) out.apikey = apiKey;
  const bearer = token ?? apiKey;
  if (bearer && out.authorization === undefined) out.authorization = `Bearer ${bearer}`;
  out['x-upsert'] = String(upsert ?? false);
  return out;
}
