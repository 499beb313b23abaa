import type { Context } from 'hono';
import type { Queryable } from '../db/engine.js';
import { AuthHttpError, validationFailed } from './errors.js';
import { clientDetails, findClient, isUuid, type OAuthClientRow } from './oauth-server-clients.js';
import { resolveRedirect } from './redirects.js';
import { randomToken } from './secrets.js';
import type { AuthService } from './service.js';
import type { UserRow } from './users.js';

/** A row of `auth.oauth_authorizations`. */
export interface AuthorizationRow {
  id: string;
  authorization_id: string;
  client_id: string;
  user_id: string | null;
  redirect_uri: string;
  scope: string;
  state: string | null;
  resource: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  nonce: string | null;
  status: 'pending' | 'approved' | 'denied' | 'expired';
  authorization_code: string | null;
  expires_at: Date;
}

/** The scopes GoTrue's OAuth server knows. */
const SUPPORTED_SCOPES = new Set(['openid', 'email', 'profile', 'phone']);

/** Splits a space-separated scope string. */
export const scopeList = (scope: string): string[] => scope.split(/\s+/).filter(Boolean);

/** `redirectUri` with `params` set in its query, as Go's `url.Values.Encode` orders them. */
function withQuery(redirectUri: string, params: Record<string, string | undefined>): string {
  const u = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  u.searchParams.sort();
  return u.toString();
}

const errorRedirect = (uri: string, error: string, description: string, state?: string | null) =>
  withQuery(uri, { error, error_description: description, state: state ?? undefined });

/** Why GoTrue refuses the remaining parameters (redirected to the client), or `null`. */
function paramsProblem(q: Record<string, string>): string | null {
  if ((q.response_type || 'code') !== 'code') return 'only response_type=code is supported';
  const scopes = scopeList(q.scope);
  if (q.scope === '') return 'scope parameter is required';
  if (scopes.length === 0) return 'scope parameter cannot be empty';
  const unsupported = scopes.find((s) => !SUPPORTED_SCOPES.has(s));
  if (unsupported) return `unsupported scope: ${unsupported}`;
  if (q.resource) {
    let u: URL | undefined;
    try {
      u = new URL(q.resource);
    } catch {
      return 'resource must be an absolute URI';
    }
    if (u.hash) return 'resource must not include a fragment component';
    if (u.search) return 'resource must not include a query component';
  }
  if (!q.code_challenge || !q.code_challenge_method) {
    return 'PKCE flow requires both code_challenge and code_challenge_method';
  }
  const m = q.code_challenge_method.toLowerCase();
  if (m !== 's256' && m !== 'plain') return "code_challenge_method must be 'S256' or 'plain'";
  if (q.code_challenge.length < 43 || q.code_challenge.length > 128) {
    return 'code_challenge must be between 43 and 128 characters';
  }
  return null;
}

/**
 * `GET /oauth/authorize`: a bad client id or redirect URI is answered as JSON (it cannot be
 * trusted with a redirect); any other problem is redirected to the client with
 * `error=invalid_request`; a good request is stored and redirected (302) to the site's consent
 * page with `?authorization_id=`.
 *
 * @example
 * app.get('/oauth/authorize', (c) => authorize(svc, c));
 */
export async function authorize(svc: AuthService, c: Context): Promise<Response> {
  const q: Record<string, string> = {};
  for (const k of [
    'client_id',
    'redirect_uri',
    'response_type',
    'scope',
    'state',
    'resource',
    'code_challenge',
    'code_challenge_method',
    'nonce',
  ]) {
    q[k] = c.req.query(k) ?? '';
  }
  if (!q.client_id) throw validationFailed('client_id is required');
  if (!q.redirect_uri) throw validationFailed('redirect_uri is required');
  if (!isUuid(q.client_id)) {
    throw new AuthHttpError(400, 'oauth_client_not_found', 'invalid client_id format');
  }
  const db = svc.ctx.engine;
  const client = await findClient(db, q.client_id);
  if (!client) throw new AuthHttpError(400, 'oauth_client_not_found', 'invalid client_id');
  if (!client.redirect_uris.includes(q.redirect_uri)) {
    throw validationFailed('invalid redirect_uri');
  }
  if (!q.scope) q.scope = svc.settings.oauthServer.defaultScope;
  const problem = paramsProblem(q);
  if (problem)
    return c.redirect(errorRedirect(q.redirect_uri, 'invalid_request', problem, q.state), 302);
  const authorizationId = randomToken(32);
  await db.query(
    `insert into auth.oauth_authorizations (authorization_id, client_id, redirect_uri, scope, state,
       resource, code_challenge, code_challenge_method, nonce, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(secs => $10))`,
    [
      authorizationId,
      client.id,
      q.redirect_uri,
      q.scope,
      q.state || null,
      q.resource || null,
      q.code_challenge,
      q.code_challenge_method.toLowerCase(),
      q.nonce || null,
      svc.settings.oauthServer.authorizationTtlMs / 1000,
    ],
  );
  const path = svc.settings.oauthServer.authorizationPath;
  if (!path) {
    return c.redirect(
      errorRedirect(
        q.redirect_uri,
        'server_error',
        'oauth authorization path not configured',
        q.state,
      ),
      302,
    );
  }
  const base = svc.settings.siteUrl.replace(/\/+$/, '');
  const consent = `${base}${path.startsWith('/') ? path : `/${path}`}`;
  return c.redirect(`${consent}?authorization_id=${authorizationId}`, 302);
}

