import { stat } from 'node:fs/promises';
import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { WORKER_ERROR_HEADER, FunctionBootError } from './function-host.js';
import { functionTarget, isFunctionName } from './function-names.js';
import type { FunctionPool } from './function-pool.js';
import type { FunctionSettings } from './project-functions.js';
import { relayError } from './relay-errors.js';

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

// The relay's answers to a refused JWT (not relay errors: functions-js reads them as HTTP errors).
function unauthorized(message: string): Response {
  return Response.json({ code: 401, message }, { status: 401 });
}

async function jwtRefusal(ctx: EmulatorContext, request: Request): Promise<Response | undefined> {
  const header = request.headers.get('authorization');
  if (!header) return unauthorized('Missing authorization header');
  const match = /^bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) return unauthorized("Auth header is not 'Bearer {token}'");
  try {
    await ctx.jwt.verify(match[1]!);
    return undefined;
  } catch {
    return unauthorized('Invalid JWT');
  }
}

/** What the routes need from the functions service. */
export interface FunctionsRouteDeps {
  ctx: EmulatorContext;
  pool: FunctionPool;
  settings(name: string): FunctionSettings;
  log(name: string, line: string): void;
}

/**
 * `/functions/v1/<name>[/…]`: hands the request, headers and body unchanged and streamed, to
 * the function `<name>` as the path `/<name>[/…]` (as Supabase's relay does). `verify_jwt`
 * (default on; not for `OPTIONS`) asks for a valid `Authorization: Bearer` JWT first. The
 * relay's own answers carry `x-relay-error: true`: 404 no such function, 503 it failed to boot,
 * 500 it crashed or threw.
 *
 * @example
 * ```ts
 * app.route('/functions/v1', functionsRoutes({ ctx, pool, settings, log }));
 * ```
 */
export function functionsRoutes(deps: FunctionsRouteDeps): Hono {
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const rest = url.pathname.replace(/^\/functions\/v1/, '');
    const { name, path } = functionTarget(rest);
    if (!isFunctionName(name)) return relayError('notFound');
    const settings = deps.settings(name);
    if (!settings.enabled || !(await isFile(settings.entrypoint))) return relayError('notFound');
    if (settings.verifyJwt && c.req.method !== 'OPTIONS') {
      const refused = await jwtRefusal(deps.ctx, c.req.raw);
      if (refused) return refused;
    }
    let host;
    try {
      host = await deps.pool.get(name);
    } catch (error) {
      // Only the first line: the function's own output was logged as it came.
      deps.log(
        name,
        (error instanceof FunctionBootError ? error.message : String(error)).split('\n')[0]!,
      );
      return relayError('bootError');
    }
    let response: Response;
    try {
      response = await host.fetch(c.req.raw, path + url.search);
    } catch (error) {
      if (c.req.raw.signal.aborted) return relayError('workerError');
      deps.log(name, `the function died before answering: ${(error as Error).message}`);
      await deps.pool.discard(name, host);
      return relayError('workerError');
    }
    if (response.headers.has(WORKER_ERROR_HEADER)) {
      await response.body?.cancel().catch(() => undefined);
      return relayError('workerError');
    }
    // A fresh Response: fetch-made headers are immutable, and the gateway adds its CORS headers.
    return new Response(response.body, response);
  });
  return app;
}
