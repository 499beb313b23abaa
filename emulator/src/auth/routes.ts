import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';

/** PLACEHOLDER (owned by the auth work): the GoTrue-compatible API mounted at `/auth/v1`. */
export function authRoutes(_ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.all('*', (c) => c.json({ message: 'not implemented yet' }, 501));
  return app;
}
