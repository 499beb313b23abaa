import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HttpBodyError } from '../../../src/http/errors.js';
import { createTransport } from '../../../src/http/transport.js';
import type { HttpRequest } from '../../../src/http/types.js';
import { createFakeFetch, jsonResponse, textResponse } from '../../../src/testing/index.js';

const URL_ = 'http://db.test/storage/v1/object/b/file.bin';

function get(answer: () => Response, req: Partial<HttpRequest> = {}) {
  const fake = createFakeFetch(answer);
  return firstValueFrom(
    createTransport({ fetch: fake }).request({ method: 'GET', url: URL_, headers: {}, ...req }),
  ) as Promise<{
    status: number;
    body: unknown;
    headers: Headers;
    url: string;
    statusText: string;
  }>;
}

describe('response bodies', () => {
  it('reads text by default and keeps status, statusText, headers and url', async () => {
    const res = await get(() =>
      textResponse('hello', { status: 203, statusText: 'Partial', headers: { 'X-A': '1' } }),
    );
    expect(res).toMatchObject({ status: 203, statusText: 'Partial', body: 'hello', url: URL_ });
    expect(res.headers.get('x-a')).toBe('1');
  });

  it('emits error statuses as responses too (mapping them is the module’s job)', async () => {
    const res = await get(() => jsonResponse({ code: 'PGRST116' }, { status: 406 }));
    expect([res.status, res.body]).toEqual([406, '{"code":"PGRST116"}']);
  });

  it("'json' parses, and an empty body is null", async () => {
    expect((await get(() => jsonResponse({ a: [1] }), { responseType: 'json' })).body).toEqual({
      a: [1],
    });
    expect(
      (await get(() => new Response(null, { status: 204 }), { responseType: 'json' })).body,
    ).toBeNull();
  });

  it("'json' on a body that is not JSON errors with HttpBodyError keeping status and text", async () => {
    const error = await get(() => textResponse('<html>bad gateway</html>', { status: 502 }), {
      responseType: 'json',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpBodyError);
    expect(error).toMatchObject({
      status: 502,
      code: 'invalid_body',
      body: '<html>bad gateway</html>',
    });
    expect((error as Error).message).toContain('not JSON');
  });

  it("'blob' and 'arrayBuffer' give bytes", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const blob = (await get(() => new Response(bytes), { responseType: 'blob' })).body as Blob;
    expect(blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
    const buffer = (await get(() => new Response(bytes), { responseType: 'arrayBuffer' })).body;
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(buffer as ArrayBuffer)).toEqual(bytes);
  });

  it("'stream' hands over the body stream unread", async () => {
    let original: ReadableStream | null = null;
    const res = await get(
      () => {
        const r = new Response('streamed');
        original = r.body;
        return r;
      },
      { responseType: 'stream' },
    );
    expect(res.body).toBe(original);
    expect(await new Response(res.body as ReadableStream).text()).toBe('streamed');
  });

  it("'none' and HEAD give null; an unwanted body is cancelled, not read", async () => {
    const events: string[] = [];
    const body = new ReadableStream({
      pull: (c) => {
        events.push('pull');
        c.enqueue(new TextEncoder().encode('ignored'));
      },
      cancel: () => void events.push('cancel'),
    });
    const none = await get(() => new Response(body), { responseType: 'none' });
    expect(none.body).toBeNull();
    expect(events.filter((e) => e === 'cancel')).toEqual(['cancel']);
    const head = await get(() => new Response(null, { headers: { 'Content-Range': '*/42' } }), {
      method: 'HEAD',
    });
    expect(head.body).toBeNull();
    expect(head.headers.get('content-range')).toBe('*/42');
  });

  it('sends a streaming request body with duplex: half, and other bodies without it', async () => {
    const seen: Array<[unknown, string]> = [];
    const fetch = (async (_url: string, init: RequestInit & { duplex?: string }) => {
      seen.push([init.duplex, await new Response(init.body).text()]);
      return new Response(null, { status: 201 });
    }) as unknown as typeof globalThis.fetch;
    const transport = createTransport({ fetch });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('chunked'));
        c.close();
      },
    });
    await firstValueFrom(
      transport.request({ method: 'POST', url: URL_, headers: {}, body: stream }),
    );
    await firstValueFrom(
      transport.request({ method: 'POST', url: URL_, headers: {}, body: 'plain' }),
    );
    expect(seen).toEqual([
      ['half', 'chunked'],
      [undefined, 'plain'],
    ]);
  });
});
