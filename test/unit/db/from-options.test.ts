import { firstValueFrom, lastValueFrom, map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  createClient,
  SupabaseRxInputError,
  type SupabaseClient,
  type SupabaseClientOptions,
} from 'supabase-rx';
import { PostgrestClient, PostgrestError } from 'supabase-rx/postgrest';
import { toResult } from 'supabase-rx/operators';
import {
  createFakeFetch,
  createMarbleFetch,
  jsonResponse,
  never,
  textResponse,
} from 'supabase-rx/testing';
import { toNetworkError } from '../../../src/db/execute.js';
import { BASE } from './helpers.js';

const URL_ = 'http://127.0.0.1:54321';
const KEY = 'anon-key';
const ABORT = 'Request was aborted (timeout or manual cancellation)';
const OVERFLOW = 'HTTP headers exceeded server limits (typically 16KB)';
const abortNote = (n: number) =>
  `${ABORT}. Note: Your request URL is ${n} characters, which may exceed server limits. If selecting many fields, consider using views. If filtering with large arrays (e.g., .in('id', [many IDs])), consider using an RPC function to pass values server-side.`;
const overflowNote = (n: number) =>
  `${OVERFLOW}. Your request URL is ${n} characters. If selecting many fields, consider using views. If filtering with large arrays (e.g., .in('id', [200+ IDs])), consider using an RPC function instead.`;

/** The error a query ends with. */
function errorOf(query: Observable<unknown>): Promise<PostgrestError> {
  return lastValueFrom(query).then(
    () => {
      throw new Error('expected an error');
    },
    (e: PostgrestError) => e,
  );
}

/** The error of a query aborted by its own signal once fetch has been called. */
async function abortedHint(query: {
  abortSignal(s: AbortSignal): Observable<unknown>;
}): Promise<string | null> {
  const controller = new AbortController();
  const done = errorOf(query.abortSignal(controller.signal));
  await Promise.resolve();
  controller.abort();
  return (await done).hint;
}

describe('from(relation, { fetch })', () => {
  it('sends that query (and its derived builders) through the given fetch, with the auth headers', async () => {
    const clientFetch = createFakeFetch(() => jsonResponse([]));
    const queryFetch = createFakeFetch(() => jsonResponse([{ id: 7 }]));
    const supabase = createClient(URL_, KEY, { global: { fetch: clientFetch } });
    const query = supabase.from('movies', { fetch: queryFetch }).select('id').eq('id', 7);
    expect(queryFetch.requests).toHaveLength(0); // still cold
    const { data } = await firstValueFrom(query);
    expect(data).toEqual([{ id: 7 }]);
    expect(clientFetch.requests).toHaveLength(0);
    expect(queryFetch.requests).toHaveLength(1);
    expect(queryFetch.requests[0].url).toBe(`${URL_}/rest/v1/movies?select=id&id=eq.7`);
    expect(queryFetch.requests[0].headers).toMatchObject({
      apikey: KEY,
      authorization: `Bearer ${KEY}`,
      'accept-profile': 'public',
    });
    // Other queries keep the client's fetch.
    await firstValueFrom(supabase.from('movies').select('id'));
    expect(clientFetch.requests).toHaveLength(1);
    expect(queryFetch.requests).toHaveLength(1);
  });

  it('works for writes and through schema() and a standalone PostgrestClient', async () => {
    const clientFetch = createFakeFetch(() => ({ status: 201 }));
    const queryFetch = createFakeFetch(() => ({ status: 201 }));
    const db = new PostgrestClient(BASE, { fetch: clientFetch, headers: { apikey: KEY } });
    await firstValueFrom(
      db.schema('inventory').from('items', { fetch: queryFetch }).insert({ a: 1 }),
    );
    expect(clientFetch.requests).toHaveLength(0);
    expect(queryFetch.requests[0]).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(queryFetch.requests[0].headers).toMatchObject({
      apikey: KEY,
      'content-profile': 'inventory',
    });
  });

  it('the client timeout still applies to it', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const supabase = createClient(URL_, KEY, {
        scheduler,
        db: { timeout: 50 },
        global: { fetch: createMarbleFetch(() => jsonResponse([])) },
      });
      const query = supabase
        .from('movies', { fetch: createMarbleFetch(() => never()) })
        .insert({ a: 1 })
        .pipe(
          toResult(),
          map((r) => [r.status, (r.error as PostgrestError | null)?.hint]),
        );
      expectObservable(query).toBe('50ms (r|)', { r: [0, ABORT] });
    });
  });
});

