import { createHash, randomBytes } from 'node:crypto';
import { lastValueFrom, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { AuthApiError, AuthSessionMissingError, type AuthClient } from 'supabase-rx/auth';
import { AuthApi } from '../../../src/auth/auth-api.js';
import { AdminOAuthApi, OAuthServerApi } from '../../../src/auth/oauth-server/index.js';
import { createTransport } from '../../../src/http/transport.js';
import { CONFIG, claimsOf, newEmail, rxAuth, startAuthEmulator } from './helpers.js';

const REDIRECT = 'http://localhost:4000/callback';

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('supabase-rx auth.oauth and auth.admin.oauth against the emulator', () => {
  let emu: EmulatorHandle;
  let admin: AdminOAuthApi;
  beforeAll(async () => {
    emu = await startAuthEmulator(`${CONFIG}\n[auth.oauth_server]\nenabled = true\n`);
    const key = emu.serviceRoleKey;
    admin = new AdminOAuthApi(
      new AuthApi(
        `${emu.url}/auth/v1`,
        { apikey: key, Authorization: `Bearer ${key}` },
        createTransport({ retry: false }),
      ),
    );
  });
  afterAll(() => emu?.stop());

  /** The user-side API over a signed-in supabase-rx AuthClient's session. */
  function consentApi(auth: AuthClient): OAuthServerApi {
    const api = new AuthApi(
      `${emu.url}/auth/v1`,
      { apikey: emu.anonKey, Authorization: `Bearer ${emu.anonKey}` },
      createTransport({ retry: false }),
    );
    const requireSession = () =>
      auth.getSession().pipe(
        map(({ session }) => {
          if (!session) throw new AuthSessionMissingError();
          return session;
        }),
      );
    return new OAuthServerApi({ api, requireSession });
  }

  async function signedInUser() {
    const auth = rxAuth(emu);
    const email = newEmail('oauth-rx');
    const { user } = await lastValueFrom(auth.signUp({ email, password: 'secret-pw' }));
    return { auth, user: user!, oauth: consentApi(auth) };
  }

  /** What the third-party app does first: send the browser to /oauth/authorize. */
  async function authorize(clientId: string, challenge: string, state = 'st-1') {
    const query = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'email',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await fetch(`${emu.url}/auth/v1/oauth/authorize?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const consentPage = new URL(res.headers.get('location')!);
    expect(consentPage.pathname).toBe('/oauth/consent');
    return consentPage.searchParams.get('authorization_id')!;
  }

  /** The app's back end exchanging the code, as any OAuth library would (form POST, Basic). */
  async function token(form: Record<string, string>, clientId: string, secret: string) {
    const res = await fetch(`${emu.url}/auth/v1/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: await res.json() };
  }

  it('the whole flow: admin registers a client; authorize → details → approve → code → token; grants; revoke', async () => {
    const client = await lastValueFrom(
      admin.createClient({ client_name: 'Rx app', redirect_uris: [REDIRECT] }),
    );
    expect(client).toMatchObject({
      client_name: 'Rx app',
      client_type: 'confidential',
      redirect_uris: [REDIRECT],
    });
    expect(client.client_secret).toBeTruthy();
    const { auth, user, oauth } = await signedInUser();

    const { verifier, challenge } = pkcePair();
    const id = await authorize(client.client_id, challenge);
    const details = await lastValueFrom(oauth.getAuthorizationDetails(id));
    expect(details).toEqual({
      authorization_id: id,
      redirect_uri: REDIRECT,
      client: { id: client.client_id, name: 'Rx app' },
      user: { id: user.id, email: user.email },
      scope: 'email',
    });

    const { redirect_url } = await lastValueFrom(
      oauth.approveAuthorization(id, { skipBrowserRedirect: true }),
    );
    const back = new URL(redirect_url);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;

    const exchanged = await token(
      { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT },
      client.client_id,
      client.client_secret!,
    );
    expect(exchanged.status).toBe(200);
    expect(claimsOf(exchanged.body.access_token)).toMatchObject({
      sub: user.id,
      client_id: client.client_id,
    });

    const grants = await lastValueFrom(oauth.listGrants());
    expect(grants).toEqual([
      {
        client: { id: client.client_id, name: 'Rx app' },
        scopes: ['email'],
        granted_at: expect.any(String),
      },
    ]);
    // Consented before: the next request for the same scopes comes back approved at once.
    const again = await lastValueFrom(
      oauth.getAuthorizationDetails(await authorize(client.client_id, pkcePair().challenge)),
    );
    expect(
      new URL((again as { redirect_url: string }).redirect_url).searchParams.get('code'),
    ).toBeTruthy();

    expect(await lastValueFrom(oauth.revokeGrant({ clientId: client.client_id }))).toEqual({});
    expect(await lastValueFrom(oauth.listGrants())).toEqual([]);
    // Revoking ended the client's session: its refresh token no longer works.
    const refreshed = await token(
      { grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token },
      client.client_id,
      client.client_secret!,
    );
    expect(refreshed.status).toBe(400);
    const twice = await lastValueFrom(oauth.revokeGrant({ clientId: client.client_id })).catch(
      (e: unknown) => e,
    );
    expect(twice).toBeInstanceOf(AuthApiError);
    expect(twice).toMatchObject({ status: 404, code: 'oauth_consent_not_found' });
    auth.dispose();
  });

  it('deny: the redirect carries access_denied and the state; the request is then spent', async () => {
    const client = await lastValueFrom(
      admin.createClient({
        client_name: 'Denied app',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    );
    expect(client.client_type).toBe('public');
    const { auth, oauth } = await signedInUser();
    const id = await authorize(client.client_id, pkcePair().challenge, 'st-deny');
    await lastValueFrom(oauth.getAuthorizationDetails(id));
    const { redirect_url } = await lastValueFrom(
      oauth.denyAuthorization(id, { skipBrowserRedirect: true }),
    );
    const back = new URL(redirect_url);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-deny');
    const spent = await lastValueFrom(oauth.approveAuthorization(id)).catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(AuthApiError);
    expect(spent).toMatchObject({ status: 400, code: 'validation_failed' });
    auth.dispose();
  });

  it('errors: a bad authorization_id is an AuthApiError; signed out is AuthSessionMissingError', async () => {
    const { auth, oauth } = await signedInUser();
    for (const call of [
      oauth.getAuthorizationDetails('no-such-authorization'),
      oauth.approveAuthorization('no-such-authorization'),
    ]) {
      const error = await lastValueFrom(call).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthApiError);
      expect(error).toMatchObject({
        status: 404,
        code: 'oauth_authorization_not_found',
        message: 'authorization not found',
      });
    }
    await lastValueFrom(auth.signOut());
    await expect(lastValueFrom(oauth.listGrants())).rejects.toBeInstanceOf(AuthSessionMissingError);
    auth.dispose();
  });

  it('admin: list, get, update, regenerate the secret, delete; then oauth_client_not_found', async () => {
    const created = await lastValueFrom(
      admin.createClient({
        client_name: 'Managed',
        client_uri: 'https://managed.example',
        redirect_uris: [REDIRECT],
      }),
    );
    const page = await lastValueFrom(admin.listClients());
    expect(page.clients.map((c) => c.client_id)).toContain(created.client_id);
    expect(page.clients.every((c) => c.client_secret === undefined)).toBe(true);
    const got = await lastValueFrom(admin.getClient(created.client_id));
    expect(got).toMatchObject({ client_name: 'Managed', client_uri: 'https://managed.example' });
    expect(got.client_secret).toBeUndefined();
    const updated = await lastValueFrom(
      admin.updateClient(created.client_id, {
        client_name: 'Renamed',
        token_endpoint_auth_method: 'client_secret_post',
      }),
    );
    expect(updated).toMatchObject({
      client_name: 'Renamed',
      token_endpoint_auth_method: 'client_secret_post',
    });
    const regenerated = await lastValueFrom(admin.regenerateClientSecret(created.client_id));
    expect(regenerated.client_secret).toBeTruthy();
    expect(regenerated.client_secret).not.toBe(created.client_secret);
    expect(await lastValueFrom(admin.deleteClient(created.client_id))).toBeUndefined();
    const gone = await lastValueFrom(admin.getClient(created.client_id)).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(AuthApiError);
    expect(gone).toMatchObject({ status: 404, code: 'oauth_client_not_found' });
    expect(
      (await lastValueFrom(admin.listClients())).clients.map((c) => c.client_id),
    ).not.toContain(created.client_id);
    const badId = await lastValueFrom(admin.getClient('not-a-uuid')).catch((e: unknown) => e);
    expect(badId).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('admin with the anon key: AuthApiError not_admin', async () => {
    const anon = new AdminOAuthApi(
      new AuthApi(
        `${emu.url}/auth/v1`,
        { apikey: emu.anonKey, Authorization: `Bearer ${emu.anonKey}` },
        createTransport({ retry: false }),
      ),
    );
    const error = await lastValueFrom(anon.listClients()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 403, code: 'not_admin' });
  });
});
