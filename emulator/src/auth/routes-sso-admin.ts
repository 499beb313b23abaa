import { Hono } from 'hono';
import { AuthHttpError } from './errors.js';
import { requireAdmin } from './request-user.js';
import type { AuthService } from './service.js';

const notFound = () =>
  new AuthHttpError(404, 'sso_provider_not_found', 'SSO Identity Provider not found');

/**
 * `/admin/sso/providers`: GoTrue does not gate these on SAML (internal/api/api.go mounts them
 * under `/admin` with no `requireSAMLEnabled`), so with SAML off they answer from an empty
 * provider table. The emulator registers no SAML providers: the list is empty and any id is
 * GoTrue's 404 `sso_provider_not_found`. Creating one is not implemented.
 *
 * @example
 * app.route('/', ssoAdminRoutes(svc));
 */
export function ssoAdminRoutes(svc: AuthService): Hono {
  const app = new Hono();
  app.get('/admin/sso/providers', async (c) => {
    await requireAdmin(svc, c);
    return c.json({ items: [] });
  });
  for (const method of ['get', 'put', 'delete'] as const) {
    app[method]('/admin/sso/providers/:id', async (c) => {
      await requireAdmin(svc, c);
      throw notFound();
    });
  }
  return app;
}
