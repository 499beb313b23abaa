import { afterEach, describe, expect, it, vi } from 'vitest';
import { importFallbackFetch, resolveFetch } from '../../../src/http/resolve-fetch.js';
import { firstValueFrom } from 'rxjs';
import { createTransport } from '../../../src/http/transport.js';

const fallback = vi.fn(async () => new Response('from cross-fetch'));
vi.mock('cross-fetch', () => ({ default: fallback, fetch: fallback }));

describe('fetch resolution', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('prefers the given fetch, then the global one, looked up on each call', () => {
    const own = (() => Promise.resolve(new Response())) as typeof fetch;
    const global = (() => Promise.resolve(new Response())) as typeof fetch;
    expect(resolveFetch(own)).toBe(own);
    vi.stubGlobal('fetch', global);
    expect(resolveFetch(undefined)).toBe(global);
    vi.stubGlobal('fetch', undefined);
    expect(resolveFetch(undefined)).toBeUndefined();
  });

  it('loads cross-fetch lazily where there is no global fetch', async () => {
    const found = await importFallbackFetch();
    expect(await (await found('http://h.test/')).text()).toBe('from cross-fetch');
  });
});

describe('calling fetch', () => {
  it('calls it as a plain function, as a browser global fetch requires', async () => {
    // A browser's window.fetch throws "Illegal invocation" when called with another `this`.
    const browserLikeFetch = async function (this: unknown) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return new Response('[]', { headers: { 'content-type': 'application/json' } });
    } as unknown as typeof fetch;
    const transport = createTransport({ fetch: browserLikeFetch });
    const res = await firstValueFrom(
      transport.request({ method: 'GET', url: 'http://db.test/rest/v1/t', headers: {} }),
    );
    expect(res.status).toBe(200);
  });
});
