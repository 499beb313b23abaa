import { lastValueFrom, of, throwError, type Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthCore } from '../../../../src/auth/auth-core.js';
import type { AuthApi } from '../../../../src/auth/auth-api.js';
import {
  AuthApiError,
  AuthSessionMissingError,
  AuthValidationError,
} from '../../../../src/auth/errors.js';
import {
  OAuthServerApi,
  type OAuthServerApiContext,
} from '../../../../src/auth/oauth-server/index.js';
import type { Session } from '../../../../src/auth/types.js';
import { makeJwt, USER } from '../helpers.js';
import { apiWith, CLIENT_ID, hangingFetch, KEY, reply, URL_BASE } from './fixtures.js';

// AuthClient hands its AuthCore over as the context: this line stops compiling if it no longer fits.
const coreFits: (core: AuthCore) => OAuthServerApiContext = (core) => core;
void coreFits;

const TOKEN = makeJwt({ sub: USER.id, exp: 4_000_000_000, role: 'authenticated' });
const SESSION = {
  access_token: TOKEN,
  refresh_token: 'rt',
  expires_in: 3600,
  expires_at: 4_000_000_000,
  token_type: 'bearer',
  user: USER,
} as unknown as Session;

const DETAILS = {
  authorization_id: 'auth-id-1',
  redirect_uri: 'http://localhost:4000/cb',
  client: { id: CLIENT_ID, name: 'App', uri: '', logo_uri: '' },
  user: { id: USER.id, email: USER.email },
  scope: 'openid email',
};

