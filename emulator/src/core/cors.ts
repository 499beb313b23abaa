import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Response headers a browser client must be able to read (PostgREST's, auth's, storage's). */
export const EXPOSED_HEADERS = [
  'Content-Encoding',
  'Content-Location',
  'Content-Range',
  'Content-Profile',
  'Content-Type',
  'Content-Length',
  'Date',
  'Location',
  'Range',
  'Range-Unit',
  'Preference-Applied',
  'X-Total-Count',
  'Link',
  'X-Supabase-Api-Version',
  'Retry-After',
  'ETag',
  'Upload-Offset',
  'Upload-Length',
  'Tus-Resumable',
];

/**
 * CORS as Supabase's gateway answers it: any origin, the preflight allows whatever headers the
 * browser asks for, and the API's own headers are exposed.
 *
 * @example
 * ```ts
 * app.use('*', gatewayCors());
 * ```
 */
export function gatewayCors(): MiddlewareHandler {
  const preflight = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS'],
    exposeHeaders: EXPOSED_HEADERS,
  });
  const exposed = EXPOSED_HEADERS.join(',');
  const add = (headers: Headers) => {
    headers.set('Access-Control-Allow-Origin', '*');
    headers.set('Access-Control-Expose-Headers', exposed);
  };
  // hono's cors puts these headers on a response before the handler runs, so hono rebuilds the
  // handler's response to merge them, which costs @hono/node-server its fast path: ~12% of a
  // small select's CPU (profile, issue 12). They go on the final response instead; the values are
  // the ones hono's cors sets for any origin, and they still win over a handler's own.
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    try {
      add(c.res.headers);
    } catch {
      // Immutable headers (a fetched or redirect response): hono copies the response when it is
      // replaced, and the copy's headers can be set.
      c.res = new Response(c.res.body, c.res);
      add(c.res.headers);
    }
  };
}
