import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { FunctionsClient as OfficialFunctionsClient } from '@supabase/functions-js';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { createClient as createRx, SupabaseRxInputError } from 'supabase-rx';
import { FunctionsClient, type FunctionInvokeOptions } from 'supabase-rx/functions';
import { toResult } from 'supabase-rx/operators';
import {
  comparable,
  startRecordingServer,
  type Canned,
  type RecordingServer,
} from '../recording-server.js';

const KEY = 'anon-key-for-functions-conformance';

let server: RecordingServer;
let official: ReturnType<typeof createSupabaseJs>;
let rx: ReturnType<typeof createRx>;

beforeAll(async () => {
  server = await startRecordingServer();
  official = createSupabaseJs(server.url, KEY, {
    realtime: { transport: ws as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  rx = createRx(server.url, KEY);
});

afterAll(async () => {
  await server?.close();
});

type Case = [label: string, name: string, options?: () => FunctionInvokeOptions];

const NAMES: Case[] = [
  ['plain', 'hello'],
  ['space', 'hello world'],
  ['unicode', 'héllo-世界'],
  ['percent', '100%'],
  ['encoded percent', 'a%20b'],
  ['question mark', 'a?b=1'],
  ['nested folders', 'a/b/c'],
];

// A deliberate difference (assertFunctionPath in src/functions/invoke-request.ts): functions-js
// sends these to another path (`a#b` calls `a`, the fragment dropped; `a/../b` calls `b`); supabase-rx
// refuses them with a SupabaseRxInputError before sending.
const REFUSED: [label: string, name: string, path: string][] = [
  ['hash', 'a#b', '/functions/v1/a'],
  ['dot segments', 'a/../b', '/functions/v1/b'],
];

const CALLS: Case[] = [
  ['json object', 'echo', () => ({ body: { name: 'Ada', n: [1, 2] } })],
  ['json array', 'echo', () => ({ body: [1, 'two'] })],
  ['string', 'echo', () => ({ body: 'plain text' })],
  ['empty string', 'echo', () => ({ body: '' })],
  ['typed blob', 'echo', () => ({ body: new Blob(['<b/>'], { type: 'text/html' }) })],
  ['untyped blob', 'echo', () => ({ body: new Blob(['raw']) })],
  ['array buffer', 'echo', () => ({ body: new TextEncoder().encode('bytes').buffer })],
  [
    'object with content type',
    'echo',
    () => ({ body: { a: 1 }, headers: { 'content-type': 'application/x-custom' } }),
  ],
  [
    'string with Content-Type',
    'echo',
    () => ({ body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
  ],
  ['GET', 'echo', () => ({ method: 'GET' })],
  ['PUT', 'echo', () => ({ method: 'PUT', body: { a: 1 } })],
  ['PATCH', 'echo', () => ({ method: 'PATCH', body: 'p' })],
  ['DELETE', 'echo', () => ({ method: 'DELETE', body: { id: 3 } })],
  ['region', 'echo', () => ({ region: 'eu-west-1' })],
  ['region any', 'echo', () => ({ region: 'any' })],
  ['region on a name with a query', 'a?b=1', () => ({ region: 'us-east-1' })],
  [
    'custom headers',
    'echo',
    () => ({ headers: { 'x-custom': 'v', Authorization: 'Bearer mine' } }),
  ],
];

async function viaOfficial(name: string, options?: FunctionInvokeOptions) {
  server.requests.length = 0;
  const result = await official.functions.invoke(name, options as never);
  expect(server.requests).toHaveLength(1);
  return { request: comparable(server.requests[0]!), result };
}

async function viaRx(name: string, options?: FunctionInvokeOptions, client = rx.functions) {
  server.requests.length = 0;
  const result = await firstValueFrom(client.invoke(name, options).pipe(toResult()));
  expect(server.requests).toHaveLength(1);
  return { request: comparable(server.requests[0]!), result };
}

describe('functions.invoke() sends what functions-js 2.119 sends', () => {
  it.each([...NAMES, ...CALLS])('%s', async (_label, name, options) => {
    server.answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
    const a = await viaOfficial(name, options?.());
    const b = await viaRx(name, options?.());
    expect(b.request).toEqual(a.request);
    expect(b.result.data).toEqual(a.result.data);
  });

  it.each(REFUSED)('%s: refused, where functions-js calls another path', async (_l, name, path) => {
    server.answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
    const a = await viaOfficial(name);
    expect(a.request.url.split('?')[0]).toBe(path);
    server.requests.length = 0;
    expect(() => rx.functions.invoke(name)).toThrow(SupabaseRxInputError);
    expect(() => rx.functions.invoke(name)).toThrow(/functionName must not hold/);
    expect(server.requests).toHaveLength(0);
  });

  it('standalone FunctionsClient with a default region and setAuth', async () => {
    const url = `${server.url}/functions/v1`;
    const off = new OfficialFunctionsClient(url, {
      headers: { apikey: KEY },
      region: 'ap-south-1' as never,
    });
    const mine = new FunctionsClient(url, { headers: { apikey: KEY }, region: 'ap-south-1' });
    off.setAuth('tok');
    mine.setAuth('tok');
    server.requests.length = 0;
    await off.invoke('hello world', { body: { a: 1 } });
    const a = comparable(server.requests[0]!);
    const b = await viaRx('hello world', { body: { a: 1 } }, mine);
    // The one difference: supabase-rx names itself (X-Client-Info) even standalone.
    const { 'x-client-info': clientInfo, ...rest } = b.request.headers;
    expect(clientInfo).toBe('<client>');
    expect({ ...b.request, headers: rest }).toEqual(a);
  });

  it('FormData: both send multipart with their own boundary and the same parts', async () => {
    const form = () => {
      const f = new FormData();
      f.append('field', 'value');
      return { body: f };
    };
    const a = await viaOfficial('upload', form());
    const b = await viaRx('upload', form());
    expect(b.request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(a.request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(b.request.body).toContain('name="field"\r\n\r\nvalue');
  });
});

describe('API keys: supabase-js sends the new sb_ keys to functions without a bearer', () => {
  const keys = ['sb_publishable_abc123', 'sb_secret_def456', 'sb_temp_ghi789', KEY];
  it.each(keys)('%s', async (key) => {
    const js = createSupabaseJs(server.url, key, {
      realtime: { transport: ws as never },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const mine = createRx(server.url, key, { auth: { persistSession: false } });
    server.answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
    server.requests.length = 0;
    await js.functions.invoke('hello');
    const a = comparable(server.requests[0]!);
    const b = await viaRx('hello', undefined, mine.functions);
    expect(b.request).toEqual(a);
    expect(b.request.headers.apikey).toBe(key);
    const bearerExpected = !key.startsWith('sb_publishable_') && !key.startsWith('sb_secret_');
    expect('authorization' in b.request.headers).toBe(bearerExpected);
  });
});

describe('responses are parsed as functions-js parses them', () => {
  const answers: Array<[string, string, string]> = [
    ['json', 'application/json; charset=utf-8', '{"a":[1,2]}'],
    ['upper-case JSON type', 'Application/JSON', '{"b":true}'],
    ['text', 'text/plain', 'hi'],
    ['html', 'text/html', '<p>x</p>'],
  ];
  it.each(answers)('%s', async (_label, type, body) => {
    server.answer({ status: 200, headers: { 'content-type': type }, body });
    const a = await viaOfficial('f');
    const b = await viaRx('f');
    expect(b.result.data).toEqual(a.result.data);
  });

  it('octet-stream and pdf → Blob; multipart → FormData', async () => {
    for (const type of ['application/octet-stream', 'application/pdf']) {
      server.answer({ status: 200, headers: { 'content-type': type }, body: 'BYTES' });
      const { result } = await viaRx('f');
      expect(result.data).toBeInstanceOf(Blob);
      expect(await (result.data as Blob).text()).toBe('BYTES');
    }
    server.answer({
      status: 200,
      headers: { 'content-type': 'multipart/form-data; boundary=XX' },
      body: '--XX\r\nContent-Disposition: form-data; name="k"\r\n\r\nv\r\n--XX--\r\n',
    });
    const { result } = await viaRx('f');
    expect((result.data as FormData).get('k')).toBe('v');
  });

  it('errors: relay, then http, with the same names, messages and contexts', async () => {
    const cases: Canned[] = [
      { status: 404, headers: { 'x-relay-error': 'true' }, body: '{"msg":"missing"}' },
      { status: 200, headers: { 'x-relay-error': 'true' }, body: 'relay' },
      { status: 500, headers: { 'content-type': 'application/json' }, body: '{"e":1}' },
      { status: 400, headers: { 'x-relay-error': 'false' }, body: 'bad' },
    ];
    for (const c of cases) {
      server.answer(c);
      const a = await viaOfficial('f');
      const b = await viaRx('f');
      const ea = a.result.error as Error & { context: Response };
      const eb = b.result.error as Error & { context: Response; status: number };
      expect([eb.name, eb.message]).toEqual([ea.name, ea.message]);
      expect(eb.status).toBe(c.status);
      expect(eb.context.status).toBe(ea.context.status);
      expect(await eb.context.text()).toBe(await ea.context.text());
    }
  });

  it('a refused connection is a FunctionsFetchError in both', async () => {
    const dead = 'http://127.0.0.1:1';
    const a = await createSupabaseJs(dead, KEY, {
      realtime: { transport: ws as never },
      auth: { persistSession: false },
    }).functions.invoke('f');
    const b = await firstValueFrom(createRx(dead, KEY).functions.invoke('f').pipe(toResult()));
    expect([b.error?.name, b.error?.message]).toEqual([a.error?.name, a.error?.message]);
  });
});
