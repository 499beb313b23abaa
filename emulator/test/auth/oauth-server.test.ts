import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { testEngines } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth]
site_url = "http://127.0.0.1:3000"

[auth.oauth_server]
enabled = true
authorization_url_path = "/oauth/consent"
`;

const REDIRECT = 'http://localhost:4000/callback';

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe.each(testEngines())('auth: the OAuth 2.1 server on %s', (engine) => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator(CONFIG, engine);
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  const createClient = async (body: Record<string, unknown> = {}) =>
    (
      await api.post(
        '/admin/oauth/clients',
        { client_name: 'Test app', redirect_uris: [REDIRECT], ...body },
        api.admin(),
      )
    ).body;

  /** The form POST an OAuth client library sends to /oauth/token. */
  const token = async (form: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${emu.url}/auth/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: await res.json() };
  };

  const signUp = async () =>
    (await api.post('/signup', { email: newEmail('oauth'), password: 'secret-pw' })).body;

  /** `/oauth/authorize` → the authorization id in the consent page's URL. */
  const startAuthorization = async (clientId: string, challenge: string, extra = {}) => {
    const res = await api.get('/oauth/authorize', {
      query: {
        client_id: clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'email',
        state: 'st-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...extra,
      },
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:3000/oauth/consent');
    return location.searchParams.get('authorization_id')!;
  };

  /** Through consent to the code handed back to the client. */
  const codeFor = async (clientId: string, accessToken: string, challenge: string) => {
    const id = await startAuthorization(clientId, challenge);
    await api.get(`/oauth/authorizations/${id}`, { token: accessToken });
    const approved = await api.post(
      `/oauth/authorizations/${id}/consent`,
      { action: 'approve' },
      { token: accessToken },
    );
    return new URL(approved.body.redirect_url).searchParams.get('code')!;
  };

  it('admin clients: create returns the secret once; get, list, update, regenerate, delete', async () => {
    const created = await createClient({ client_uri: 'https://app.example' });
    expect(created).toMatchObject({
      client_type: 'confidential',
      token_endpoint_auth_method: 'client_secret_basic',
      registration_type: 'manual',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      client_name: 'Test app',
      client_uri: 'https://app.example',
    });
    expect(created.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const got = await api.get(`/admin/oauth/clients/${created.client_id}`, api.admin());
    expect(got.status).toBe(200);
    expect(got.body.client_secret).toBeUndefined();
    const list = await api.get('/admin/oauth/clients', api.admin());
    expect(list.body.clients.map((c: { client_id: string }) => c.client_id)).toContain(
      created.client_id,
    );
    const updated = await api.put(
      `/admin/oauth/clients/${created.client_id}`,
      { client_name: 'Renamed', token_endpoint_auth_method: 'client_secret_post' },
      api.admin(),
    );
    expect(updated.body).toMatchObject({
      client_name: 'Renamed',
      token_endpoint_auth_method: 'client_secret_post',
    });
    const regenerated = await api.post(
      `/admin/oauth/clients/${created.client_id}/regenerate_secret`,
      {},
      api.admin(),
    );
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(regenerated.body.client_secret).not.toBe(created.client_secret);
    const deleted = await api.del(
      `/admin/oauth/clients/${created.client_id}`,
      undefined,
      api.admin(),
    );
    expect(deleted.status).toBe(204);
    const gone = await api.get(`/admin/oauth/clients/${created.client_id}`, api.admin());
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('oauth_client_not_found');
  });

  it('admin clients: refusals as GoTrue words them', async () => {
    const anon = await api.get('/admin/oauth/clients');
    expect(anon.status).toBe(403);
    expect(anon.body.code).toBe('not_admin');
    const noUris = await api.post('/admin/oauth/clients', { client_name: 'x' }, api.admin());
    expect(noUris.status).toBe(400);
    expect(noUris.body).toMatchObject({
      code: 'validation_failed',
      message: 'redirect_uris is required',
    });
    const http = await api.post(
      '/admin/oauth/clients',
      { redirect_uris: ['http://app.example/cb'] },
      api.admin(),
    );
    expect(http.body.message).toBe(
      "invalid redirect_uri 'http://app.example/cb': HTTP scheme only allowed for localhost",
    );
    const inconsistent = await api.post(
      '/admin/oauth/clients',
      {
        redirect_uris: [REDIRECT],
        client_type: 'public',
        token_endpoint_auth_method: 'client_secret_basic',
      },
      api.admin(),
    );
    expect(inconsistent.body.message).toBe(
      "client_type 'public' is inconsistent with token_endpoint_auth_method 'client_secret_basic' (expected client_type 'confidential')",
    );
    const pub = await createClient({ token_endpoint_auth_method: 'none' });
    expect(pub.client_type).toBe('public');
    expect(pub.client_secret).toBeUndefined();
    const regen = await api.post(
      `/admin/oauth/clients/${pub.client_id}/regenerate_secret`,
      {},
      api.admin(),
    );
    expect(regen.body).toMatchObject({
      code: 'validation_failed',
      message: 'Cannot regenerate secret for public client',
    });
    const empty = await api.put(`/admin/oauth/clients/${pub.client_id}`, {}, api.admin());
    expect(empty.body.message).toBe('No fields provided for update');
    const badId = await api.get('/admin/oauth/clients/not-a-uuid', api.admin());
    expect(badId.body).toMatchObject({
      code: 'validation_failed',
      message: 'invalid client_id format',
    });
  });

  it('the whole flow: authorize, consent, code exchange with PKCE, refresh, grants, revoke', async () => {
    const client = await createClient();
    const session = await signUp();
    const { verifier, challenge } = pkcePair();
    const id = await startAuthorization(client.client_id, challenge);

    const details = await api.get(`/oauth/authorizations/${id}`, { token: session.access_token });
    expect(details.status).toBe(200);
    expect(details.body).toEqual({
      authorization_id: id,
      redirect_uri: REDIRECT,
      client: { id: client.client_id, name: 'Test app' },
      user: { id: session.user.id, email: session.user.email },
      scope: 'email',
    });
    const approved = await api.post(
      `/oauth/authorizations/${id}/consent`,
      { action: 'approve' },
      { token: session.access_token },
    );
    expect(approved.status).toBe(200);
    const back = new URL(approved.body.redirect_url);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;

    const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;
    const exchanged = await token(
      { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT },
      { authorization: basic },
    );
    expect(exchanged.status).toBe(200);
    expect(Object.keys(exchanged.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type',
    ]);
    const claims = jwtPayload(exchanged.body.access_token);
    expect(claims).toMatchObject({
      sub: session.user.id,
      client_id: client.client_id,
      role: 'authenticated',
    });
    expect(claims.amr[0].method).toBe('oauth_provider/authorization_code');
    // The access token is a normal session token: /user accepts it.
    expect((await api.get('/user', { token: exchanged.body.access_token })).body.id).toBe(
      session.user.id,
    );
    const replay = await token(
      { grant_type: 'authorization_code', code, code_verifier: verifier },
      { authorization: basic },
    );
    expect(replay).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
    });

    const refreshed = await token(
      { grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token },
      { authorization: basic },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(exchanged.body.refresh_token);
    expect(jwtPayload(refreshed.body.access_token).client_id).toBe(client.client_id);
    // A first-party refresh token is not the client's to use.
    const firstParty = await token(
      { grant_type: 'refresh_token', refresh_token: session.refresh_token },
      { authorization: basic },
    );
    expect(firstParty.status).toBe(400);
    expect(firstParty.body.error_code).toBe('refresh_token_not_found');

    const grants = await api.get('/user/oauth/grants', { token: session.access_token });
    expect(grants.body).toEqual([
      {
        client: { id: client.client_id, name: 'Test app' },
        scopes: ['email'],
        granted_at: expect.any(String),
      },
    ]);
    // Consent given: the next authorization of the same scopes is approved at once.
    const again = await startAuthorization(client.client_id, pkcePair().challenge);
    const auto = await api.get(`/oauth/authorizations/${again}`, { token: session.access_token });
    expect(new URL(auto.body.redirect_url).searchParams.get('code')).toBeTruthy();

    const revoked = await api.del('/user/oauth/grants', undefined, {
      token: session.access_token,
      query: { client_id: client.client_id },
    });
    expect(revoked.status).toBe(204);
    expect((await api.get('/user/oauth/grants', { token: session.access_token })).body).toEqual([]);
    const afterRevoke = await token(
      { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token },
      { authorization: basic },
    );
    expect(afterRevoke.status).toBe(400);
    const twice = await api.del('/user/oauth/grants', undefined, {
      token: session.access_token,
      query: { client_id: client.client_id },
    });
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('oauth_consent_not_found');
  });

  it('deny redirects with access_denied and the state; the request is then spent', async () => {
    const client = await createClient();
    const session = await signUp();
    const id = await startAuthorization(client.client_id, pkcePair().challenge);
    await api.get(`/oauth/authorizations/${id}`, { token: session.access_token });
    const denied = await api.post(
      `/oauth/authorizations/${id}/consent`,
      { action: 'deny' },
      { token: session.access_token },
    );
    const back = new URL(denied.body.redirect_url);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'User denied the request',
      state: 'st-1',
    });
    const after = await api.get(`/oauth/authorizations/${id}`, { token: session.access_token });
    expect(after.body).toMatchObject({
      code: 'validation_failed',
      message: 'authorization request cannot be processed',
    });
    // Another user cannot see someone else's request.
    const other = await signUp();
    const id2 = await startAuthorization(client.client_id, pkcePair().challenge);
    await api.get(`/oauth/authorizations/${id2}`, { token: session.access_token });
    const foreign = await api.get(`/oauth/authorizations/${id2}`, { token: other.access_token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('oauth_authorization_not_found');
  });

  it('token endpoint: wrong verifier, wrong redirect_uri, wrong secret, wrong auth method; public clients', async () => {
    const client = await createClient({ token_endpoint_auth_method: 'client_secret_post' });
    const session = await signUp();
    const pair = pkcePair();
    const code = await codeFor(client.client_id, session.access_token, pair.challenge);
    const post = { client_id: client.client_id, client_secret: client.client_secret };
    expect(
      await token({
        ...post,
        grant_type: 'authorization_code',
        code,
        code_verifier: pkcePair().verifier,
      }),
    ).toEqual({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'PKCE verification failed: code_verifier does not match code_challenge',
      },
    });
    expect(
      await token({
        ...post,
        grant_type: 'authorization_code',
        code,
        code_verifier: pair.verifier,
        redirect_uri: 'http://localhost:4000/other',
      }),
    ).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid redirect_uri' },
    });
    const wrongSecret = await token({
      ...post,
      client_secret: 'nope',
      grant_type: 'authorization_code',
      code,
    });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body).toMatchObject({
      error_code: 'invalid_credentials',
      msg: 'invalid client credentials',
    });
    const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;
    const wrongMethod = await token(
      { grant_type: 'authorization_code', code },
      { authorization: basic },
    );
    expect(wrongMethod.body.msg).toBe(
      "invalid authentication method: client is registered for 'client_secret_post' but 'client_secret_basic' was used",
    );
    // The code survived the failed attempts and still works with the right verifier.
    const ok = await token({
      ...post,
      grant_type: 'authorization_code',
      code,
      code_verifier: pair.verifier,
    });
    expect(ok.status).toBe(200);

    const pub = await createClient({ token_endpoint_auth_method: 'none' });
    const p2 = pkcePair();
    const code2 = await codeFor(pub.client_id, session.access_token, p2.challenge);
    const publicOk = await token({
      client_id: pub.client_id,
      grant_type: 'authorization_code',
      code: code2,
      code_verifier: p2.verifier,
    });
    expect(publicOk.status).toBe(200);
    expect(jwtPayload(publicOk.body.access_token).client_id).toBe(pub.client_id);
    const missing = await token({ grant_type: 'authorization_code', code: code2 });
    expect(missing.body.msg).toBe('Invalid client credentials: client_id is required');
  });

  it('authorize: bad client or redirect_uri answered as JSON; other problems redirected to the client', async () => {
    const client = await createClient();
    const unknown = await api.get('/oauth/authorize', {
      query: { client_id: '00000000-0000-4000-8000-000000000000', redirect_uri: REDIRECT },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      code: 'oauth_client_not_found',
      message: 'invalid client_id',
    });
    const wrongRedirect = await api.get('/oauth/authorize', {
      query: { client_id: client.client_id, redirect_uri: 'http://localhost:4000/evil' },
    });
    expect(wrongRedirect.body).toMatchObject({
      code: 'validation_failed',
      message: 'invalid redirect_uri',
    });
    const noPkce = await api.get('/oauth/authorize', {
      query: { client_id: client.client_id, redirect_uri: REDIRECT, state: 's' },
    });
    expect(noPkce.status).toBe(302);
    expect(Object.fromEntries(new URL(noPkce.headers.get('location')!).searchParams)).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE flow requires both code_challenge and code_challenge_method',
      state: 's',
    });
    const badScope = await api.get('/oauth/authorize', {
      query: {
        client_id: client.client_id,
        redirect_uri: REDIRECT,
        scope: 'admin',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      },
    });
    expect(new URL(badScope.headers.get('location')!).searchParams.get('error_description')).toBe(
      'unsupported scope: admin',
    );
  });
});

describe('auth: the OAuth 2.1 server when disabled (the default)', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    emu = await startAuthEmulator('');
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  it('answers 404 feature_disabled, after the admin check on admin routes', async () => {
    for (const res of [
      await api.get('/admin/oauth/clients', api.admin()),
      await api.get('/oauth/authorize', { query: { client_id: 'x', redirect_uri: REDIRECT } }),
      await api.post('/oauth/token', {}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'feature_disabled', message: 'OAuth server is disabled' });
    }
    expect((await api.get('/admin/oauth/clients')).body.code).toBe('not_admin');
  });

  it('GOTRUE_OAUTH_SERVER_ENABLED=true turns it on', async () => {
    const on = await startAuthEmulator('', 'pglite', { GOTRUE_OAUTH_SERVER_ENABLED: 'true' });
    try {
      const res = await authApi(on).get('/admin/oauth/clients', authApi(on).admin());
      expect(res).toMatchObject({ status: 200, body: {} });
    } finally {
      await on.stop();
    }
  });
});
