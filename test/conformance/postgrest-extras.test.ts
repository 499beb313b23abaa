/**
 * `getOpenApiSpec()`, `from(relation, options)` and `urlLengthLimit` through supabase-rx and the
 * official supabase-js 2.119.1 (and postgrest-js alone) against one recording server: the same
 * requests, byte for byte, and the same results and errors.
 */
import { PostgrestClient as OfficialPostgrestClient } from '@supabase/postgrest-js';
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { lastValueFrom, type Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { createClient as createRx } from 'supabase-rx';
import { PostgrestClient } from 'supabase-rx/postgrest';
import { toResult } from 'supabase-rx/operators';
import type { AnyClient } from './postgrest-cases.js';
import {
  comparable,
  startRecordingServer,
  type Canned,
  type Recorded,
  type RecordingServer,
} from './recording-server.js';

const KEY = 'anon-key-for-conformance';
const SPEC = {
  swagger: '2.0',
  info: { title: 'PostgREST API', version: '12.2.3' },
  host: '127.0.0.1',
  basePath: '/',
  paths: { '/': { get: {} }, '/movies': { get: { tags: ['movies'] } } },
  definitions: { movies: { type: 'object', properties: { id: { type: 'integer' } } } },
};
const OK: Canned = {
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/openapi+json; charset=utf-8' },
  body: JSON.stringify(SPEC),
};

/** A 503 that asks to be retried at once. */
const UNAVAILABLE: Canned = {
  status: 503,
  statusText: 'Service Unavailable',
  headers: { 'retry-after': '0' },
};

let server: RecordingServer;

const officialOptions = {
  realtime: { transport: ws as never },
  auth: { persistSession: false, autoRefreshToken: false },
};
const official = (db: Record<string, unknown> = {}): AnyClient =>
  createSupabaseJs(server.url, KEY, { ...officialOptions, db });
const rx = (db: Record<string, unknown> = {}): AnyClient => createRx(server.url, KEY, { db });

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  server.answer({ status: 200, headers: { 'content-type': 'application/json' }, body: '[]' });
});

interface Outcome {
  requests: Recorded[];
  result: Record<string, unknown>;
}

/** supabase-js: await the builder (or promise); every request the server saw. */
async function viaOfficial(run: () => unknown): Promise<Outcome> {
  server.requests.length = 0;
  const result = (await (run() as PromiseLike<Record<string, unknown>>)) as Record<string, unknown>;
  return { requests: [...server.requests], result };
}

/** supabase-rx: the Observable through toResult(); every request the server saw. */
async function viaRx(run: () => unknown): Promise<Outcome> {
  server.requests.length = 0;
  const result = await lastValueFrom((run() as Observable<unknown>).pipe(toResult()));
  return { requests: [...server.requests], result: result as Record<string, unknown> };
}

/** Both sent the same requests: headers compared after normalising, URL and body exactly. */
function expectSameRequests(a: Outcome, b: Outcome, count = 1): void {
  expect(a.requests).toHaveLength(count);
  expect(b.requests.map(comparable)).toEqual(a.requests.map(comparable));
  expect(b.requests.map((r) => [r.url, r.body])).toEqual(a.requests.map((r) => [r.url, r.body]));
}

/**
 * The supabase-js-shaped result with the error reduced to its PostgREST fields (a field
 * supabase-js leaves out is `''` in a PostgrestError, as in postgrest.test.ts).
 */
function shape(r: Record<string, unknown>) {
  const e = r.error as Record<string, unknown> | null;
  return {
    data: r.data,
    count: r.count,
    status: r.status,
    statusText: r.statusText,
    error: e && {
      code: e.code ?? '',
      message: e.message,
      details: e.details ?? '',
      hint: e.hint ?? '',
    },
  };
}

