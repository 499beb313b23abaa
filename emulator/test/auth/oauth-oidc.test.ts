import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

const REDIRECT = 'http://localhost:4000/callback';
const OIDC_CONFIG = `
[auth]
site_url = "http://127.0.0.1:3000"
signing_keys_path = "./signing_keys.json"

[auth.oauth_server]
enabled = true
allow_dynamic_registration = true
`;
const HS256_CONFIG = `
[auth]
site_url = "http://127.0.0.1:3000"

[auth.oauth_server]
enabled = true
`;

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An emulator whose project signs with an ES256 key, as GoTrue needs for id tokens. */
async function startWithSigningKey(engine: 'pglite' | 'postgres'): Promise<EmulatorHandle> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'auth-oidc-'));
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'oidc-es256', alg: 'ES256', use: 'sig' };
  await writeFile(join(dir, 'signing_keys.json'), JSON.stringify([jwk]));
  await writeFile(join(dir, 'config.toml'), OIDC_CONFIG);
  return startTestEmulator({ projectDir: dir, engine });
}

/** The steps of an OAuth client and its user, against one emulator. */
function flow(emu: EmulatorHandle) {
  const api = authApi(emu);
  return {
    api,
    async client(body: Record<string, unknown> = {}) {
      return (
        await api.post(
          '/admin/oauth/clients',
          { client_name: 'OIDC app', redirect_uris: [REDIRECT], ...body },
          api.admin(),
        )
      ).body;
    },
    async user(data: Record<string, unknown> = {}) {
      return (await api.post('/signup', { email: newEmail('oidc'), password: 'secret-pw', data }))
        .body;
    },
    /** authorize → details → approve → the code. */
    async code(clientId: string, token: string, scope: string, challenge: string, nonce?: string) {
      const query: Record<string, string> = {
        client_id: clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      };
      if (nonce) query.nonce = nonce;
      const res = await api.get('/oauth/authorize', { query });
      const id = new URL(res.headers.get('location')!).searchParams.get('authorization_id')!;
      await api.get(`/oauth/authorizations/${id}`, { token });
      const approved = await api.post(
        `/oauth/authorizations/${id}/consent`,
        { action: 'approve' },
        { token },
      );
      return new URL(approved.body.redirect_url).searchParams.get('code')!;
    },
    async token(form: Record<string, string>, clientId: string, secret: string) {
      const res = await fetch(`${emu.url}/auth/v1/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}

describe.each(testEngines())('auth: OpenID Connect on the OAuth 2.1 server on %s', (engine) => {
  let emu: EmulatorHandle;
  let f: ReturnType<typeof flow>;
  beforeAll(async () => {
    emu = await startWithSigningKey(engine);
    f = flow(emu);
  });
  afterAll(() => emu?.stop());

  it('discovery: openid-configuration and oauth-authorization-server serve the same document', async () => {
    const issuer = `${emu.url}/auth/v1`;
    const oidc = await f.api.get('/.well-known/openid-configuration');
    expect(oidc.status).toBe(200);
    expect(oidc.headers.get('cache-control')).toBe('public, max-age=600');
    expect(oidc.body).toEqual({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      userinfo_endpoint: `${issuer}/oauth/userinfo`,
      registration_endpoint: `${issuer}/oauth/clients/register`,
      scopes_supported: ['openid', 'profile', 'email', 'phone'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'HS256', 'ES256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      claims_supported: expect.arrayContaining(['sub', 'nonce', 'email_verified', 'auth_time']),
      code_challenge_methods_supported: ['S256', 'plain'],
    });
    const rfc8414 = await f.api.get('/.well-known/oauth-authorization-server');
    expect(rfc8414.body).toEqual(oidc.body);
  });

  it('dynamic registration: anyone may register; the answer is the client with registration_type dynamic', async () => {
    const res = await fetch(`${emu.url}/auth/v1/oauth/clients/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Agent', redirect_uris: [REDIRECT] }),
    });
    expect(res.status).toBe(201);
    const client = await res.json();
    expect(client).toMatchObject({
      client_name: 'Agent',
      registration_type: 'dynamic',
      client_type: 'confidential',
      redirect_uris: [REDIRECT],
    });
    expect(client.client_secret).toBeTruthy();
    const pub = await f.api.post('/oauth/clients/register', {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    });
    expect(pub.status).toBe(201);
    expect(pub.body.client_type).toBe('public');
    expect(pub.body.client_secret).toBeUndefined();
    const bad = await f.api.post('/oauth/clients/register', { client_name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'validation_failed',
      message: 'redirect_uris is required',
    });
    const listed = await f.api.get(`/admin/oauth/clients/${client.client_id}`, f.api.admin());
    expect(listed.body.registration_type).toBe('dynamic');
  });

  it('id_token: with openid, signed with the project key, aud = the client, nonce and scope claims; none without openid', async () => {
    const client = await f.client();
    const session = await f.user({ name: 'Ada', avatar_url: 'https://img.example/ada.png' });
    const { verifier, challenge } = pkcePair();
    const code = await f.code(
      client.client_id,
      session.access_token,
      'openid email profile',
      challenge,
      'n-0S6_WzA2Mj',
    );
    const before = Math.floor(Date.now() / 1000);
    const res = await f.token(
      { grant_type: 'authorization_code', code, code_verifier: verifier },
      client.client_id,
      client.client_secret,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'token_type',
    ]);
    const jwks = createLocalJWKSet((await f.api.get('/.well-known/jwks.json')).body);
    const { payload, protectedHeader } = await jwtVerify(res.body.id_token, jwks, {
      issuer: `${emu.url}/auth/v1`,
      audience: client.client_id,
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'oidc-es256' });
    expect(payload).toMatchObject({
      sub: session.user.id,
      aud: client.client_id,
      client_id: client.client_id,
      nonce: 'n-0S6_WzA2Mj',
      email: session.user.email,
      email_verified: true,
      phone_number_verified: false,
      name: 'Ada',
      picture: 'https://img.example/ada.png',
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.auth_time).toBeGreaterThanOrEqual(before);
    expect(payload.phone_number).toBeUndefined();

    // A refresh answers no id token, as GoTrue's refresh grant.
    const refreshed = await f.token(
      { grant_type: 'refresh_token', refresh_token: res.body.refresh_token },
      client.client_id,
      client.client_secret,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.id_token).toBeUndefined();

    const plain = pkcePair();
    const other = await f.client();
    const emailOnly = await f.code(other.client_id, session.access_token, 'email', plain.challenge);
    const noOpenid = await f.token(
      { grant_type: 'authorization_code', code: emailOnly, code_verifier: plain.verifier },
      other.client_id,
      other.client_secret,
    );
    expect(noOpenid.status).toBe(200);
    expect(noOpenid.body.id_token).toBeUndefined();
  });

  it("userinfo: sub and the claims of the session's scopes; a first-party session gets sub alone", async () => {
    const client = await f.client();
    const session = await f.user({ name: 'Grace', preferred_username: 'grace' });
    const { verifier, challenge } = pkcePair();
    const code = await f.code(
      client.client_id,
      session.access_token,
      'openid email profile',
      challenge,
    );
    const tokens = (
      await f.token(
        { grant_type: 'authorization_code', code, code_verifier: verifier },
        client.client_id,
        client.client_secret,
      )
    ).body;
    const info = await f.api.get('/oauth/userinfo', { token: tokens.access_token });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      sub: session.user.id,
      email: session.user.email,
      email_verified: true,
      name: 'Grace',
      preferred_username: 'grace',
      updated_at: expect.any(Number),
      user_metadata: expect.objectContaining({ name: 'Grace', preferred_username: 'grace' }),
    });
    const firstParty = await f.api.get('/oauth/userinfo', { token: session.access_token });
    expect(firstParty.body).toEqual({ sub: session.user.id });
    expect(jwtPayload(tokens.access_token).client_id).toBe(client.client_id);
  });
});

