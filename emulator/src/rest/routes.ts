import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';

/** PLACEHOLDER (owned by the REST work): the PostgREST-compatible API mounted at `/rest/v1`. */
export function restRoutes(_ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.all('*', (c) => c.json({ message: 'not implemented yet' }, 501));
  return app;
}