describe('getOpenApiSpec(): the same request and the same document', () => {
  const calls: [string, (c: AnyClient) => unknown, Record<string, unknown>?][] = [
    ['the default schema', (c) => c.getOpenApiSpec()],
    ['schema("inventory")', (c) => c.schema('inventory').getOpenApiSpec()],
    ['db.schema "billing"', (c) => c.getOpenApiSpec(), { schema: 'billing' }],
  ];

  it.each(calls)('%s', async (_name, call, db) => {
    server.answer(OK);
    const a = await viaOfficial(() => call(official(db)));
    const b = await viaRx(() => call(rx(db)));
    expectSameRequests(a, b);
    expect(b.requests[0]).toMatchObject({ method: 'GET', url: '/rest/v1/' });
    expect(b.requests[0].headers.accept).toBe('application/openapi+json');
    expect(shape(b.result)).toEqual(shape(a.result));
    expect(b.result.data).toEqual(SPEC);
  });

  it('standalone PostgrestClient against postgrest-js’s, with a custom header', async () => {
    server.answer(OK);
    const headers = { apikey: KEY, Authorization: `Bearer ${KEY}`, 'x-app': 'demo' };
    const a = await viaOfficial(() =>
      new OfficialPostgrestClient(`${server.url}/rest/v1`, { headers, schema: 'public' })
        .schema('api')
        .getOpenApiSpec(),
    );
    const b = await viaRx(() =>
      new PostgrestClient(`${server.url}/rest/v1`, { headers }).schema('api').getOpenApiSpec(),
    );
    // postgrest-js sends no X-Client-Info of its own: compare without it.
    const strip = (o: Outcome) =>
      o.requests.map((r) => {
        const c = comparable(r);
        delete c.headers['x-client-info'];
        return c;
      });
    expect(strip(b)).toEqual(strip(a));
    expect(b.requests[0].headers['accept-profile']).toBe('api');
  });

  it('a 503 is retried by both in the same way (Retry-After: 0), X-Retry-Count and all', async () => {
    server.answer(UNAVAILABLE);
    const a = await viaOfficial(() => official().getOpenApiSpec());
    const b = await viaRx(() => rx().getOpenApiSpec());
    expectSameRequests(a, b, 4);
    expect(b.requests.map((r) => r.headers['x-retry-count'])).toEqual([undefined, '1', '2', '3']);
    expect(shape(b.result)).toEqual(shape(a.result));
  });

  it('db.retry: false: one request each', async () => {
    server.answer(UNAVAILABLE);
    const a = await viaOfficial(() => official({ retry: false }).getOpenApiSpec());
    const b = await viaRx(() => rx({ retry: false }).getOpenApiSpec());
    expectSameRequests(a, b, 1);
    expect(shape(b.result)).toEqual(shape(a.result));
  });

  const failures: [string, Canned][] = [
    [
      'a PostgREST error',
      {
        status: 406,
        statusText: 'Not Acceptable',
        headers: { 'content-type': 'application/json' },
        body: '{"code":"PGRST106","details":null,"hint":"Only the following schemas are exposed: public","message":"Invalid schema: nope"}',
      },
    ],
    ['a text body', { status: 404, statusText: 'Not Found', body: 'no OpenAPI here' }],
    ['an empty body', { status: 403, statusText: 'Forbidden' }],
    ['200 that is not JSON', { status: 200, statusText: 'OK', body: '<html>proxy</html>' }],
  ];

  it.each(failures)('%s: the same error', async (_name, canned) => {
    server.answer(canned);
    const a = await viaOfficial(() => official().getOpenApiSpec());
    const b = await viaRx(() => rx().getOpenApiSpec());
    expectSameRequests(a, b);
    expect(shape(b.result)).toEqual(shape(a.result));
    expect(b.result.error).not.toBeNull();
  });
});

