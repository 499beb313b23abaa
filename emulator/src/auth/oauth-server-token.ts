import type { Context } from 'hono';
import { AuthHttpError, OAuthGrantError } from './errors.js';
import { scopeList, type AuthorizationRow } from './oauth-server-authorize.js';
import { findClient, isUuid, secretMatches, type OAuthClientRow } from './oauth-server-clients.js';
import { issueIdToken } from './oauth-server-id-token.js';
import { pkceMatches } from './secrets.js';
import { authBase, type AuthService } from './service.js';
import { createSession, issueTokens, refreshGrant, type TokenResponse } from './sessions.js';
import { findUserById } from './users.js';

/** The token request's fields, from a JSON or a form-encoded body. */
type TokenParams = Record<string, string>;

const badCredentials = (message: string) => new AuthHttpError(400, 'invalid_credentials', message);

/** Reads the body once: JSON when the content type says so, else form-encoded. */
async function readParams(c: Context): Promise<TokenParams> {
  const text = await c.req.text();
  const out: TokenParams = {};
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = text.trim() ? JSON.parse(text) : {};
    } catch {
      throw badCredentials('Invalid client credentials: failed to parse JSON body');
    }
    for (const [k, v] of Object.entries((parsed ?? {}) as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
    }
    return out;
  }
  for (const [k, v] of new URLSearchParams(text)) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * GoTrue's `requireOAuthClientAuth`: `client_secret_basic` (the Basic header),
 * `client_secret_post` (`client_secret` in the body) or `none` (only `client_id`), which must be
 * the method the client registered. Failures are 400 `invalid_credentials`.
 */
async function authenticateClient(
  svc: AuthService,
  c: Context,
  params: TokenParams,
): Promise<OAuthClientRow> {
  let id = params.client_id ?? '';
  let secret = params.client_secret ?? '';
  let method = secret ? 'client_secret_post' : 'none';
  const header = c.req.header('authorization') ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at < 0) throw badCredentials('Invalid client credentials: invalid basic auth format');
    id = decoded.slice(0, at);
    secret = decoded.slice(at + 1);
    method = 'client_secret_basic';
  }
  if (!id) throw badCredentials('Invalid client credentials: client_id is required');
  if (!isUuid(id)) throw badCredentials('Invalid client_id format');
  const client = await findClient(svc.ctx.engine, id);
  if (!client) throw badCredentials('Invalid client credentials');
  if (method !== client.token_endpoint_auth_method) {
    throw badCredentials(
      `invalid authentication method: client is registered for '${client.token_endpoint_auth_method}' but '${method}' was used`,
    );
  }
  if (client.client_type === 'public') {
    if (secret) throw badCredentials('public clients must not provide client_secret');
  } else if (!secret) {
    throw badCredentials('confidential clients must provide client_secret');
  } else if (!secretMatches(client.client_secret_hash, secret)) {
    throw badCredentials('invalid client credentials');
  }
  return client;
}

/** GoTrue answers OAuth clients without the user object, whatever the grant. */
const oauthTokens = (t: TokenResponse) => ({
  access_token: t.access_token,
  token_type: t.token_type,
  expires_in: t.expires_in,
  refresh_token: t.refresh_token,
});

