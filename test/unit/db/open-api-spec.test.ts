import { firstValueFrom, lastValueFrom, map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from 'supabase-rx';
import {
  PostgrestClient,
  PostgrestError,
  type PostgrestOpenApiSpec,
  type PostgrestQueryBuilderOptions,
} from 'supabase-rx/postgrest';
import { toResult } from 'supabase-rx/operators';
import {
  createFakeFetch,
  createMarbleFetch,
  jsonResponse,
  networkError,
  never,
  textResponse,
} from 'supabase-rx/testing';
import { parseOpenApiResponse } from '../../../src/db/open-api-spec.js';
import { BASE, response } from './helpers.js';

const URL_ = 'http://127.0.0.1:54321';
const KEY = 'anon-key';
const SPEC = {
  swagger: '2.0',
  info: { title: 'PostgREST', version: '12.2.0' },
  paths: { '/': {}, '/movies': { get: {} } },
  definitions: { movies: { type: 'object' } },
};

function errorOf(query: Observable<unknown>): Promise<PostgrestError> {
  return lastValueFrom(query).then(
    () => {
      throw new Error('expected an error');
    },
    (e: PostgrestError) => e,
  );
}

describe('getOpenApiSpec(): the request', () => {
  it('is cold: GET <rest>/ with Accept: application/openapi+json, Accept-Profile and the key, once per subscription', async () => {
    const fake = createFakeFetch(() => jsonResponse(SPEC));
    const supabase = createClient(URL_, KEY, { global: { fetch: fake } });
    const spec$ = supabase.getOpenApiSpec();
    expect(fake.requests).toHaveLength(0);
    await firstValueFrom(spec$);
    await firstValueFrom(spec$);
    expect(fake.requests).toHaveLength(2);
    const [req] = fake.requests;
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`${URL_}/rest/v1/`);
    expect(req.body).toBeNull();
    expect(req.headers).toMatchObject({
      accept: 'application/openapi+json',
      'accept-profile': 'public',
      apikey: KEY,
      authorization: `Bearer ${KEY}`,
    });
    expect(req.headers['x-client-info']).toMatch(/^supabase-rx\//);
  });

  it('describes the schema of schema(name), of db.schema, and of a standalone client', async () => {
    const fake = createFakeFetch(() => jsonResponse(SPEC));
    const supabase = createClient(URL_, KEY, { global: { fetch: fake } });
    await firstValueFrom(supabase.schema('inventory').getOpenApiSpec());
    const other = createClient<any, 'billing'>(URL_, KEY, {
      global: { fetch: fake },
      db: { schema: 'billing' },
    });
    await firstValueFrom(other.getOpenApiSpec());
    const db = new PostgrestClient(BASE, {
      fetch: fake,
      schema: 'api',
      headers: { apikey: KEY, Accept: 'text/csv' },
    });
    await firstValueFrom(db.getOpenApiSpec());
    expect(fake.requests.map((r) => [r.url, r.headers['accept-profile']])).toEqual([
      [`${URL_}/rest/v1/`, 'inventory'],
      [`${URL_}/rest/v1/`, 'billing'],
      [`${BASE}/`, 'api'],
    ]);
    // The client's own Accept gives way, as in supabase-js.
    expect(fake.requests[2].headers).toMatchObject({
      accept: 'application/openapi+json',
      apikey: KEY,
    });
  });

  it('unsubscribing aborts the request', async () => {
    const fake = createFakeFetch(() => never());
    const db = new PostgrestClient(BASE, { fetch: fake });
    const sub = db.getOpenApiSpec().subscribe();
    await Promise.resolve();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].signal?.aborted).toBe(false);
    sub.unsubscribe();
    expect(fake.requests[0].signal?.aborted).toBe(true);
  });
});

describe('getOpenApiSpec(): retries, in virtual time', () => {
  function run(
    options: { retry?: boolean },
    answers: Parameters<typeof createMarbleFetch>[0],
    expected: string,
    values: Record<string, unknown>,
  ): number[] {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const times: number[] = [];
    scheduler.run(({ expectObservable }) => {
      const inner = createMarbleFetch(answers);
      const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
        times.push(scheduler.now());
        return inner(input, init);
      }) as typeof globalThis.fetch;
      const supabase = createClient(URL_, KEY, {
        scheduler,
        global: { fetch },
        db: { retry: options.retry },
      });
      const outcome = supabase.getOpenApiSpec().pipe(
        toResult(),
        map((r) => [r.status, r.error?.message ?? (r.data as { swagger: string }).swagger]),
      );
      expectObservable(outcome).toBe(expected, values);
    });
    return times;
  }

  it('a 503 (schema cache loading) is retried like any GET, then the document arrives', () => {
    const times = run(
      {},
      (_r, i) => (i < 2 ? textResponse('', { status: 503 }) : jsonResponse(SPEC)),
      '3000ms (r|)',
      { r: [200, '2.0'] },
    );
    expect(times).toEqual([0, 1000, 3000]);
  });

  it('a network failure is retried; then status 0 and supabase-js’s message', () => {
    const times = run({}, () => networkError(), '7000ms (r|)', {
      r: [0, 'TypeError: fetch failed'],
    });
    expect(times).toEqual([0, 1000, 3000, 7000]);
  });

  it('db.retry: false sends once', () => {
    const times = run(
      { retry: false },
      () => textResponse('', { status: 503, statusText: 'Service Unavailable' }),
      '(r|)',
      { r: [503, 'Service Unavailable'] },
    );
    expect(times).toEqual([0]);
  });
});