const notFound = () =>
  new AuthHttpError(404, 'oauth_authorization_not_found', 'authorization not found');

/** GoTrue's origin check: a browser's `Origin` must be an allowed redirect URL. */
function checkOrigin(svc: AuthService, c: Context): void {
  const origin = c.req.header('origin');
  if (origin && resolveRedirect(svc.settings, origin) !== origin) {
    throw validationFailed('unauthorized request origin');
  }
}

/** A pending, unexpired authorization (an expired one is marked so and reported missing). */
async function pendingAuthorization(db: Queryable, id: string): Promise<AuthorizationRow> {
  if (!id) throw validationFailed('authorization_id is required');
  const r = await db.query<AuthorizationRow>(
    'select * from auth.oauth_authorizations where authorization_id = $1',
    [id],
  );
  const a = r.rows[0];
  if (!a) throw notFound();
  if (new Date(a.expires_at).getTime() <= Date.now()) {
    await db.query(`update auth.oauth_authorizations set status = 'expired' where id = $1`, [a.id]);
    throw notFound();
  }
  if (a.status !== 'pending') {
    throw validationFailed('authorization request cannot be processed');
  }
  return a;
}

/** Approves: a fresh code, and the URL that hands it (and the state) to the client. */
async function approve(db: Queryable, a: AuthorizationRow): Promise<string> {
  const code = randomToken(32);
  await db.query(
    `update auth.oauth_authorizations set status = 'approved', authorization_code = $2,
       approved_at = now() where id = $1`,
    [a.id, code],
  );
  return withQuery(a.redirect_uri, { code, state: a.state ?? undefined });
}

async function clientOf(db: Queryable, a: AuthorizationRow): Promise<OAuthClientRow> {
  const client = await findClient(db, a.client_id);
  if (!client) throw notFound();
  return client;
}

/**
 * `GET /oauth/authorizations/<id>` for the signed-in user: claims the request for the user; if
 * the user already consented to every requested scope it is approved at once (`{ redirect_url }`),
 * else the details a consent page shows.
 *
 * @example
 * return c.json(await authorizationDetails(svc, c, user));
 */
export async function authorizationDetails(
  svc: AuthService,
  c: Context,
  user: UserRow,
): Promise<Record<string, unknown>> {
  checkOrigin(svc, c);
  return svc.ctx.engine.transaction(async (tx) => {
    const a = await pendingAuthorization(tx, c.req.param('id') ?? '');
    if (a.user_id === null) {
      await tx.query('update auth.oauth_authorizations set user_id = $2 where id = $1', [
        a.id,
        user.id,
      ]);
      const consent = await tx.query<{ scopes: string }>(
        `select scopes from auth.oauth_consents
          where user_id = $1 and client_id = $2 and revoked_at is null`,
        [user.id, a.client_id],
      );
      const granted = new Set(scopeList(consent.rows[0]?.scopes ?? ''));
      if (consent.rows[0] && scopeList(a.scope).every((s) => granted.has(s))) {
        return { redirect_url: await approve(tx, a) };
      }
    } else if (a.user_id !== user.id) {
      throw notFound();
    }
    const client = await clientOf(tx, a);
    const userOut: Record<string, unknown> = { id: user.id };
    if (user.email) userOut.email = user.email;
    return {
      authorization_id: a.authorization_id,
      redirect_uri: a.redirect_uri,
      client: clientDetails(client),
      user: userOut,
      scope: a.scope,
    };
  });
}

/**
 * `POST /oauth/authorizations/<id>/consent` with `{ action: 'approve' | 'deny' }`: approving
 * stores the consent and answers the redirect URL with the code; denying answers it with
 * `error=access_denied`.
 *
 * @example
 * return c.json(await consent(svc, c, user, body.action));
 */
export async function consent(
  svc: AuthService,
  c: Context,
  user: UserRow,
  action: unknown,
): Promise<{ redirect_url: string }> {
  checkOrigin(svc, c);
  if (action !== 'approve' && action !== 'deny') {
    throw validationFailed("action must be 'approve' or 'deny'");
  }
  return svc.ctx.engine.transaction(async (tx) => {
    const a = await pendingAuthorization(tx, c.req.param('id') ?? '');
    if (a.user_id !== user.id) throw notFound();
    if (action === 'deny') {
      await tx.query(`update auth.oauth_authorizations set status = 'denied' where id = $1`, [
        a.id,
      ]);
      return {
        redirect_url: errorRedirect(
          a.redirect_uri,
          'access_denied',
          'User denied the request',
          a.state,
        ),
      };
    }
    const url = await approve(tx, a);
    await tx.query(
      `insert into auth.oauth_consents (user_id, client_id, scopes) values ($1, $2, $3)
       on conflict (user_id, client_id)
       do update set scopes = excluded.scopes, granted_at = now(), revoked_at = null`,
      [user.id, a.client_id, scopeList(a.scope).join(' ')],
    );
    return { redirect_url: url };
  });
}