function userApi(
  api: AuthApi,
  options: { signedIn?: boolean; redirect?: (url: string) => void } = {},
) {
  const requireSession = vi.fn(() =>
    options.signedIn === false ? throwError(() => new AuthSessionMissingError()) : of(SESSION),
  );
  const redirect = options.redirect;
  return {
    oauth: new OAuthServerApi({ api, requireSession }, redirect ? { redirect } : {}),
    requireSession,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('OAuthServerApi requests', () => {
  it('getAuthorizationDetails: GET /oauth/authorizations/<id> with the user token; emits the details', async () => {
    const { api, requests } = apiWith(() => reply(200, DETAILS));
    const { oauth } = userApi(api);
    expect(await lastValueFrom(oauth.getAuthorizationDetails('auth-id-1'))).toEqual(DETAILS);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: `${URL_BASE}/oauth/authorizations/auth-id-1`,
      body: undefined,
    });
    expect(requests[0].headers).toMatchObject({
      apikey: KEY,
      authorization: `Bearer ${TOKEN}`,
      'x-supabase-api-version': '2024-01-01',
    });
    expect(requests[0].headers['content-type']).toBeUndefined();
  });

  it('getAuthorizationDetails: an earlier consent answers { redirect_url }, emitted as is', async () => {
    const { api } = apiWith(() => reply(200, { redirect_url: 'http://localhost:4000/cb?code=c' }));
    const redirect = vi.fn();
    const { oauth } = userApi(api, { redirect });
    expect(await lastValueFrom(oauth.getAuthorizationDetails('a'))).toEqual({
      redirect_url: 'http://localhost:4000/cb?code=c',
    });
    // Only the consent methods navigate, as in auth-js.
    expect(redirect).not.toHaveBeenCalled();
  });

  it('approveAuthorization: POST …/consent { action: approve }; goes to redirect_url', async () => {
    const url = 'http://localhost:4000/cb?code=xyz&state=s';
    const { api, requests } = apiWith(() => reply(200, { redirect_url: url }));
    const redirect = vi.fn();
    const { oauth } = userApi(api, { redirect });
    expect(await lastValueFrom(oauth.approveAuthorization('auth-id-1'))).toEqual({
      redirect_url: url,
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `${URL_BASE}/oauth/authorizations/auth-id-1/consent`,
      body: { action: 'approve' },
    });
    expect(requests[0].headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json;charset=UTF-8',
    });
    expect(redirect).toHaveBeenCalledExactlyOnceWith(url);
  });

  it('denyAuthorization: { action: deny }; skipBrowserRedirect leaves the page alone', async () => {
    const url = 'http://localhost:4000/cb?error=access_denied';
    const { api, requests } = apiWith(() => reply(200, { redirect_url: url }));
    const redirect = vi.fn();
    const { oauth } = userApi(api, { redirect });
    expect(
      await lastValueFrom(oauth.denyAuthorization('auth-id-1', { skipBrowserRedirect: true })),
    ).toEqual({ redirect_url: url });
    expect(requests[0].body).toEqual({ action: 'deny' });
    expect(redirect).not.toHaveBeenCalled();
  });

  it('listGrants: GET /user/oauth/grants; emits the array', async () => {
    const grants = [
      { client: DETAILS.client, scopes: ['email'], granted_at: '2026-01-01T00:00:00.000Z' },
    ];
    const { api, requests } = apiWith(() => reply(200, grants));
    const { oauth } = userApi(api);
    expect(await lastValueFrom(oauth.listGrants())).toEqual(grants);
    expect(requests[0]).toMatchObject({ method: 'GET', url: `${URL_BASE}/user/oauth/grants` });
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('revokeGrant: DELETE /user/oauth/grants?client_id=…; a 204 emits {}', async () => {
    const { api, requests } = apiWith(() => new Response(null, { status: 204 }));
    const { oauth } = userApi(api);
    expect(await lastValueFrom(oauth.revokeGrant({ clientId: CLIENT_ID }))).toEqual({});
    expect(requests[0]).toMatchObject({
      method: 'DELETE',
      url: `${URL_BASE}/user/oauth/grants?client_id=${CLIENT_ID}`,
      query: { client_id: CLIENT_ID },
      body: undefined,
    });
  });

  it('the authorization id is one path segment', async () => {
    const { api, requests } = apiWith(() => reply(200, DETAILS));
    const { oauth } = userApi(api);
    await lastValueFrom(oauth.getAuthorizationDetails('a/b?c'));
    expect(requests[0].url).toBe(`${URL_BASE}/oauth/authorizations/a%2Fb%3Fc`);
  });
});

describe('OAuthServerApi streams', () => {
  it('is cold: nothing is sent before subscribe, each subscription sends again', async () => {
    const { api, requests } = apiWith(() => reply(200, []));
    const { oauth, requireSession } = userApi(api);
    const grants$ = oauth.listGrants();
    expect(requests).toHaveLength(0);
    expect(requireSession).not.toHaveBeenCalled();
    await lastValueFrom(grants$);
    await lastValueFrom(grants$);
    expect(requests).toHaveLength(2);
  });

  it('unsubscribing aborts the request', async () => {
    const { api, signals } = hangingFetch();
    const { oauth } = userApi(api);
    const sub = oauth.approveAuthorization('auth-id-1').subscribe();
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    expect(signals[0].aborted).toBe(false);
    sub.unsubscribe();
    expect(signals[0].aborted).toBe(true);
  });

  it('without a session: AuthSessionMissingError and no request', async () => {
    const { api, requests } = apiWith(() => reply(200, []));
    const { oauth } = userApi(api, { signedIn: false });
    await expect(lastValueFrom(oauth.listGrants())).rejects.toBeInstanceOf(AuthSessionMissingError);
    await expect(lastValueFrom(oauth.revokeGrant({ clientId: CLIENT_ID }))).rejects.toBeInstanceOf(
      AuthSessionMissingError,
    );
    expect(requests).toHaveLength(0);
  });

  it('bad arguments: AuthValidationError on subscribe, never a throw from the call; no request', async () => {
    const { api, requests } = apiWith(() => reply(200, {}));
    const { oauth } = userApi(api);
    const calls: Array<() => Observable<unknown>> = [
      () => oauth.getAuthorizationDetails(''),
      () => oauth.approveAuthorization(undefined as unknown as string),
      () => oauth.denyAuthorization(42 as unknown as string),
      () => oauth.revokeGrant({} as { clientId: string }),
      () => oauth.revokeGrant(undefined as unknown as { clientId: string }),
    ];
    for (const call of calls) {
      const stream = call();
      const error = await lastValueFrom(stream).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthValidationError);
      expect((error as AuthValidationError).code).toBe('validation_failed');
    }
    expect(requests).toHaveLength(0);
  });

  it("the server's refusal is an AuthApiError with its status and code", async () => {
    const { api } = apiWith(() =>
      reply(404, { code: 'oauth_authorization_not_found', msg: 'authorization not found' }),
    );
    const redirect = vi.fn();
    const { oauth } = userApi(api, { redirect });
    const error = await lastValueFrom(oauth.approveAuthorization('nope')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'oauth_authorization_not_found',
      message: 'authorization not found',
    });
    expect(redirect).not.toHaveBeenCalled();
  });
});

describe('OAuthServerApi default navigation', () => {
  const url = 'http://localhost:4000/cb?code=c';

  it('outside a browser nothing navigates', async () => {
    const { api } = apiWith(() => reply(200, { redirect_url: url }));
    const assign = vi.fn();
    vi.stubGlobal('window', { location: { assign } }); // a window but no document: not a page
    const oauth = new OAuthServerApi({ api, requireSession: () => of(SESSION) });
    await lastValueFrom(oauth.approveAuthorization('a'));
    expect(assign).not.toHaveBeenCalled();
  });

  it('in a browser the page goes to redirect_url, unless skipBrowserRedirect', async () => {
    const { api } = apiWith(() => reply(200, { redirect_url: url }));
    const assign = vi.fn();
    vi.stubGlobal('window', { location: { assign } });
    vi.stubGlobal('document', {});
    const oauth = new OAuthServerApi({ api, requireSession: () => of(SESSION) });
    await lastValueFrom(oauth.approveAuthorization('a', { skipBrowserRedirect: true }));
    expect(assign).not.toHaveBeenCalled();
    await lastValueFrom(oauth.denyAuthorization('a'));
    expect(assign).toHaveBeenCalledExactlyOnceWith(url);
  });
});