describe('getOpenApiSpec(): the answer', () => {
  it('emits { data, count: null, status, statusText } for a 2xx JSON document', async () => {
    const fake = createFakeFetch(() => jsonResponse(SPEC, { statusText: 'OK' }));
    const db = new PostgrestClient(BASE, { fetch: fake });
    expect(await firstValueFrom(db.getOpenApiSpec())).toEqual({
      data: SPEC,
      count: null,
      status: 200,
      statusText: 'OK',
    });
  });

  it('a PostgREST error body becomes its PostgrestError, in the error channel', async () => {
    const fake = createFakeFetch(() =>
      jsonResponse(
        {
          code: 'PGRST106',
          details: null,
          hint: 'Only the following schemas are exposed: public',
          message: 'Invalid schema: nope',
        },
        { status: 406, statusText: 'Not Acceptable' },
      ),
    );
    const db = new PostgrestClient(BASE, { fetch: fake, schema: 'nope' });
    const e = await errorOf(db.getOpenApiSpec());
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e.toJSON()).toEqual({
      name: 'PostgrestError',
      code: 'PGRST106',
      details: '', // a null field becomes '', as supabase-js builds this error
      hint: 'Only the following schemas are exposed: public',
      message: 'Invalid schema: nope',
      status: 406,
    });
    expect(e.statusText).toBe('Not Acceptable');
  });

  it.each([
    ['2xx, not JSON', response(200, '<html>hi</html>'), '<html>hi</html>', 200],
    ['non-2xx text', response(502, 'bad gateway', {}, 'Bad Gateway'), 'bad gateway', 502],
    ['non-2xx empty: the status text', response(404, '', {}, 'Not Found'), 'Not Found', 404],
    ['non-2xx null body', response(500, null, {}, 'Internal'), 'Internal', 500],
    ['a JSON array is not an error object', response(400, '[1]', {}, 'Bad'), '[1]', 400],
    [
      'an error object without a message',
      response(400, '{"code":"X"}', {}, ''),
      '{"code":"X"}',
      400,
    ],
  ])('%s', (_name, res, message, status) => {
    let caught: unknown;
    try {
      parseOpenApiResponse(res);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PostgrestError);
    expect(caught).toMatchObject({ message, status, statusText: res.statusText });
  });

  it('the code of an error object is kept; details and hint default to ""', () => {
    expect(() => parseOpenApiResponse(response(400, '{"code":"X","message":"m"}'))).toThrow(
      expect.objectContaining({ code: 'X', message: 'm', details: '', hint: '' }),
    );
  });

  it('a network failure without retries: status 0, code "", supabase-js’s message', async () => {
    const fake = createFakeFetch(() => networkError());
    const db = new PostgrestClient(BASE, { fetch: fake, retry: false });
    const e = await errorOf(db.getOpenApiSpec());
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e).toMatchObject({ status: 0, code: '', message: 'TypeError: fetch failed', hint: '' });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('types', () => {
  it('getOpenApiSpec() emits a PostgrestOpenApiSpec with count null; from() takes the options type', () => {
    const supabase = createClient(URL_, KEY);
    type Emitted = typeof supabase.getOpenApiSpec extends () => Observable<infer R> ? R : never;
    expectTypeOf<Emitted['data']>().toEqualTypeOf<PostgrestOpenApiSpec>();
    expectTypeOf<Emitted['count']>().toEqualTypeOf<null>();
    expectTypeOf<Emitted['data']['swagger']>().toEqualTypeOf<string>();
    expectTypeOf(supabase.from)
      .parameter(1)
      .toEqualTypeOf<PostgrestQueryBuilderOptions | undefined>();
    // @ts-expect-error: an unknown option is a type error too
    expect(() => supabase.from('t', { retries: false })).toThrow('unknown option "retries"');
  });
});