describe('from(relation, { retry }) and the db.retry / db.timeout options', () => {
  /** The virtual times of each attempt of `build(client)` against a server answering 503. */
  function attempts(
    options: SupabaseClientOptions,
    build: (c: SupabaseClient) => Observable<unknown>,
    expected: string,
    value: unknown,
  ): number[] {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const times: number[] = [];
    scheduler.run(({ expectObservable }) => {
      const fetch = createMarbleFetch(() => {
        times.push(scheduler.now());
        return textResponse('', { status: 503 });
      });
      const client = createClient(URL_, KEY, { ...options, scheduler, global: { fetch } });
      expectObservable(
        build(client).pipe(
          toResult(),
          map((r) => r.status),
        ),
      ).toBe(expected, {
        s: value,
      });
    });
    return times;
  }

  it('retries by default; from(t, { retry: false }) sends once', () => {
    expect(attempts({}, (c) => c.from('t').select(), '7000ms (s|)', 503)).toEqual([
      0, 1000, 3000, 7000,
    ]);
    expect(attempts({}, (c) => c.from('t', { retry: false }).select(), '(s|)', 503)).toEqual([0]);
  });

  it('db.retry: false reaches the transport; from(t, { retry: true }) turns it back on', () => {
    const off = { db: { retry: false } };
    expect(attempts(off, (c) => c.from('t').select(), '(s|)', 503)).toEqual([0]);
    expect(attempts(off, (c) => c.rpc('f', {}, { get: true }), '(s|)', 503)).toEqual([0]);
    expect(attempts(off, (c) => c.from('t', { retry: true }).select(), '7000ms (s|)', 503)).toEqual(
      [0, 1000, 3000, 7000],
    );
  });

  it('db.timeout reaches the transport: an unanswered query fails with the abort hint', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const supabase = createClient(URL_, KEY, {
        scheduler,
        db: { timeout: 250, retry: false },
        global: { fetch: createMarbleFetch(() => never()) },
      });
      const query = supabase
        .from('movies')
        .select()
        .pipe(
          toResult(),
          map((r) => {
            const e = r.error as PostgrestError | null;
            return [r.status, e?.code, e?.hint];
          }),
        );
      expectObservable(query).toBe('250ms (r|)', { r: [0, '', ABORT] });
    });
  });
});

