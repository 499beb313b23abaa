import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Hono } from 'hono';
import { authRoutes } from './auth/routes.js';
import { JwtError, type EmulatorContext } from './context.js';
import { maxBodyBytes, requestBodyLimit } from './core/body-limit.js';
import { gatewayCors } from './core/cors.js';
import { UnknownRoleError } from './core/unknown-role-error.js';
import { restRoutes } from './rest/routes.js';

/**
 * The emulator's HTTP app: CORS like Supabase's gateway, the services under their Supabase
 * paths (`services.realtime`: the REST routes of the Realtime service; `services.storage`: the
 * Storage API; `services.functions`: the Edge Functions relay), and JSON for unknown
 * paths and unexpected errors.
 *
 * @example
 * ```ts
 * const app = createApp(ctx);
 * const res = await app.request('/rest/v1/movies?select=title');
 * ```
 */
export function createApp(
  ctx: EmulatorContext,
  services: { realtime?: Hono; storage?: Hono; functions?: Hono } = {},
): Hono {
  const app = new Hono();
  app.use('*', gatewayCors());
  const limit = requestBodyLimit(maxBodyBytes());
  app.use('/rest/v1/*', limit);
  app.use('/auth/v1/*', limit);
  app.route('/rest/v1', restRoutes(ctx));
  app.route('/auth/v1', authRoutes(ctx));
  if (services.realtime) app.route('/realtime/v1', services.realtime);
  if (services.functions) app.route('/functions/v1', services.functions);
  if (services.storage) app.route('/storage/v1', services.storage);
  // The wording of Supabase's gateway (Kong) for a path no service serves.
  app.notFound((c) => c.json({ message: 'no Route matched with those values' }, 404));
  app.onError((error, c) => {
    // Services normally answer these themselves; this keeps the PostgREST shape if one does not.
    if (error instanceof JwtError) {
      return c.json({ code: error.code, details: null, hint: null, message: error.message }, 401);
    }
    if (error instanceof UnknownRoleError) return c.json(error.toJSON(), 401);
    return c.json({ message: error instanceof Error ? error.message : String(error) }, 500);
  });
  return app;
}

/** A started HTTP server and how to stop it. */
export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `app` on `hostname:port` (`port: 0` takes a free port). Rejects with a clear message
 * when the port is taken.
 *
 * @example
 * ```ts
 * const { port, close } = await listen(createApp(ctx), { port: 0 });
 * ```
 */
export function listen(
  app: Hono,
  options: { port: number; hostname?: string },
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on ${hostname} is already in use (try --port 0).`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port, hostname, () => {
      server.off('error', onError);
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open until they time out.
            server.closeAllConnections();
          }),
      });
    });
  });
}
