import { Hono, type Context } from 'hono';
import { AuthHttpError, validationFailed } from './errors.js';
import { authorizationDetails, authorize, consent, scopeList } from './oauth-server-authorize.js';
import {
  clientDetails,
  clientJson,
  findClient,
  isUuid,
  newClientSecret,
  registerClient,
  updateClient,
  type OAuthClientRow,
} from './oauth-server-clients.js';
import { discoveryDocument } from './oauth-server-discovery.js';
import { oauthToken } from './oauth-server-token.js';
import { userInfo } from './oauth-server-userinfo.js';
import { requireAdmin, requireUser } from './request-user.js';
import { authBase, readJson, type AuthService } from './service.js';

/**
 * GoTrue's OAuth 2.1 server, where Supabase Auth is the provider: the admin client registry
 * (`/admin/oauth/clients`), `/oauth/authorize`, the consent API a site's consent page calls
 * (`/oauth/authorizations/<id>[/consent]`), `/oauth/token` and the user's grants
 * (`/user/oauth/grants`), `/oauth/userinfo`, dynamic registration (`/oauth/clients/register`,
 * when `allow_dynamic_registration`) and the discovery documents
 * (`/.well-known/openid-configuration`, always; `/.well-known/oauth-authorization-server`). Off unless `[auth.oauth_server] enabled = true` (or
 * `GOTRUE_OAUTH_SERVER_ENABLED`): then every route answers 404 `feature_disabled`, after the
 * admin or user check GoTrue runs first on its admin and user routes.
 *
 * @example
 * app.route('/', oauthServerRoutes(svc));
 */
export function oauthServerRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const db = svc.ctx.engine;
  const requireEnabled = () => {
    if (!svc.settings.oauthServer.enabled) {
      throw new AuthHttpError(404, 'feature_disabled', 'OAuth server is disabled');
    }
  };
  app.use('/admin/oauth/*', async (c, next) => {
    await requireAdmin(svc, c);
    requireEnabled();
    await next();
  });
  app.use('/oauth/*', async (_c, next) => {
    requireEnabled();
    await next();
  });
  const user = async (c: Context) => {
    const current = await requireUser(svc, c);
    requireEnabled();
    return current.user;
  };
  const loadClient = async (c: Context): Promise<OAuthClientRow> => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw validationFailed('invalid client_id format');
    const client = await findClient(db, id);
    if (!client) throw new AuthHttpError(404, 'oauth_client_not_found', 'OAuth client not found');
    return client;
  };

  app.get('/admin/oauth/clients', async (c) => {
    // GoTrue lists every live client, newest first, without pagination.
    const r = await db.query<OAuthClientRow>(
      'select * from auth.oauth_clients where deleted_at is null order by created_at desc, id',
    );
    return c.json(r.rows.length ? { clients: r.rows.map((row) => clientJson(row)) } : {});
  });
  app.post('/admin/oauth/clients', async (c) => {
    const { client, secret } = await registerClient(db, await readJson(c), 'manual');
    return c.json(clientJson(client, secret), 201);
  });
  app.get('/admin/oauth/clients/:id', async (c) => c.json(clientJson(await loadClient(c))));
  app.put('/admin/oauth/clients/:id', async (c) => {
    const client = await loadClient(c);
    return c.json(clientJson(await updateClient(db, client, await readJson(c))));
  });
  app.delete('/admin/oauth/clients/:id', async (c) => {
    const client = await loadClient(c);
    await db.query('update auth.oauth_clients set deleted_at = now() where id = $1', [client.id]);
    return c.body(null, 204);
  });
  app.post('/admin/oauth/clients/:id/regenerate_secret', async (c) => {
    const client = await loadClient(c);
    if (client.client_type !== 'confidential') {
      throw validationFailed('Cannot regenerate secret for public client');
    }
    const { secret, hash } = newClientSecret();
    const r = await db.query<OAuthClientRow>(
      `update auth.oauth_clients set client_secret_hash = $2, updated_at = now()
        where id = $1 returning *`,
      [client.id, hash],
    );
    return c.json(clientJson(r.rows[0], secret));
  });

  app.get('/.well-known/openid-configuration', (c) => {
    c.header('Cache-Control', 'public, max-age=600');
    return c.json(discoveryDocument(authBase(c), svc.settings.oauthServer));
  });
  app.get('/.well-known/oauth-authorization-server', (c) => {
    requireEnabled();
    c.header('Cache-Control', 'public, max-age=600');
    return c.json(discoveryDocument(authBase(c), svc.settings.oauthServer));
  });
  app.post('/oauth/clients/register', async (c) => {
    if (!svc.settings.oauthServer.allowDynamicRegistration) {
      throw new AuthHttpError(
        403,
        'oauth_dynamic_client_registration_disabled',
        'Dynamic client registration is not enabled',
      );
    }
    const { client, secret } = await registerClient(db, await readJson(c), 'dynamic');
    return c.json(clientJson(client, secret), 201);
  });
  app.get('/oauth/userinfo', async (c) => {
    const { user, session } = await requireUser(svc, c);
    const r = await db.query<{ scopes: string | null }>(
      'select scopes from auth.sessions where id = $1',
      [session.id],
    );
    return c.json(userInfo(user, scopeList(r.rows[0]?.scopes ?? '')));
  });
  app.get('/oauth/authorize', (c) => authorize(svc, c));
  app.get('/oauth/authorizations/:id', async (c) =>
    c.json(await authorizationDetails(svc, c, (await requireUser(svc, c)).user)),
  );
  app.post('/oauth/authorizations/:id/consent', async (c) => {
    const current = await requireUser(svc, c);
    const body = await readJson(c);
    return c.json(await consent(svc, c, current.user, body.action));
  });
  app.post('/oauth/token', async (c) => c.json(await oauthToken(svc, c)));

  app.get('/user/oauth/grants', async (c) => {
    const u = await user(c);
    const r = await db.query<OAuthClientRow & { scopes: string; granted_at: Date }>(
      `select c.*, g.scopes, g.granted_at from auth.oauth_consents g
         join auth.oauth_clients c on c.id = g.client_id and c.deleted_at is null
        where g.user_id = $1 and g.revoked_at is null order by g.granted_at desc`,
      [u.id],
    );
    return c.json(
      r.rows.map((row) => ({
        client: clientDetails(row),
        scopes: scopeList(row.scopes),
        granted_at: new Date(row.granted_at).toISOString(),
      })),
    );
  });
  app.delete('/user/oauth/grants', async (c) => {
    const u = await user(c);
    const clientId = c.req.query('client_id') ?? '';
    if (!clientId) throw validationFailed('client_id query parameter is required');
    if (!isUuid(clientId)) throw validationFailed('invalid client_id format');
    await db.transaction(async (tx) => {
      const r = await tx.query(
        `update auth.oauth_consents set revoked_at = now()
          where user_id = $1 and client_id = $2 and revoked_at is null returning id`,
        [u.id, clientId],
      );
      if (r.rows.length === 0) {
        throw new AuthHttpError(
          404,
          'oauth_consent_not_found',
          'No active grant found for this client',
        );
      }
      // Revoking a grant ends the client's sessions, and with them its refresh tokens.
      await tx.query('delete from auth.sessions where user_id = $1 and oauth_client_id = $2', [
        u.id,
        clientId,
      ]);
    });
    return c.body(null, 204);
  });
  return app;
}
