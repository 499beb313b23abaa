import { BehaviorSubject, EMPTY, Observable, firstValueFrom, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createTransport, type TransportOptions } from '../../../src/http/transport.js';
import type { HttpRequest, TokenSource } from '../../../src/http/types.js';
import { createFakeFetch, jsonResponse, textResponse } from '../../../src/testing/index.js';
import { VERSION } from '../../../src/version.js';

const URL_ = 'http://db.test/rest/v1/movies?select=id';

function sendOnce(options: TransportOptions, req: Partial<HttpRequest> = {}) {
  return firstValueFrom(
    createTransport(options).request({ method: 'GET', url: URL_, headers: {}, ...req }),
  );
}

/** Answers 401 unless the bearer is `fresh`. */
const expiring = () =>
  createFakeFetch((r) =>
    r.headers.authorization === 'Bearer fresh'
      ? jsonResponse([{ id: 1 }])
      : jsonResponse({ message: 'JWT expired' }, { status: 401 }),
  );

describe('transport headers and tokens', () => {
  it('sends X-Client-Info, global and request headers, apikey and bearer as a plain object', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    await sendOnce(
      { fetch: fake, apiKey: 'anon', headers: { 'X-Global': 'g', 'X-Both': 'global' } },
      { headers: { 'Accept-Profile': 'public', 'x-both': 'request' } },
    );
    expect(fake.requests[0].headers).toEqual({
      'x-client-info': `supabase-rx/${VERSION}`,
      'x-global': 'g',
      'x-both': 'request',
      'accept-profile': 'public',
      apikey: 'anon',
      authorization: 'Bearer anon',
    });
  });

  it('passes headers to fetch as a plain object, not a Headers instance', async () => {
    let seen: unknown;
    const fetch = ((_url: string, init: RequestInit) => {
      seen = init.headers;
      return Promise.resolve(jsonResponse([]));
    }) as typeof globalThis.fetch;
    await sendOnce({ fetch, apiKey: 'anon' });
    expect(Object.getPrototypeOf(seen)).toBe(Object.prototype);
  });

  it("a request's own fetch is used instead of the transport's; a non-function is refused", async () => {
    const client = createFakeFetch(() => jsonResponse([]));
    const own = createFakeFetch(() => jsonResponse([{ id: 1 }]));
    const res = await sendOnce({ fetch: client, apiKey: 'anon' }, { fetch: own });
    expect(res.status).toBe(200);
    expect(own.requests).toHaveLength(1);
    expect(own.requests[0].headers.apikey).toBe('anon');
    expect(client.requests).toHaveLength(0);
    await expect(
      sendOnce({ fetch: client }, { fetch: 'nope' as unknown as typeof fetch }),
    ).rejects.toThrow("A request's fetch must be a function, got string");
    expect(client.requests).toHaveLength(0);
  });

  it('a header named like an Object.prototype member is an ordinary header', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    await sendOnce({ fetch: fake, apiKey: 'anon' }, { headers: { constructor: 'x' } });
    expect(fake.requests[0].headers.constructor).toBe('x');
    expect(fake.requests[0].headers['x-client-info']).toBe(`supabase-rx/${VERSION}`);
  });

  it('reads the token at subscribe time, from a value or an Observable', async () => {
    const token$ = new BehaviorSubject<string | null>('first');
    const fake = createFakeFetch(() => jsonResponse([]));
    const request$ = createTransport({
      fetch: fake,
      apiKey: 'anon',
      tokenSource: { token: () => token$ },
    }).request({ method: 'GET', url: URL_, headers: {} });
    token$.next('second');
    await firstValueFrom(request$);
    token$.next(null);
    await firstValueFrom(request$);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer second',
      'Bearer anon',
    ]);
  });

  it('waits for an asynchronous token (e.g. a refresh) before sending', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    let release!: (t: string) => void;
    const token$ = new Observable<string>((s) => {
      release = (t) => {
        s.next(t);
        s.complete();
      };
    });
    const done = sendOnce({ fetch: fake, apiKey: 'anon', tokenSource: { token: () => token$ } });
    expect(fake.requests).toHaveLength(0);
    release('refreshed');
    await done;
    expect(fake.requests[0].headers.authorization).toBe('Bearer refreshed');
  });

  it('an empty token Observable falls back to the API key', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    await sendOnce({ fetch: fake, apiKey: 'anon', tokenSource: { token: () => EMPTY } });
    expect(fake.requests[0].headers.authorization).toBe('Bearer anon');
  });

  it('a failing token source errors the request with its error, sending nothing', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    const failure = new Error('session lost');
    await expect(
      sendOnce({ fetch: fake, tokenSource: { token: () => throwError(() => failure) } }),
    ).rejects.toBe(failure);
    expect(fake.requests).toHaveLength(0);
  });

  it('a request with its own Authorization never asks the token source', async () => {
    let asked = 0;
    const fake = createFakeFetch(() => jsonResponse([]));
    await sendOnce(
      { fetch: fake, apiKey: 'anon', tokenSource: { token: () => (asked++, 'jwt') } },
      { headers: { Authorization: 'Bearer explicit' } },
    );
    expect(asked).toBe(0);
    expect(fake.requests[0].headers.authorization).toBe('Bearer explicit');
  });

  it('a token of the wrong type is a typed input error', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    const source = { token: () => 42 } as unknown as TokenSource;
    await expect(sendOnce({ fetch: fake, tokenSource: source })).rejects.toMatchObject({
      name: 'SupabaseRxInputError',
      message: expect.stringContaining('tokenSource.token()'),
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('401 replay', () => {
  it('refreshes once and replays once with the new token', async () => {
    const fake = expiring();
    let refreshes = 0;
    const res = await sendOnce({
      fetch: fake,
      apiKey: 'anon',
      tokenSource: {
        token: () => 'stale',
        refreshAfterUnauthorized: () => (refreshes++, of('fresh')),
      },
    });
    expect(res.status).toBe(200);
    expect(refreshes).toBe(1);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer stale',
      'Bearer fresh',
    ]);
  });

  it('replays only once: a second 401 is emitted', async () => {
    const fake = expiring();
    let refreshes = 0;
    const res = await sendOnce({
      fetch: fake,
      tokenSource: {
        token: () => 'stale',
        refreshAfterUnauthorized: () => (refreshes++, of('also-stale')),
      },
    });
    expect(res.status).toBe(401);
    expect(res.body).toBe('{"message":"JWT expired"}');
    expect(refreshes).toBe(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('no replay when the bearer was the API key, or without refreshAfterUnauthorized', async () => {
    const keyOnly = expiring();
    const refresh = () => of('fresh');
    const a = await sendOnce({
      fetch: keyOnly,
      apiKey: 'anon',
      tokenSource: { token: () => null, refreshAfterUnauthorized: refresh },
    });
    expect([a.status, keyOnly.requests.length]).toEqual([401, 1]);
    const noRefresh = expiring();
    const b = await sendOnce({ fetch: noRefresh, tokenSource: { token: () => 'stale' } });
    expect([b.status, noRefresh.requests.length]).toEqual([401, 1]);
  });

  it('no replay when the request brought its own Authorization', async () => {
    const fake = expiring();
    const res = await sendOnce(
      {
        fetch: fake,
        tokenSource: { token: () => 'stale', refreshAfterUnauthorized: () => of('fresh') },
      },
      { headers: { Authorization: 'Bearer mine' } },
    );
    expect([res.status, fake.requests.length]).toEqual([401, 1]);
  });

  it('a refresh that fails or gives no token leaves the 401 to the caller', async () => {
    for (const refreshAfterUnauthorized of [
      () => throwError(() => new Error('refresh token revoked')),
      () => of(null),
      () => EMPTY,
    ]) {
      const fake = expiring();
      const res = await sendOnce({
        fetch: fake,
        tokenSource: { token: () => 'stale', refreshAfterUnauthorized },
      });
      expect(res.status).toBe(401);
      expect(res.body).toBe('{"message":"JWT expired"}');
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('replays a POST with its body', async () => {
    const fake = expiring();
    await sendOnce(
      {
        fetch: fake,
        tokenSource: { token: () => 'stale', refreshAfterUnauthorized: () => of('fresh') },
      },
      { method: 'POST', body: '{"title":"Alien"}' },
    );
    expect(fake.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', '{"title":"Alien"}'],
      ['POST', '{"title":"Alien"}'],
    ]);
  });

  it('other statuses are not replayed', async () => {
    const fake = createFakeFetch(() => textResponse('nope', { status: 403 }));
    let refreshes = 0;
    const res = await sendOnce({
      fetch: fake,
      tokenSource: { token: () => 'jwt', refreshAfterUnauthorized: () => (refreshes++, of('x')) },
    });
    expect([res.status, refreshes, fake.requests.length]).toEqual([403, 0, 1]);
  });
});
