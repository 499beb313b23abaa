import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createClient, PostgrestError, SupabaseRxInputError } from 'supabase-rx';
import { createFakeFetch, jsonResponse } from 'supabase-rx/testing';

const URL_ = 'http://127.0.0.1:54321';
const KEY = 'anon-key';

describe('createClient', () => {
  it.each([
    [undefined, KEY, 'supabaseUrl is required.'],
    ['', KEY, 'supabaseUrl is required.'],
    ['   ', KEY, 'supabaseUrl is required.'],
    [URL_, undefined, 'supabaseKey is required.'],
    [URL_, '', 'supabaseKey is required.'],
    ['not a url', KEY, 'Invalid supabaseUrl "not a url": must be a valid HTTP or HTTPS URL.'],
    ['ftp://example.com', KEY, 'must be a valid HTTP or HTTPS URL'],
  ])('refuses url %j with key %j', (url, key, message) => {
    const create = () => createClient(url as string, key as string);
    expect(create).toThrow(SupabaseRxInputError);
    expect(create).toThrow(message);
  });

  it('derives the service URLs from a trimmed base URL', () => {
    const client = createClient(`  ${URL_}  `, KEY);
    expect(client.urls).toEqual({
      base: `${URL_}/`,
      rest: `${URL_}/rest/v1`,
      auth: `${URL_}/auth/v1`,
      storage: `${URL_}/storage/v1`,
      functions: `${URL_}/functions/v1`,
    });
  });

  it('sends queries to /rest/v1 with the key, the global headers and the db schema', async () => {
    const fake = createFakeFetch(() => jsonResponse([{ id: 1 }]));
    const client = createClient<any, 'private'>(URL_, KEY, {
      global: { fetch: fake, headers: { 'x-app': 'demo' } },
      db: { schema: 'private' },
    });
    const query = client.from('movies').select('id').eq('id', 1);
    expect(fake.requests).toHaveLength(0); // cold: nothing before subscribe
    const { data } = await firstValueFrom(query);
    expect(data).toEqual([{ id: 1 }]);
    const [req] = fake.requests;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`${URL_}/rest/v1/movies?select=id&id=eq.1`);
    expect(req.headers).toMatchObject({
      apikey: KEY,
      authorization: `Bearer ${KEY}`,
      'accept-profile': 'private',
      'x-app': 'demo',
    });
    expect(req.headers['x-client-info']).toMatch(/^supabase-rx\//);
  });

  it('takes the bearer token from the accessToken option at subscribe time', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    let n = 0;
    const client = createClient(URL_, KEY, {
      global: { fetch: fake },
      accessToken: async () => `third-party-${++n}`,
    });
    const query = client.rpc('fn', { a: 1 });
    await firstValueFrom(query);
    await firstValueFrom(query);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer third-party-1',
      'Bearer third-party-2',
    ]);
    expect(fake.requests[0].headers.apikey).toBe(KEY);
  });

  it('switches schema with schema() and reports PostgREST errors as PostgrestError', async () => {
    const fake = createFakeFetch(() =>
      jsonResponse(
        { code: 'PGRST106', details: null, hint: null, message: 'Invalid schema: nope' },
        { status: 406 },
      ),
    );
    const client = createClient(URL_, KEY, { global: { fetch: fake } });
    const error = await firstValueFrom(client.schema('nope').from('t').select()).catch((e) => e);
    expect(error).toBeInstanceOf(PostgrestError);
    expect(error).toMatchObject({ code: 'PGRST106', status: 406, message: 'Invalid schema: nope' });
    expect(fake.requests[0].headers['accept-profile']).toBe('nope');
  });
});

describe('createClient wires auth into the other modules', () => {
  const session = (token: string) => ({
    access_token: token,
    refresh_token: 'r1',
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    user: { id: 'u1', aud: 'authenticated', email: 'a@b.c', app_metadata: {}, user_metadata: {} },
  });

  it("sends the signed-in user's access token to the REST API, the key before", async () => {
    const fake = createFakeFetch({
      'POST /auth/v1/token': jsonResponse(session('user-jwt')),
      'GET /rest/v1/notes': jsonResponse([]),
    });
    const client = createClient(URL_, KEY, { global: { fetch: fake } });
    const notes = client.from('notes').select();
    await firstValueFrom(notes);
    await firstValueFrom(client.auth.signInWithPassword({ email: 'a@b.c', password: 'pw' }));
    expect(client.auth.session?.access_token).toBe('user-jwt');
    await firstValueFrom(notes);
    const rest = fake.requests.filter((r) => r.url.includes('/rest/v1/'));
    expect(rest.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, 'Bearer user-jwt']);
    const signIn = fake.requests.find((r) => r.url.includes('/auth/v1/token'))!;
    expect(signIn.url).toBe(`${URL_}/auth/v1/token?grant_type=password`);
    expect(signIn.headers).toMatchObject({ apikey: KEY, authorization: `Bearer ${KEY}` });
    client.auth.stopAutoRefresh();
  });

  it('makes auth unavailable with the accessToken option, as supabase-js does', () => {
    const client = createClient(URL_, KEY, { accessToken: () => 'third-party' });
    expect(() => client.auth.getSession()).toThrow(
      'accessing supabase.auth.getSession is not possible',
    );
  });
});