async function codeGrant(svc: AuthService, c: Context, client: OAuthClientRow, p: TokenParams) {
  if (!p.code)
    throw new OAuthGrantError('invalid_request', 'code is required for authorization_code grant');
  const db = svc.ctx.engine;
  const r = await db.query<AuthorizationRow>(
    `select * from auth.oauth_authorizations where authorization_code = $1 and status = 'approved'`,
    [p.code],
  );
  const a = r.rows[0];
  if (!a) throw new OAuthGrantError('invalid_grant', 'Invalid authorization code');
  if (new Date(a.expires_at).getTime() <= Date.now()) {
    throw new OAuthGrantError('invalid_grant', 'Authorization code has expired');
  }
  if (a.client_id !== client.id) {
    throw new OAuthGrantError('invalid_grant', 'Authorization code was not issued for this client');
  }
  if (p.resource && p.resource !== (a.resource ?? '')) {
    throw new OAuthGrantError(
      'invalid_grant',
      'Authorization code resource does not match the resource parameter',
    );
  }
  if (p.redirect_uri && p.redirect_uri !== a.redirect_uri) {
    throw new OAuthGrantError('invalid_grant', 'Invalid redirect_uri');
  }
  if (a.code_challenge) {
    if (!p.code_verifier) {
      throw new OAuthGrantError(
        'invalid_grant',
        'PKCE verification failed: code_verifier is required',
      );
    }
    if (!pkceMatches(a.code_challenge_method ?? 's256', a.code_challenge, p.code_verifier)) {
      throw new OAuthGrantError(
        'invalid_grant',
        'PKCE verification failed: code_verifier does not match code_challenge',
      );
    }
  }
  const user = a.user_id ? await findUserById(db, a.user_id) : undefined;
  if (!user) throw new OAuthGrantError('invalid_grant', 'User not found for authorization code');
  if (user.banned_until && new Date(user.banned_until).getTime() > Date.now()) {
    throw new OAuthGrantError('access_denied', 'User is banned');
  }
  const tokens = await db.transaction(async (tx) => {
    // Single use: a second exchange of the code finds nothing.
    const gone = await tx.query(
      'delete from auth.oauth_authorizations where id = $1 returning id',
      [a.id],
    );
    if (gone.rows.length === 0)
      throw new OAuthGrantError('invalid_grant', 'Invalid authorization code');
    const session = await createSession(tx, user.id, 'oauth_provider/authorization_code');
    await tx.query('update auth.sessions set oauth_client_id = $2, scopes = $3 where id = $1', [
      session.id,
      client.id,
      a.scope,
    ]);
    return issueTokens(svc, tx, authBase(c), user, session);
  });
  const scopes = scopeList(a.scope);
  if (!scopes.includes('openid')) return oauthTokens(tokens);
  const idToken = await issueIdToken(svc, {
    issuer: authBase(c),
    user,
    clientId: client.id,
    scopes,
    nonce: a.nonce,
    authTime: Math.floor(Date.now() / 1000),
  });
  return { ...oauthTokens(tokens), id_token: idToken };
}

async function refresh(svc: AuthService, c: Context, client: OAuthClientRow, p: TokenParams) {
  if (!p.refresh_token) {
    throw new OAuthGrantError(
      'invalid_request',
      'refresh_token is required for refresh_token grant',
    );
  }
  const owner = await svc.ctx.engine.query<{ client: string | null }>(
    `select s.oauth_client_id::text as client from auth.refresh_tokens r
       join auth.sessions s on s.id = r.session_id where r.token = $1`,
    [p.refresh_token],
  );
  if (owner.rows[0] && owner.rows[0].client !== client.id) {
    // A token of another client (or of a first-party session) is not this client's to use.
    throw new AuthHttpError(
      400,
      'refresh_token_not_found',
      'Invalid Refresh Token: Refresh Token Not Found',
    );
  }
  svc.limiter.hit('tokenRefresh');
  return oauthTokens(await refreshGrant(svc, authBase(c), p.refresh_token));
}

/**
 * `POST /oauth/token`: `authorization_code` (with the PKCE verifier) and `refresh_token`, for an
 * authenticated client. Grant errors are RFC 6749 bodies `{ error, error_description }` (400).
 *
 * @example
 * app.post('/oauth/token', async (c) => c.json(await oauthToken(svc, c)));
 */
export async function oauthToken(svc: AuthService, c: Context): Promise<Record<string, unknown>> {
  const params = await readParams(c);
  const client = await authenticateClient(svc, c, params);
  const grant = params.grant_type ?? '';
  if (!grant) throw new OAuthGrantError('invalid_request', 'grant_type is required');
  if (!client.grant_types.includes(grant)) {
    throw new OAuthGrantError(
      'unsupported_grant_type',
      `Client is not allowed to use grant type: ${grant}`,
    );
  }
  if (grant === 'authorization_code') return codeGrant(svc, c, client, params);
  if (grant === 'refresh_token') return refresh(svc, c, client, params);
  throw new OAuthGrantError('unsupported_grant_type', `Unsupported grant type: ${grant}`);
}
