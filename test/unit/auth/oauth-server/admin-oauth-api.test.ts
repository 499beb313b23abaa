import { lastValueFrom, type Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { AuthApiError, AuthValidationError } from '../../../../src/auth/errors.js';
import { AdminOAuthApi } from '../../../../src/auth/oauth-server/index.js';
import { apiWith, CLIENT_ID, hangingFetch, KEY, reply, URL_BASE } from './fixtures.js';

const CLIENT = {
  client_id: CLIENT_ID,
  client_name: 'App',
  client_type: 'confidential',
  token_endpoint_auth_method: 'client_secret_basic',
  registration_type: 'manual',
  redirect_uris: ['http://localhost:4000/cb'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('AdminOAuthApi requests', () => {
  it('listClients: GET /admin/oauth/clients?page=&per_page=, pagination from Link and X-Total-Count', async () => {
    const link = [
      `<${URL_BASE}/admin/oauth/clients?page=12&per_page=5>; rel="next"`,
      `<${URL_BASE}/admin/oauth/clients?page=40&per_page=5>; rel="last"`,
    ].join(', ');
    const { api, requests } = apiWith(() =>
      reply(200, { clients: [CLIENT], aud: 'authenticated' }, { link, 'x-total-count': '200' }),
    );
    const page = await lastValueFrom(new AdminOAuthApi(api).listClients({ page: 11, perPage: 5 }));
    expect(page).toEqual({
      clients: [CLIENT],
      aud: 'authenticated',
      nextPage: 12,
      lastPage: 40,
      total: 200,
    });
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: `${URL_BASE}/admin/oauth/clients?page=11&per_page=5`,
      body: undefined,
    });
    expect(requests[0].headers).toMatchObject({
      apikey: KEY,
      authorization: `Bearer ${KEY}`,
      'x-supabase-api-version': '2024-01-01',
    });
  });

  it('listClients without arguments sends empty page and per_page; `{}` is no clients', async () => {
    const { api, requests } = apiWith(() => reply(200, {}));
    expect(await lastValueFrom(new AdminOAuthApi(api).listClients())).toEqual({
      clients: [],
      nextPage: null,
      lastPage: 0,
      total: 0,
    });
    expect(requests[0].url).toBe(`${URL_BASE}/admin/oauth/clients?page=&per_page=`);
  });

  it('createClient: POST the parameters as given; emits the client with its secret', async () => {
    const created = { ...CLIENT, client_secret: 's3cret' };
    const { api, requests } = apiWith(() => reply(201, created));
    const params = {
      client_name: 'App',
      redirect_uris: ['http://localhost:4000/cb'],
      scope: 'openid',
      token_endpoint_auth_method: 'client_secret_post' as const,
    };
    expect(await lastValueFrom(new AdminOAuthApi(api).createClient(params))).toEqual(created);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `${URL_BASE}/admin/oauth/clients`,
      body: params,
    });
    expect(requests[0].headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it('getClient, updateClient, regenerateClientSecret: the client path, emits the client', async () => {
    const { api, requests } = apiWith(() => reply(200, CLIENT));
    const admin = new AdminOAuthApi(api);
    expect(await lastValueFrom(admin.getClient(CLIENT_ID))).toEqual(CLIENT);
    expect(await lastValueFrom(admin.updateClient(CLIENT_ID, { client_name: 'B' }))).toEqual(
      CLIENT,
    );
    expect(await lastValueFrom(admin.regenerateClientSecret(CLIENT_ID))).toEqual(CLIENT);
    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', `${URL_BASE}/admin/oauth/clients/${CLIENT_ID}`, undefined],
      ['PUT', `${URL_BASE}/admin/oauth/clients/${CLIENT_ID}`, { client_name: 'B' }],
      ['POST', `${URL_BASE}/admin/oauth/clients/${CLIENT_ID}/regenerate_secret`, undefined],
    ]);
  });

  it('deleteClient: DELETE; a 204 emits undefined and completes', async () => {
    const { api, requests } = apiWith(() => new Response(null, { status: 204 }));
    const seen: unknown[] = [];
    await new Promise<void>((done, fail) =>
      new AdminOAuthApi(api)
        .deleteClient(CLIENT_ID)
        .subscribe({ next: (v) => seen.push(v), error: fail, complete: done }),
    );
    expect(seen).toEqual([undefined]);
    expect(requests[0]).toMatchObject({
      method: 'DELETE',
      url: `${URL_BASE}/admin/oauth/clients/${CLIENT_ID}`,
    });
  });
});

describe('AdminOAuthApi streams and errors', () => {
  it('is cold and unsubscribing aborts', async () => {
    const { api, signals } = hangingFetch();
    const created$ = new AdminOAuthApi(api).createClient({ client_name: 'A', redirect_uris: [] });
    await Promise.resolve();
    expect(signals).toHaveLength(0);
    const sub = created$.subscribe();
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    sub.unsubscribe();
    expect(signals[0].aborted).toBe(true);
  });

  it('bad arguments: AuthValidationError on subscribe; no request', async () => {
    const { api, requests } = apiWith(() => reply(200, CLIENT));
    const admin = new AdminOAuthApi(api);
    const calls: Array<() => Observable<unknown>> = [
      () => admin.listClients({ page: 0 }),
      () => admin.listClients({ perPage: 1.5 }),
      () => admin.createClient(null as never),
      () => admin.getClient(''),
      () => admin.updateClient(CLIENT_ID, undefined as never),
      () => admin.updateClient(undefined as never, {}),
      () => admin.deleteClient(7 as never),
      () => admin.regenerateClientSecret(undefined as never),
    ];
    for (const call of calls) {
      const error = await lastValueFrom(call()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthValidationError);
    }
    expect(requests).toHaveLength(0);
  });

  it("the server's refusal is an AuthApiError with its status and code", async () => {
    const { api } = apiWith(() =>
      reply(404, { code: 'oauth_client_not_found', msg: 'OAuth client not found' }),
    );
    const error = await lastValueFrom(new AdminOAuthApi(api).getClient(CLIENT_ID)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 404, code: 'oauth_client_not_found' });
  });
});
