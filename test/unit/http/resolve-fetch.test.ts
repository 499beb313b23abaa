import { afterEach, describe, expect, it, vi } from 'vitest';
import { importFallbackFetch, resolveFetch } from '../../../src/http/resolve-fetch.js';

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