describe.each(testEngines())('auth: the OAuth 2.1 server with HS256 only on %s', (engine) => {
  let emu: EmulatorHandle;
  let f: ReturnType<typeof flow>;
  beforeAll(async () => {
    emu = await startAuthEmulator(HS256_CONFIG, engine);
    f = flow(emu);
  });
  afterAll(() => emu?.stop());

  it('openid with an HS256 project: 500 "Error generating ID token", and the code is spent', async () => {
    const client = await f.client();
    const session = await f.user();
    const { verifier, challenge } = pkcePair();
    const code = await f.code(client.client_id, session.access_token, 'openid email', challenge);
    const form = { grant_type: 'authorization_code', code, code_verifier: verifier };
    const res = await f.token(form, client.client_id, client.client_secret);
    expect(res.status).toBe(500);
    // The legacy error shape: an OAuth client sends no X-Supabase-Api-Version.
    expect(res.body).toEqual({
      code: 500,
      error_code: 'unexpected_failure',
      msg: 'Error generating ID token',
    });
    const again = await f.token(form, client.client_id, client.client_secret);
    expect(again).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
    });
  });

  it('dynamic registration off: 403 oauth_dynamic_client_registration_disabled; no registration_endpoint', async () => {
    const res = await f.api.post('/oauth/clients/register', { redirect_uris: [REDIRECT] });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'oauth_dynamic_client_registration_disabled',
      message: 'Dynamic client registration is not enabled',
    });
    const doc = await f.api.get('/.well-known/oauth-authorization-server');
    expect(doc.status).toBe(200);
    expect(doc.body.registration_endpoint).toBeUndefined();
  });
});

describe('auth: discovery with the OAuth server off', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startAuthEmulator('[auth]\nsite_url = "http://127.0.0.1:3000"\n');
  });
  afterAll(() => emu?.stop());

  it('openid-configuration is still served (no registration_endpoint); the RFC 8414 document and userinfo are feature_disabled', async () => {
    const api = authApi(emu);
    const oidc = await api.get('/.well-known/openid-configuration');
    expect(oidc.status).toBe(200);
    expect(oidc.body.issuer).toBe(`${emu.url}/auth/v1`);
    expect(oidc.body.registration_endpoint).toBeUndefined();
    for (const path of ['/.well-known/oauth-authorization-server', '/oauth/userinfo']) {
      const res = await api.get(path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('feature_disabled');
    }
  });
});