describe('urlLengthLimit: the note in a failed request’s hint', () => {
  const hang = () => createFakeFetch(() => never());
  const longSelect = 'x'.repeat(8100);

  it('default 8000: an aborted request with a longer URL gets supabase-js’s note, a short one not', async () => {
    const supabase = createClient(URL_, KEY, { global: { fetch: hang() } });
    const url = `${URL_}/rest/v1/t?select=${longSelect}`;
    expect(await abortedHint(supabase.from('t').select(longSelect))).toBe(abortNote(url.length));
    expect(await abortedHint(supabase.from('t').select('id'))).toBe(ABORT);
  });

  it('a signal aborted before subscribe gets the note too (nothing is sent)', async () => {
    const fake = hang();
    const supabase = createClient(URL_, KEY, { global: { fetch: fake } });
    const url = `${URL_}/rest/v1/t?select=${longSelect}`;
    const e = await errorOf(supabase.from('t').select(longSelect).abortSignal(AbortSignal.abort()));
    expect(e.hint).toBe(abortNote(url.length));
    expect(fake.requests).toHaveLength(0);
  });

  it('db.urlLengthLimit, the PostgrestClient option and the from() option set the threshold', async () => {
    const url = `${URL_}/rest/v1/t?select=id`;
    const limited = createClient(URL_, KEY, {
      global: { fetch: hang() },
      db: { urlLengthLimit: url.length - 1 },
    });
    expect(await abortedHint(limited.from('t').select('id'))).toBe(abortNote(url.length));
    // A per-query limit overrides the client's, both ways.
    expect(await abortedHint(limited.from('t', { urlLengthLimit: url.length }).select('id'))).toBe(
      ABORT,
    );
    const plain = createClient(URL_, KEY, { global: { fetch: hang() } });
    expect(await abortedHint(plain.from('t', { urlLengthLimit: 10 }).select('id'))).toBe(
      abortNote(url.length),
    );
    // rpc() and schema() keep the client's limit.
    const rpcUrl = `${URL_}/rest/v1/rpc/f?select=id`;
    expect(rpcUrl.length).toBeGreaterThan(url.length);
    expect(await abortedHint(limited.rpc('f', { a: 1 }).select('id'))).toBe(
      abortNote(rpcUrl.length),
    );
    expect(await abortedHint(limited.schema('other').from('t').select('id'))).toBe(
      abortNote(url.length),
    );
    const db = new PostgrestClient(BASE, { fetch: hang(), urlLengthLimit: 5 });
    expect(await abortedHint(db.from('t').select('id'))).toBe(
      abortNote(`${BASE}/t?select=id`.length),
    );
  });

  it('a response whose headers overflow: supabase-js’s hint, with the note past the limit', async () => {
    const overflow = Object.assign(new Error('Headers Overflow Error'), {
      name: 'HeadersOverflowError',
      code: 'UND_ERR_HEADERS_OVERFLOW',
    });
    const fetch = createFakeFetch(() =>
      Promise.reject(new TypeError('fetch failed', { cause: overflow })),
    );
    const supabase = createClient(URL_, KEY, { global: { fetch } });
    const url = `${URL_}/rest/v1/t?select=id`;
    const short = await errorOf(supabase.from('t').insert({ a: 1 }).select('id'));
    expect(short).toMatchObject({ status: 0, code: '', hint: OVERFLOW });
    expect(short.message).toBe('TypeError: fetch failed');
    const long = await errorOf(
      supabase.from('t', { urlLengthLimit: 20 }).insert({ a: 1 }).select('id'),
    );
    expect(long.hint).toBe(overflowNote(url.length));
  });

  it('other network failures get no hint, whatever the URL length', async () => {
    const fetch = createFakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const supabase = createClient(URL_, KEY, { global: { fetch } });
    const e = await errorOf(supabase.from('t', { urlLengthLimit: 1 }).insert({ a: 1 }));
    expect(e.hint).toBe('');
  });

  it('toNetworkError: the note depends only on the URL length against the limit', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const url = 'http://x/' + 'a'.repeat(91); // 100 characters
    expect(toNetworkError(abort, true, { url, urlLengthLimit: 100 }).hint).toBe(ABORT);
    expect(toNetworkError(abort, true, { url, urlLengthLimit: 99 }).hint).toBe(abortNote(100));
    expect(toNetworkError(abort, true, { url }).hint).toBe(ABORT);
    expect(toNetworkError(abort, true).hint).toBe(ABORT);
  });
});

