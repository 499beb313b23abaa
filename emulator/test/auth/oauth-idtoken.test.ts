import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorHandle } from '../../src/index.js';
import { authApi, jwtPayload, newEmail, startAuthEmulator } from './helpers.js';

const CONFIG = `
[auth]
site_url = "http://localhost:3000"
additional_redirect_urls = ["https://app.example.com/**"]
enable_manual_linking = true
[auth.external.github]
enabled = true
client_id = "x"
secret = "y"
[auth.external.google]
enabled = true
`;

const pkcePair = () => {
  const verifier = randomBytes(48).toString('hex');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe('auth: OAuth through the emulated provider, SSO, id tokens, identity linking', () => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof authApi>;
  beforeAll(async () => {
    // SAML is off by default, as with the CLI; GoTrue's own switch turns it on.
    emu = await startAuthEmulator(CONFIG, 'pglite', { GOTRUE_SAML_ENABLED: 'true' });
    api = authApi(emu);
  });
  afterAll(() => emu?.stop());

  /** Follows /authorize → provider page → approve → /callback and returns the final Location. */
  async function oauthRoundTrip(
    authorizeUrl: string,
    identity: Record<string, string>,
  ): Promise<string> {
    const first = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const page = await fetch(first.headers.get('location')!);
    const html = await page.text();
    expect(html).toContain('<form');
    const action = /action="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    const state = /name="state" value="([^"]+)"/.exec(html)![1];
    const approve = new URL(action);
    approve.searchParams.set('state', state);
    for (const [k, v] of Object.entries(identity)) approve.searchParams.set(k, v);
    const toCallback = await fetch(approve, { redirect: 'manual' });
    expect(toCallback.headers.get('location')).toContain('/auth/v1/callback?code=');
    const final = await fetch(toCallback.headers.get('location')!, { redirect: 'manual' });
    expect(final.status).toBe(302);
    return final.headers.get('location')!;
  }

  it('implicit OAuth: ends at redirect_to with the session and provider token in the fragment', async () => {
    const email = newEmail('gh');
    const url = `${emu.url}/auth/v1/authorize?provider=github&redirect_to=${encodeURIComponent('https://app.example.com/cb')}&scopes=repo%20user`;
    const location = await oauthRoundTrip(url, { sub: 'gh-42', email, name: 'Octo Cat' });
    expect(location.startsWith('https://app.example.com/cb#')).toBe(true);
    const f = Object.fromEntries(new URLSearchParams(new URL(location).hash.slice(1)));
    expect(f).toMatchObject({
      token_type: 'bearer',
      provider_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const claims = jwtPayload(f.access_token);
    expect(claims.amr[0].method).toBe('oauth');
    expect(claims.app_metadata).toEqual({ provider: 'github', providers: ['github'] });
    const me = await api.get('/user', { token: f.access_token });
    expect(me.body.email).toBe(email);
    expect(me.body.identities[0]).toMatchObject({ provider: 'github', id: 'gh-42' });
    expect(me.body.user_metadata).toMatchObject({ name: 'Octo Cat', email, sub: 'gh-42' });

    // The same provider identity signs the same user in again.
    const again = await oauthRoundTrip(url, { sub: 'gh-42', email });
    const f2 = Object.fromEntries(new URLSearchParams(new URL(again).hash.slice(1)));
    expect(jwtPayload(f2.access_token).sub).toBe(claims.sub);
  });

  it('PKCE OAuth: ends with ?code= that grant_type=pkce exchanges for a session with provider_token', async () => {
    const { verifier, challenge } = pkcePair();
    const url = `${emu.url}/auth/v1/authorize?provider=github&redirect_to=${encodeURIComponent('https://app.example.com/cb')}&code_challenge=${challenge}&code_challenge_method=s256`;
    const location = new URL(await oauthRoundTrip(url, { sub: 'gh-pkce', email: newEmail('ghp') }));
    const code = location.searchParams.get('code')!;
    expect(code).toBeTruthy();
    const res = await api.post(
      '/token',
      { auth_code: code, code_verifier: verifier },
      { query: { grant_type: 'pkce' } },
    );
    expect(res.status).toBe(200);
    expect(res.body.provider_token).toMatch(/^emulated-/);
  });

  it('a denied authorization redirects with error, error_code and error_description', async () => {
    const first = await fetch(
      `${emu.url}/auth/v1/authorize?provider=github&redirect_to=${encodeURIComponent('https://app.example.com/cb')}`,
      { redirect: 'manual' },
    );
    const html = await (await fetch(first.headers.get('location')!)).text();
    const deny = /id="deny" href="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    const toCallback = await fetch(deny, { redirect: 'manual' });
    const final = await fetch(toCallback.headers.get('location')!, { redirect: 'manual' });
    const loc = new URL(final.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('error_code')).toBeTruthy();
    expect(loc.searchParams.get('error_description')).toBeTruthy();
  });

  it('refuses a disabled or unknown provider with 400 validation_failed', async () => {
    const disabled = await api.get('/authorize', { query: { provider: 'gitlab' } });
    expect(disabled.status).toBe(400);
    expect(disabled.body).toEqual({
      code: 'validation_failed',
      message: 'Unsupported provider: provider is not enabled',
    });
    const unknown = await api.get('/authorize', { query: { provider: 'myspace' } });
    expect(unknown.body.message).toBe('Unsupported provider: Provider myspace could not be found');
  });

  it('a forged callback state is refused', async () => {
    const res = await api.get('/callback', { query: { state: 'forged', code: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_oauth_state');
  });

  it('SSO by domain: /sso answers the provider page URL; the round trip signs in an sso user', async () => {
    const res = await api.post('/sso', {
      domain: 'acme.test',
      redirect_to: 'https://app.example.com/sso',
      skip_http_redirect: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.url).toContain('/_emulator/idp/authorize?state=');
    const html = await (await fetch(res.body.url)).text();
    const state = /name="state" value="([^"]+)"/.exec(html)![1];
    const approve = await fetch(
      `${emu.url}/auth/v1/_emulator/idp/approve?state=${state}&email=ann@acme.test&sub=ann`,
      { redirect: 'manual' },
    );
    const final = await fetch(approve.headers.get('location')!, { redirect: 'manual' });
    const f = Object.fromEntries(
      new URLSearchParams(new URL(final.headers.get('location')!).hash.slice(1)),
    );
    const claims = jwtPayload(f.access_token);
    expect(claims.amr[0].method).toBe('sso/saml');
    expect(claims.app_metadata.provider).toMatch(/^sso:/);
    const neither = await api.post('/sso', {});
    expect(neither.status).toBe(400);
  });

  it('id-token sign-in with a token from the test issuer, nonce checked', async () => {
    const email = newEmail('google');
    const nonce = 'n-0nce';
    const hashed = createHash('sha256').update(nonce).digest('hex');
    const issued = await api.get('/_emulator/id-token', {
      query: { provider: 'google', sub: 'g-1', email, nonce: hashed },
    });
    expect(issued.status).toBe(200);
    const idToken = issued.body.id_token;
    const noNonce = await api.post(
      '/token',
      { provider: 'google', id_token: idToken },
      { query: { grant_type: 'id_token' } },
    );
    expect(noNonce.status).toBe(400);
    const wrong = await api.post(
      '/token',
      { provider: 'google', id_token: idToken, nonce: 'other' },
      { query: { grant_type: 'id_token' } },
    );
    expect(wrong.body.message).toBe('Nonces mismatch');
    const ok = await api.post(
      '/token',
      { provider: 'google', id_token: idToken, nonce },
      { query: { grant_type: 'id_token' } },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email, app_metadata: { provider: 'google' } });
  });

  it('id-token sign-in refuses forged, expired and wrong-provider tokens and disabled providers', async () => {
    const issued = await api.get('/_emulator/id-token', {
      query: { provider: 'google', sub: 'g-2' },
    });
    const forged = `${issued.body.id_token.slice(0, -6)}AAAAAA`;
    const r1 = await api.post(
      '/token',
      { provider: 'google', id_token: forged },
      { query: { grant_type: 'id_token' } },
    );
    expect(r1.status).toBe(400);
    expect(r1.body.message).toMatch(/^Bad ID token/);
    const expired = await api.get('/_emulator/id-token', {
      query: { provider: 'google', sub: 'g-2', expires_in: '-60' },
    });
    const r2 = await api.post(
      '/token',
      { provider: 'google', id_token: expired.body.id_token },
      { query: { grant_type: 'id_token' } },
    );
    expect(r2.status).toBe(400);
    const ghToken = await api.get('/_emulator/id-token', {
      query: { provider: 'github', sub: 'x' },
    });
    const r3 = await api.post(
      '/token',
      { provider: 'google', id_token: ghToken.body.id_token },
      { query: { grant_type: 'id_token' } },
    );
    expect(r3.status).toBe(400);
    const apple = await api.get('/_emulator/id-token', { query: { provider: 'apple', sub: 'x' } });
    const r4 = await api.post(
      '/token',
      { provider: 'apple', id_token: apple.body.id_token },
      { query: { grant_type: 'id_token' } },
    );
    expect(r4.body.code).toBe('provider_disabled');
    const jwks = await api.get('/_emulator/issuer/.well-known/jwks.json');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
  });

  it('manual linking: OAuth link via /user/identities/authorize, id-token link, then unlink', async () => {
    const email = newEmail('linker');
    const s = (await api.post('/signup', { email, password: 'secret-pw' })).body;
    const t = { token: s.access_token };
    const auth = await api.get('/user/identities/authorize', {
      ...t,
      query: {
        provider: 'github',
        skip_http_redirect: 'true',
        redirect_to: 'https://app.example.com/linked',
      },
    });
    expect(auth.status).toBe(200);
    const html = await (await fetch(auth.body.url)).text();
    const state = /name="state" value="([^"]+)"/.exec(html)![1];
    const approve = await fetch(
      `${emu.url}/auth/v1/_emulator/idp/approve?state=${state}&sub=link-gh&email=${encodeURIComponent(newEmail('other'))}`,
      { redirect: 'manual' },
    );
    const final = await fetch(approve.headers.get('location')!, { redirect: 'manual' });
    expect(final.headers.get('location')).toContain('https://app.example.com/linked#access_token=');

    const idt = await api.get('/_emulator/id-token', {
      query: { provider: 'google', sub: 'link-g' },
    });
    const linked = await api.post(
      '/token',
      { provider: 'google', id_token: idt.body.id_token, link_identity: true },
      { ...t, query: { grant_type: 'id_token' } },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.user.id).toBe(s.user.id);
    const me = await api.get('/user', t);
    expect(me.body.identities.map((i: { provider: string }) => i.provider).sort()).toEqual([
      'email',
      'github',
      'google',
    ]);
    expect(me.body.app_metadata.providers.sort()).toEqual(['email', 'github', 'google']);

    // Someone else cannot link the same provider identity.
    const other = (await api.post('/signup', { email: newEmail(), password: 'secret-pw' })).body;
    const stolen = await api.post(
      '/token',
      { provider: 'google', id_token: idt.body.id_token, link_identity: true },
      { token: other.access_token, query: { grant_type: 'id_token' } },
    );
    expect(stolen.status).toBe(422);
    expect(stolen.body.code).toBe('identity_already_exists');

    const google = me.body.identities.find((i: { provider: string }) => i.provider === 'google');
    const unlink = await api.del(`/user/identities/${google.identity_id}`, undefined, t);
    expect(unlink.status).toBe(200);
    const after = await api.get('/user', t);
    expect(after.body.identities).toHaveLength(2);
    const missing = await api.del(`/user/identities/${google.identity_id}`, undefined, t);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('identity_not_found');
  });

  it('the last identity cannot be unlinked', async () => {
    const s = (await api.post('/signup', { email: newEmail(), password: 'secret-pw' })).body;
    const res = await api.del(`/user/identities/${s.user.identities[0].identity_id}`, undefined, {
      token: s.access_token,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('single_identity_not_deletable');
  });
});
