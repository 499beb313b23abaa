import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpNetworkError, describeCause, describeRequest } from '../../../src/http/errors.js';
import { SupabaseRxError, SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { createTransport } from '../../../src/http/transport.js';
import type { HttpRequest } from '../../../src/http/types.js';
import { createFakeFetch, jsonResponse } from '../../../src/testing/index.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const fail = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => e,
  );

describe('network failures', () => {
  it('a refused connection errors with HttpNetworkError: status 0, cause kept, method and path named', async () => {
    const port = await closedPort();
    const transport = createTransport({ retry: false });
    const error = await fail(
      firstValueFrom(
        transport.request({
          method: 'GET',
          url: `http://127.0.0.1:${port}/rest/v1/movies?select=id&secret=eq.1`,
          headers: {},
        }),
      ),
    );
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect(error).toBeInstanceOf(SupabaseRxError);
    const e = error as HttpNetworkError;
    expect([e.status, e.code, e.name]).toEqual([0, 'network_error', 'HttpNetworkError']);
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^GET \/rest\/v1\/movies failed: .*ECONNREFUSED/);
    expect(e.message).not.toContain('secret');
  });

  it('a fetch that throws synchronously is a network error, not a crash', async () => {
    const fetch = (() => {
      throw new TypeError('broken fetch');
    }) as unknown as typeof globalThis.fetch;
    const error = await fail(
      firstValueFrom(
        createTransport({ fetch }).request({ method: 'POST', url: 'http://x.test/a', headers: {} }),
      ),
    );
    expect(error).toBeInstanceOf(HttpNetworkError);
    expect((error as Error).message).toBe('POST /a failed: broken fetch');
  });

  it.each([
    ['GET', 'https://h.test/rest/v1/t?x=1#frag', 'GET /rest/v1/t'],
    ['POST', 'http://h.test', 'POST /'],
    ['HEAD', 'http://h.test/?a', 'HEAD /'],
  ])('describeRequest(%s, %s) = %s', (method, url, expected) => {
    expect(describeRequest(method, url)).toBe(expected);
  });

  it('describeCause names undici’s nested cause and its code', () => {
    const cause = Object.assign(new Error('getaddrinfo failed'), { code: 'ENOTFOUND' });
    expect(describeCause(new TypeError('fetch failed', { cause }))).toBe(
      'fetch failed (ENOTFOUND: getaddrinfo failed)',
    );
    expect(describeCause('plain')).toBe('plain');
  });
});

describe('bad input is refused before anything is sent', () => {
  const cases: Array<[string, Partial<HttpRequest> | Record<string, unknown>, RegExp]> = [
    ['a relative URL', { url: '/rest/v1/movies' }, /must be absolute.*"\/rest\/v1\/movies"/],
    ['a URL that is not a string', { url: 42 }, /must be absolute.*42/],
    ['an unknown method', { method: 'FETCH' }, /Unknown HTTP method "FETCH"/],
    ['a body on GET', { body: 'x' }, /GET request cannot have a body/],
    ['an unknown responseType', { responseType: 'xml' }, /Unknown responseType "xml"/],
  ];
  it.each(cases)('%s', async (_what, patch, message) => {
    const fake = createFakeFetch(() => jsonResponse([]));
    const req = { method: 'GET', url: 'http://h.test/a', headers: {}, ...patch } as HttpRequest;
    const error = await fail(firstValueFrom(createTransport({ fetch: fake }).request(req)));
    expect(error).toBeInstanceOf(SupabaseRxInputError);
    expect((error as Error).message).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([0, -5, Number.NaN, Infinity, '100'])('createTransport refuses timeout %s', (timeout) => {
    expect(() => createTransport({ timeout: timeout as number })).toThrow(SupabaseRxInputError);
  });

  it('createTransport refuses a fetch that is not a function', () => {
    expect(() => createTransport({ fetch: 'fetch' as unknown as typeof fetch })).toThrow(
      /fetch must be a function/,
    );
  });
});

describe('which fetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('looks the global fetch up at request time', async () => {
    const transport = createTransport({ apiKey: 'k' });
    const fake = createFakeFetch(() => jsonResponse([]));
    vi.stubGlobal('fetch', fake);
    await firstValueFrom(transport.request({ method: 'GET', url: 'http://h.test/a', headers: {} }));
    expect(fake.requests).toHaveLength(1);
  });

  it('prefers options.fetch over the global one', async () => {
    const global = createFakeFetch(() => jsonResponse([]));
    const own = createFakeFetch(() => jsonResponse([]));
    vi.stubGlobal('fetch', global);
    await firstValueFrom(
      createTransport({ fetch: own }).request({
        method: 'GET',
        url: 'http://h.test/a',
        headers: {},
      }),
    );
    expect([own.requests.length, global.requests.length]).toEqual([1, 0]);
  });

  it('without any fetch (and without cross-fetch installed) errors clearly', async () => {
    vi.stubGlobal('fetch', undefined);
    const error = await fail(
      firstValueFrom(
        createTransport().request({ method: 'GET', url: 'http://h.test/a', headers: {} }),
      ),
    );
    expect(error).toBeInstanceOf(SupabaseRxError);
    expect(error).toMatchObject({ code: 'fetch_unavailable' });
    expect((error as Error).message).toMatch(/global\.fetch/);
  });
});