describe('from(relation, options): the same request', () => {
  const cases: [string, (c: AnyClient) => unknown][] = [
    ['{ retry: false }', (c) => c.from('t', { retry: false }).select('id').eq('id', 1)],
    ['{ retry: true }', (c) => c.from('t', { retry: true }).select()],
    ['{ urlLengthLimit: 10 }', (c) => c.from('t', { urlLengthLimit: 10 }).select('a,b')],
    ['{} on an insert', (c) => c.from('t', {}).insert({ a: 1 }).select()],
    [
      'options through schema()',
      (c) => c.schema('inventory').from('items', { retry: false }).select(),
    ],
  ];

  it.each(cases)('%s', async (_name, build) => {
    const a = await viaOfficial(() => build(official()));
    const b = await viaRx(() => build(rx()));
    expectSameRequests(a, b);
    expect(shape(b.result)).toEqual(shape(a.result));
  });

  it('{ retry: false } on a 503: one request each; the default retries 3 times in both', async () => {
    server.answer(UNAVAILABLE);
    const once = (c: AnyClient) => c.from('t', { retry: false }).select();
    expectSameRequests(await viaOfficial(() => once(official())), await viaRx(() => once(rx())), 1);
    const retried = (c: AnyClient) => c.from('t').select();
    const a = await viaOfficial(() => retried(official()));
    const b = await viaRx(() => retried(rx()));
    expectSameRequests(a, b, 4);
    expect(shape(b.result)).toEqual(shape(a.result));
    // And db.retry: false with a per-query { retry: true }.
    const back = (c: AnyClient) => c.from('t', { retry: true }).select();
    expectSameRequests(
      await viaOfficial(() => back(official({ retry: false }))),
      await viaRx(() => back(rx({ retry: false }))),
      4,
    );
  });

  it('{ fetch }: both call it, with the same request (auth headers added)', async () => {
    const seen: string[] = [];
    const traced = (label: string): typeof fetch => {
      return (input, init) => {
        seen.push(label);
        return fetch(input, init);
      };
    };
    const build = (c: AnyClient, label: string) =>
      c
        .from('t', { fetch: traced(label) })
        .select('id')
        .limit(1);
    const a = await viaOfficial(() => build(official(), 'js'));
    const b = await viaRx(() => build(rx(), 'rx'));
    expect(seen).toEqual(['js', 'rx']);
    expectSameRequests(a, b);
    expect(b.requests[0].headers).toMatchObject({ apikey: KEY, authorization: `Bearer ${KEY}` });
  });
});

describe('urlLengthLimit: the same hint on an aborted request', () => {
  const long = 'c'.repeat(8100);
  const cases: [string, (c: AnyClient) => unknown, Record<string, unknown>?][] = [
    ['a URL over the default 8000', (c) => c.from('t').select(long)],
    ['a short URL', (c) => c.from('t').select('id')],
    ['from(t, { urlLengthLimit: 10 })', (c) => c.from('t', { urlLengthLimit: 10 }).select('id')],
    [
      'from(t, { urlLengthLimit: 9000 }) under a long URL',
      (c) => c.from('t', { urlLengthLimit: 9000 }).select(long),
    ],
    ['db.urlLengthLimit: 20', (c) => c.from('t').select('id'), { urlLengthLimit: 20 }],
    ['db.urlLengthLimit through rpc()', (c) => c.rpc('fn', { a: 1 }), { urlLengthLimit: 20 }],
  ];

  it.each(cases)('%s', async (_name, build, db) => {
    const signal = AbortSignal.abort();
    const a = await viaOfficial(() => (build(official(db)) as AnyClient).abortSignal(signal));
    const b = await viaRx(() => (build(rx(db)) as AnyClient).abortSignal(signal));
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
    const pick = (r: Record<string, unknown>) => {
      const e = r.error as Record<string, unknown>;
      return { status: r.status, code: e.code, message: e.message, hint: e.hint };
    };
    expect(pick(b.result)).toEqual(pick(a.result));
    expect(pick(b.result).hint).toMatch(/^Request was aborted/);
  });
});
