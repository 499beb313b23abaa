import { Hono } from 'hono';
import type { StorageDeps } from './deps.js';
import { StorageHttpError } from './errors.js';
import { bucketRoutes } from './routes-buckets.js';
import { listRoutes } from './routes-list.js';
import { objectRoutes } from './routes-objects.js';
import { signedRoutes } from './routes-signed.js';
import { resumableRoutes } from './resumable.js';
import { renderRoutes } from './routes-render.js';

/**
 * The Storage API, mounted at `/storage/v1`: buckets, objects, listing, signed URLs, TUS
 * resumable uploads, image transformations (`sharp`) (their parts in `options.resumableDir`, else a temp folder). Errors
 * are Storage's (HTTP 400 with the real status as a `statusCode` string and its `code`).
 *
 * @example
 * ```ts
 * app.route('/storage/v1', storageRoutes(deps));
 * ```
 */
export function storageRoutes(deps: StorageDeps, options: { resumableDir?: string } = {}): Hono {
  const app = new Hono();
  resumableRoutes(app, deps, options.resumableDir);
  bucketRoutes(app, deps);
  listRoutes(app, deps);
  signedRoutes(app, deps);
  renderRoutes(app, deps);
  objectRoutes(app, deps);
  app.onError((error, c) => {
    if (error instanceof StorageHttpError) {
      return c.json(error.toJSON(), error.httpStatus as 400);
    }
    const message = error instanceof Error ? error.message : String(error);
    return c.json({ statusCode: '500', code: 'InternalError', error: 'Internal', message }, 500);
  });
  return app;
}