describe('from() options: bad input throws at call time, naming the option, and sends nothing', () => {
  const fake = createFakeFetch(() => jsonResponse([]));
  const supabase = createClient(URL_, KEY, { global: { fetch: fake } });
  const db = new PostgrestClient(BASE, { fetch: fake });

  it.each([
    [{ urlLengthLimit: 0 }, 'from(): urlLengthLimit must be an integer ≥ 1, got 0'],
    [{ urlLengthLimit: -5 }, 'from(): urlLengthLimit must be an integer ≥ 1, got -5'],
    [{ urlLengthLimit: 1.5 }, 'from(): urlLengthLimit must be an integer ≥ 1, got 1.5'],
    [{ urlLengthLimit: Number.NaN }, 'from(): urlLengthLimit must be an integer ≥ 1, got NaN'],
    [{ urlLengthLimit: '8000' }, 'from(): urlLengthLimit must be an integer ≥ 1, got "8000"'],
    [{ fetch: 'fetch' }, 'from(): fetch must be a function, got string'],
    [{ fetch: null }, 'from(): fetch must be a function, got object'],
    [{ retry: 'no' }, 'from(): retry must be a boolean, got "no"'],
    [{ retry: 0 }, 'from(): retry must be a boolean, got 0'],
    [{ retires: false }, 'from(): unknown option "retires"; expected fetch, urlLengthLimit, retry'],
    ['fast', 'from(): options must be an object such as { retry: false }, got "fast"'],
    [[], 'from(): options must be an object such as { retry: false }, got []'],
  ])('%j', (options, message) => {
    for (const client of [supabase, db]) {
      const call = () => client.from('t', options as never);
      expect(call).toThrow(SupabaseRxInputError);
      expect(call).toThrow(message);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('undefined, null and {} mean no options', async () => {
    for (const options of [undefined, null, {}, { retry: undefined }]) {
      await firstValueFrom(supabase.from('t', options as never).select());
    }
    expect(fake.requests).toHaveLength(4);
    fake.requests.length = 0;
  });

  it.each([
    [{ urlLengthLimit: 0 }, 'PostgrestClient: urlLengthLimit must be an integer ≥ 1, got 0'],
    [{ retry: 'yes' }, 'PostgrestClient: retry must be a boolean, got "yes"'],
    [{ fetch: 42 }, 'PostgrestClient: fetch must be a function, got number'],
  ])('new PostgrestClient(url, %j)', (options, message) => {
    expect(() => new PostgrestClient(BASE, options as never)).toThrow(message);
  });

  it.each([
    [{ urlLengthLimit: 0 }, 'createClient(): db.urlLengthLimit must be an integer ≥ 1, got 0'],
    [{ urlLengthLimit: 2.5 }, 'createClient(): db.urlLengthLimit must be an integer ≥ 1, got 2.5'],
    [{ retry: 'yes' }, 'createClient(): db.retry must be a boolean, got "yes"'],
    [{ timeout: -1 }, 'createClient(): db.timeout must be a positive number of ms, got -1'],
    [{ timeout: '5s' }, 'createClient(): db.timeout must be a positive number of ms, got 5s'],
  ])('createClient(url, key, { db: %j })', (db, message) => {
    const create = () => createClient(URL_, KEY, { db: db as never });
    expect(create).toThrow(SupabaseRxInputError);
    expect(create).toThrow(message);
  });
});

describe('from() options live in the query, not in a transport of their own', () => {
  it('every query shares the client transport; options reach the query state', () => {
    const db = new PostgrestClient(BASE, {
      fetch: createFakeFetch(() => jsonResponse([])),
      urlLengthLimit: 500,
    });
    const own = createFakeFetch(() => jsonResponse([]));
    const plain = db.from('a').select();
    const tuned = db.from('b', { retry: false, urlLengthLimit: 100, fetch: own }).select();
    const transportOf = (b: unknown) => (b as { transport: unknown }).transport;
    expect(transportOf(tuned)).toBe(transportOf(plain));
    expect(plain.state).toMatchObject({ urlLengthLimit: 500, fetch: undefined });
    expect(tuned.state).toMatchObject({ urlLengthLimit: 100, fetch: own, retry: false });
  });
});
