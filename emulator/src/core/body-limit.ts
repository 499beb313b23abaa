import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * The default request body limit of the REST and auth APIs: 10 MiB. Not a figure documented for
 * Supabase's gateway (none was found to cite); it bounds memory, and
 * `SUPABASE_RX_MAX_BODY_BYTES` changes it. Storage uploads have their own `file_size_limit`.
 */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The body limit in force: `SUPABASE_RX_MAX_BODY_BYTES` when it is a positive integer, else the
 * default.
 *
 * @example
 * maxBodyBytes({ SUPABASE_RX_MAX_BODY_BYTES: '1024' }); // 1024
 */
export function maxBodyBytes(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.SUPABASE_RX_MAX_BODY_BYTES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_BODY_BYTES;
}

/**
 * Refuses a body past `limit` bytes with 413 and a message naming the limit. The body is counted
 * as it streams in (and `Content-Length` checked first), so an oversized one is never buffered.
 *
 * @example
 * app.use('/rest/v1/*', requestBodyLimit(1024));
 */
export function requestBodyLimit(limit: number): MiddlewareHandler {
  const limited = bodyLimit({
    maxSize: limit,
    onError: (c) =>
      c.json(
        {
          code: 'request_too_large',
          message: `Request body is larger than the limit of ${limit} bytes`,
        },
        413,
      ),
  });
  // GET and HEAD carry no body; asking for one made @hono/node-server build a whole Request per
  // read, ~7% of the CPU of a small select (profile, issue 12).
  return (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limited(c, next);
}
