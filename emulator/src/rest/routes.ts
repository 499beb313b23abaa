import { Hono } from 'hono';
import type { EmulatorContext, RequestAuth } from '../context.js';
import { RestError } from './ast.js';
import { errorResponse } from './errors.js';
import { openApiDocument } from './openapi.js';
import { chooseSchema, parseRequest } from './parse/request.js';
import { handleRead } from './read/handle-read.js';
import { handleRpc } from './rpc/handle-rpc.js';
import { getSchemaCache } from './schema-cache.js';
import { handleWrite } from './write/handle-write.js';

const BASE = '/rest/v1';

/** The path below `/rest/v1` (the app may be mounted there or called with the full path). */
function restPath(url: URL): string {
  const at = url.pathname.indexOf(BASE);
  return at < 0 ? url.pathname : url.pathname.slice(at + BASE.length);
}

async function openApi(ctx: EmulatorContext, request: Request): Promise<Response> {
  const schema = chooseSchema(request.method, request.headers, ctx.config.api.schemas);
  const cache = await getSchemaCache(ctx);
  const url = new URL(request.url);
  const doc = openApiDocument(cache, schema, url.origin);
  const body = request.method === 'HEAD' ? null : JSON.stringify(doc);
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/openapi+json; charset=utf-8' },
  });
}

/**
 * Serves one PostgREST request: authenticates it (a bad JWT is PostgREST's 401), parses it,
 * and dispatches reads to `handleRead`, writes (`POST`/`PATCH`/`PUT`/`DELETE`) to `handleWrite`,
 * `/rpc/<fn>` to `handleRpc`, and `GET /` to the OpenAPI document.
 *
 * @example
 * const res = await serveRest(ctx, new Request('http://localhost/rest/v1/movies?select=id'));
 */
export async function serveRest(ctx: EmulatorContext, request: Request): Promise<Response> {
  let auth: RequestAuth | undefined;
  try {
    auth = await ctx.authenticate(request);
    const method = request.method.toUpperCase();
    const url = new URL(request.url);
    const path = restPath(url);
    if (path === '' || path === '/') {
      if (method !== 'GET' && method !== 'HEAD') throw unsupported(method);
      return await openApi(ctx, request);
    }
    const parsed = parseRequest({
      method,
      path,
      query: url.search,
      headers: request.headers,
      schemas: ctx.config.api.schemas,
    });
    // Bytes kept for a raw `application/octet-stream` body to a bytea parameter.
    const bytes =
      method === 'GET' || method === 'HEAD'
        ? undefined
        : new Uint8Array(await request.arrayBuffer());
    const body = bytes === undefined ? '' : new TextDecoder().decode(bytes);
    if (parsed.target.kind === 'rpc') {
      if (!['GET', 'HEAD', 'POST'].includes(method)) {
        throw new RestError(405, {
          code: 'PGRST101',
          details: null,
          hint: null,
          message: `Cannot use the ${method} method on RPC`,
        });
      }
      return await handleRpc(ctx, parsed, request, auth, body, bytes);
    }
    if (method === 'GET' || method === 'HEAD') return await handleRead(ctx, parsed, request, auth);
    if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) {
      return await handleWrite(ctx, parsed, request, auth, body);
    }
    throw unsupported(method);
  } catch (error) {
    return errorResponse(error, auth !== undefined && auth.role !== 'anon');
  }
}

function unsupported(method: string): RestError {
  return new RestError(405, {
    code: 'PGRST117',
    details: null,
    hint: null,
    message: `Unsupported HTTP method: ${method}`,
  });
}

/**
 * The PostgREST-compatible API, a hono app the core mounts at `/rest/v1`.
 *
 * @example
 * app.route('/rest/v1', restRoutes(ctx));
 */
export function restRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.all('*', (c) => serveRest(ctx, c.req.raw));
  return app;
}
