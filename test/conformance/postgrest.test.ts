import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { firstValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { createClient as createRx } from 'supabase-rx';
import { PostgrestClient } from 'supabase-rx/postgrest';
import { toResult } from 'supabase-rx/operators';
import { cases, type AnyClient } from './postgrest-cases.js';
import {
  comparable,
  startRecordingServer,
  type Canned,
  type RecordingServer,
} from './recording-server.js';

const KEY = 'anon-key-for-conformance';

let server: RecordingServer;
let official: AnyClient;
let rx: AnyClient;
let rxStandalone: AnyClient;

beforeAll(async () => {
  server = await startRecordingServer();
  official = createSupabaseJs(server.url, KEY, {
    realtime: { transport: ws as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  rx = createRx(server.url, KEY);
  rxStandalone = new PostgrestClient(`${server.url}/rest/v1`, {
    headers: { apikey: KEY, Authorization: `Bearer ${KEY}` },
  });
});

afterAll(async () => {
  await server?.close();
});

/** Runs a query through supabase-js; returns the recorded request and the result. */
async function viaOfficial(build: (c: AnyClient) => unknown) {
  server.requests.length = 0;
  const result = await (build(official) as PromiseLike<Record<string, unknown>>);
  expect(server.requests).toHaveLength(1);
  return { request: server.requests[0], result };
}

/** Runs a query through supabase-rx; returns the recorded request and the toResult() value. */
async function viaRx(build: (c: AnyClient) => unknown, client: AnyClient = rx) {
  server.requests.length = 0;
  const result = await firstValueFrom((build(client) as Observable<unknown>).pipe(toResult()));
  expect(server.requests).toHaveLength(1);
  return { request: server.requests[0], result: result as Record<string, unknown> };
}

describe('conformance: the same request on the wire as supabase-js 2.119.1', () => {
  it.each(cases)('%s', async (_name, build) => {
    const a = await viaOfficial(build);
    const b = await viaRx(build);
    expect(comparable(b.request)).toEqual(comparable(a.request));
    // Exactly, not only after normalising: the query string and body bytes.
    expect(b.request.url).toBe(a.request.url);
    expect(b.request.body).toBe(a.request.body);
  });

  it.each(cases.filter((_, i) => i % 7 === 0))(
    'standalone PostgrestClient: %s',
    async (_name, build) => {
      const a = await viaOfficial(build);
      const b = await viaRx(build, rxStandalone);
      expect(comparable(b.request)).toEqual(comparable(a.request));
    },
  );

  it('sends apikey and Authorization: Bearer <key>, and its own X-Client-Info', async () => {
    const { request } = await viaRx((c) => c.from('t').select());
    expect(request.headers.apikey).toBe(KEY);
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers['x-client-info']).toMatch(/^supabase-rx\//);
    expect(request.headers['accept-profile']).toBe('public');
  });
});

describe('conformance: the two deliberate fixes', () => {
  it('in()/notIn() quote and backslash-escape values holding " or \\ (supabase-js sends them raw)', async () => {
    const values = ['say "hi"', 'back\\slash', 'plain'];
    const a = await viaOfficial((c) => c.from('t').select().in('s', values).notIn('u', values));
    const b = await viaRx((c) => c.from('t').select().in('s', values).notIn('u', values));
    const decode = (url: string) => new URL(url, 'http://x').searchParams;
    expect(decode(b.request.url).get('s')).toBe('in.("say \\"hi\\"","back\\\\slash",plain)');
    expect(decode(b.request.url).get('u')).toBe('not.in.("say \\"hi\\"","back\\\\slash",plain)');
    expect(decode(a.request.url).get('s')).toBe('in.(say "hi",back\\slash,plain)');
    // Everything else about the request is the same.
    expect({ ...comparable(b.request), url: '' }).toEqual({ ...comparable(a.request), url: '' });
  });

  it('count is null, not NaN, for Content-Range: 0-1/*', async () => {
    server.answer({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-range': '0-1/*' },
      body: '[{"id":1},{"id":2}]',
    });
    try {
      const a = await viaOfficial((c) => c.from('t').select('*', { count: 'exact' }));
      const b = await viaRx((c) => c.from('t').select('*', { count: 'exact' }));
      expect(a.result.count).toBeNaN();
      expect(b.result.count).toBeNull();
      expect(b.result.data).toEqual(a.result.data);
    } finally {
      server.answer({ status: 200, headers: { 'content-type': 'application/json' }, body: '[]' });
    }
  });
});

const canned: [string, Canned, (c: AnyClient) => unknown][] = [
  [
    'rows with a count',
    {
      status: 206,
      statusText: 'Partial Content',
      headers: { 'content-type': 'application/json', 'content-range': '0-1/57' },
      body: '[{"id":1,"name":"Zoë"},{"id":2,"name":null}]',
    },
    (c) => c.from('t').select('*', { count: 'exact' }).range(0, 1),
  ],
  [
    'HEAD count',
    { status: 200, statusText: 'OK', headers: { 'content-range': '*/12' } },
    (c) => c.from('t').select('*', { count: 'exact', head: true }),
  ],
  [
    'insert minimal (201, empty)',
    { status: 201, statusText: 'Created', headers: {} },
    (c) => c.from('t').insert({ a: 1 }),
  ],
  [
    'single object',
    {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/vnd.pgrst.object+json' },
      body: '{"id":1}',
    },
    (c) => c.from('t').select().single(),
  ],
  [
    'maybeSingle none',
    { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '[]' },
    (c) => c.from('t').select().maybeSingle(),
  ],
  [
    'maybeSingle several → PGRST116',
    {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json' },
      body: '[{"id":1},{"id":2}]',
    },
    (c) => c.from('t').select().maybeSingle(),
  ],
  [
    'csv text',
    {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/csv' },
      body: 'id,name\n1,"a,b"',
    },
    (c) => c.from('t').select().csv(),
  ],
  [
    'explain text',
    {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/vnd.pgrst.plan+text' },
      body: 'Seq Scan on t',
    },
    (c) => c.from('t').select().explain(),
  ],
  [
    'PostgREST error',
    {
      status: 400,
      statusText: 'Bad Request',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"PGRST100","details":"unexpected \\"x\\"","hint":null,"message":"failed to parse filter (x)"}',
    },
    (c) => c.from('t').select().filter('a', 'eq', 'x'),
  ],
  [
    'non-JSON error',
    {
      status: 502,
      statusText: 'Bad Gateway',
      headers: { 'content-type': 'text/html' },
      body: '<h1>bad gateway</h1>',
    },
    (c) => c.from('t').insert({ a: 1 }),
  ],
  [
    'legacy 404 empty → 204',
    { status: 404, statusText: 'Not Found', headers: {} },
    (c) => c.from('t').delete().eq('id', 1),
  ],
  [
    'legacy 404 array → []',
    {
      status: 404,
      statusText: 'Not Found',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    },
    (c) => c.from('t').select(),
  ],
  [
    'rpc scalar',
    { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '42' },
    (c) => c.rpc('fn', { a: 1 }),
  ],
];

describe('conformance: the same result from the same response', () => {
  it.each(canned)('%s', async (_name, answer, build) => {
    server.answer(answer);
    try {
      const a = await viaOfficial(build);
      const b = await viaRx(build);
      expect({
        data: b.result.data,
        count: b.result.count,
        status: b.result.status,
        statusText: b.result.statusText,
      }).toEqual({
        data: a.result.data,
        count: a.result.count,
        status: a.result.status,
        statusText: a.result.statusText,
      });
      const pick = (e: unknown) => {
        if (e === null) return null;
        const { code, message, details, hint } = e as Record<string, unknown>;
        return { code: code ?? '', message, details: details ?? '', hint: hint ?? '' };
      };
      expect(pick(b.result.error)).toEqual(pick(a.result.error));
    } finally {
      server.answer({ status: 200, headers: { 'content-type': 'application/json' }, body: '[]' });
    }
  });
});

describe('conformance: the same error when no response arrives', () => {
  const pick = (r: Record<string, unknown>) => {
    const e = r.error as Record<string, unknown>;
    return { data: r.data, status: r.status, message: e.message, code: e.code, hint: e.hint };
  };

  it('connection refused (POST, never retried)', async () => {
    const closed = await startRecordingServer();
    await closed.close();
    const js = createSupabaseJs(closed.url, KEY, {
      realtime: { transport: ws as never },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const a = (await js.from('t').insert({ a: 1 })) as unknown as Record<string, unknown>;
    const b = await firstValueFrom(
      createRx(closed.url, KEY).from('t').insert({ a: 1 }).pipe(toResult()),
    );
    expect(pick(b as never)).toEqual(pick(a));
    expect(pick(b as never)).toMatchObject({
      status: 0,
      code: '',
      message: 'TypeError: fetch failed',
    });
  });

  it('an aborted signal', async () => {
    const signal = AbortSignal.abort();
    const a = (await official.from('t').select().abortSignal(signal)) as Record<string, unknown>;
    const b = await firstValueFrom(rx.from('t').select().abortSignal(signal).pipe(toResult()));
    expect(pick(b as never)).toEqual(pick(a));
    expect(pick(b as never).hint).toBe('Request was aborted (timeout or manual cancellation)');
  });
});
