import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBaseTransport } from '../../../src/http/base-transport.js';
import { SupabaseRxError } from '../../../src/http/supabase-rx-error.js';
import { createModuleTransport, createTransport } from '../../../src/http/transport.js';
import type { HttpRequest } from '../../../src/http/types.js';
import { createFakeFetch, jsonResponse, textResponse } from '../../../src/testing/index.js';

const URL_ = 'http://db.test/rest/v1/movies?select=id';

describe('createBaseTransport: the database client’s own transport', () => {
  it('reads bodies as text whatever the responseType, and HEAD as null with the body cancelled', async () => {
    const fake = createFakeFetch(() => jsonResponse([{ id: 1 }]));
    const http = createBaseTransport({ fetch: fake, apiKey: 'anon' });
    const req: HttpRequest = { method: 'GET', url: URL_, headers: {}, responseType: 'json' };
    expect((await firstValueFrom(http.request(req))).body).toBe('[{"id":1}]');
    let cancelled = false;
    const head = createFakeFetch(
      () =>
        new Response(
          new ReadableStream({
            cancel() {
              cancelled = true;
            },
          }),
        ),
    );
    const res = await firstValueFrom(
      createBaseTransport({ fetch: head }).request({ method: 'HEAD', url: URL_, headers: {} }),
    );
    expect(res.body).toBeNull();
    expect(cancelled).toBe(true);
  });

  it('sends the API key as bearer and keeps the caller’s own Authorization', async () => {
    const fake = createFakeFetch(() => textResponse('[]'));
    const http = createBaseTransport({ fetch: fake, apiKey: 'anon' });
    await firstValueFrom(http.request({ method: 'GET', url: URL_, headers: {} }));
    await firstValueFrom(
      http.request({ method: 'GET', url: URL_, headers: { Authorization: 'Bearer user' } }),
    );
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer anon',
      'Bearer user',
    ]);
  });

  it('does not check requests (its caller builds them); createTransport refuses the same one', async () => {
    const fake = createFakeFetch(() => textResponse('ok'));
    const odd = { method: 'GET', url: URL_, headers: {}, responseType: 'xml' } as never;
    expect((await firstValueFrom(createBaseTransport({ fetch: fake }).request(odd))).body).toBe(
      'ok',
    );
    await expect(firstValueFrom(createTransport({ fetch: fake }).request(odd))).rejects.toThrow(
      'Unknown responseType "xml"',
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('createModuleTransport (createClient’s) skips the check too, but keeps token sources', async () => {
    const fake = createFakeFetch(() => textResponse('ok'));
    const http = createModuleTransport({
      fetch: fake,
      apiKey: 'anon',
      tokenSource: { token: () => 'user-jwt' },
    });
    const odd = { method: 'FETCH', url: URL_, headers: {} } as never;
    expect((await firstValueFrom(http.request(odd))).status).toBe(200);
    expect(fake.requests[0].headers.authorization).toBe('Bearer user-jwt');
    await expect(firstValueFrom(createTransport({ fetch: fake }).request(odd))).rejects.toThrow(
      'Unknown HTTP method "FETCH"',
    );
    expect(fake.requests).toHaveLength(1);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('without any fetch errors clearly, loading no polyfill (as postgrest-js)', async () => {
    vi.stubGlobal('fetch', undefined);
    const error: unknown = await firstValueFrom(
      createBaseTransport().request({ method: 'GET', url: URL_, headers: {} }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupabaseRxError);
    expect(error).toMatchObject({ code: 'fetch_unavailable' });
    expect((error as Error).message).toMatch(/Pass the fetch option/);
  });

  it('open() runs a request straight into a sink, and its teardown aborts the fetch', async () => {
    const fake = createFakeFetch(() => textResponse('[]'));
    const http = createBaseTransport({ fetch: fake, apiKey: 'anon' });
    const seen: unknown[] = [];
    const sink = {
      closed: false,
      next: (res: { status: number; body: unknown }) => seen.push([res.status, res.body]),
      error: (e: unknown) => seen.push(e),
      complete: (): void => void seen.push('complete'),
    };
    await new Promise<void>((resolve) => {
      sink.complete = () => {
        seen.push('complete');
        resolve();
      };
      http.open!({ method: 'GET', url: URL_, headers: {} }, sink);
    });
    expect(seen).toEqual([[200, '[]'], 'complete']);
    expect(fake.requests[0].headers.authorization).toBe('Bearer anon');
    // Torn down before the answer (a sink is closed first, as a Subscriber is): the fetch is
    // aborted and the sink hears nothing.
    const never = createFakeFetch(() => new Promise<Response>(() => undefined));
    const quiet = { ...sink, next: () => seen.push('next'), error: () => seen.push('error') };
    const run = createBaseTransport({ fetch: never }).open!(
      { method: 'GET', url: URL_, headers: {} },
      quiet,
    );
    quiet.closed = true;
    run.unsubscribe();
    expect(never.requests[0].signal?.aborted).toBe(true);
    await Promise.resolve();
    expect(seen).toEqual([[200, '[]'], 'complete']);
  });
});
