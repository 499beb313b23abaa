import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastValueFrom } from 'rxjs';
import { streamUploadFetch } from '#stream-upload';
import type { StorageConfig } from '../../../src/storage/config.js';
import { blobStream } from '../../../src/storage/form-stream.js';
import { edgeRequest } from '../../../src/storage/stream-edge.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok) ?? ok(undefined));
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/up?x=1`;
}

/** `count` chunks of `size` bytes made as they are pulled; `pulled` and `cancelled` say how far. */
function source(count: number, size = 64 * 1024) {
  const state = { pulled: 0, cancelled: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === count) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(state.pulled++ & 0xff));
    },
    cancel(reason) {
      state.cancelled = reason ?? 'cancelled';
    },
  });
  return { stream, state };
}

function edge(): typeof fetch {
  const f = streamUploadFetch();
  if (!f) throw new Error('no Node edge');
  return f;
}

describe('#stream-upload on Node: fetch over node:http for streamed upload bodies', () => {
  it('sends the method, headers and the whole body chunked; answers with a fetch Response', async () => {
    let got: {
      method?: string;
      url?: string;
      headers?: IncomingMessage['headers'];
      bytes?: number[];
    } = {};
    const url = await serve((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const all = Buffer.concat(parts);
        got = {
          method: req.method,
          url: req.url,
          headers: req.headers,
          bytes: [all.length, all[0]!, all.at(-1)!],
        };
        res.writeHead(200, 'Fine', { 'content-type': 'application/json', 'x-a': 'b' });
        res.end('{"Key":"b/a.bin"}');
      });
    });
    const { stream } = source(3, 1000);
    const res = await edge()(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-upsert': 'false' },
      body: stream,
    });
    expect([res.status, res.statusText, res.headers.get('x-a')]).toEqual([200, 'Fine', 'b']);
    expect(await res.json()).toEqual({ Key: 'b/a.bin' });
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/up?x=1');
    expect(got.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'x-upsert': 'false',
      'transfer-encoding': 'chunked',
    });
    expect(got.bytes).toEqual([3000, 0, 2]);
  });

  it('sends bytes, strings and no body as they are', async () => {
    const url = await serve((req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length));
      req.on('end', () => res.end(String(n)));
    });
    const f = edge();
    expect(await (await f(url, { method: 'PUT', body: new Uint8Array(5) })).text()).toBe('5');
    expect(await (await f(url, { method: 'PUT', body: 'héllo' })).text()).toBe('6');
    expect(await (await f(url, { method: 'GET' })).text()).toBe('0');
  });

  it('sends a FormData, a Blob and URLSearchParams with the length and type fetch sends', async () => {
    const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const url = await serve((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(parts).toString('latin1') });
        res.end('{}');
      });
    });
    const form = () => {
      const f = new FormData();
      f.append('cacheControl', '3600');
      f.append('metadata', '{"ü":"line\r\nbreak"}');
      f.append('', new Blob(['hé\r\nllo'], { type: 'text/plain' }), 'ünï "q".txt');
      f.append('second', new Blob([new Uint8Array(70_000)]));
      return f;
    };
    const bodies = [
      form,
      () => new Blob(['abc'], { type: 'image/png' }),
      () => new URLSearchParams({ a: 'b c' }),
    ];
    const config = { ownFetch: false } as StorageConfig;
    for (const body of bodies) {
      await fetch(url, { method: 'POST', body: body() });
      const req = { method: 'POST' as const, url, headers: {}, body: body() };
      const r = await lastValueFrom(edgeRequest(config, req));
      await r.fetch!(r.url, { method: r.method, headers: r.headers, body: r.body });
    }
    const boundary = (h: IncomingMessage['headers']) =>
      /boundary=(.+)$/.exec(h['content-type']!)?.[1];
    const same = (r: (typeof seen)[number]) => {
      const b = boundary(r.headers);
      return {
        type: b ? r.headers['content-type']!.replace(b, '<b>') : r.headers['content-type'],
        length: r.headers['content-length'],
        chunked: r.headers['transfer-encoding'],
        body: b ? r.body.split(b).join('<b>') : r.body,
      };
    };
    for (let i = 0; i < seen.length; i += 2) {
      expect(same(seen[i + 1]!)).toEqual(same(seen[i]!));
      expect(Number(seen[i + 1]!.headers['content-length'])).toBe(
        Buffer.byteLength(seen[i + 1]!.body, 'latin1'),
      );
    }
  });

  it('pulls the body only as fast as the server reads it (backpressure)', async () => {
    let received = 0;
    let ahead = 0;
    const { stream, state } = source(512); // 32 MiB
    const url = await serve((req, res) => {
      req.on('data', (c: Buffer) => {
        received += c.length;
        ahead = Math.max(ahead, state.pulled * 64 * 1024 - received);
        // Read slowly: a pause per chunk leaves the client's writes waiting on 'drain'.
        req.pause();
        setImmediate(() => req.resume());
      });
      req.on('end', () => res.end('ok'));
    });
    await edge()(url, { method: 'POST', body: stream });
    expect(received).toBe(32 * 1024 * 1024);
    // Socket buffers and one write's worth, never the body.
    expect(ahead).toBeLessThan(8 * 1024 * 1024);
  });

  it('an answer before the whole body (an error) resolves, and the body is cancelled', async () => {
    const url = await serve((req, res) => {
      req.once('data', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"statusCode":"413","error":"Payload too large"}');
      });
    });
    const { stream, state } = source(Infinity);
    const res = await edge()(url, { method: 'POST', body: stream });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: '413' });
    await vi.waitFor(() => expect(state.cancelled).toBeDefined());
  });

  it('aborting rejects with an AbortError, cancels the body and closes the connection', async () => {
    let complete: boolean | undefined;
    const target = await serve((req) => {
      req.resume();
      req.on('close', () => (complete = req.complete));
    });
    const controller = new AbortController();
    const { stream, state } = source(Infinity);
    const pending = edge()(target, { method: 'POST', body: stream, signal: controller.signal });
    await vi.waitFor(() => expect(state.pulled).toBeGreaterThan(4));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(state.cancelled).toBeDefined();
    await vi.waitFor(() => expect(complete).toBe(false));
  });

  it('a signal aborted before the call rejects at once', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      edge()('http://127.0.0.1:9/', { method: 'POST', body: 'x', signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a network failure or a failing body rejects as fetch does (TypeError with the cause)', async () => {
    const refused = edge()('http://127.0.0.1:9/', { method: 'POST', body: 'x' });
    await expect(refused).rejects.toBeInstanceOf(TypeError);
    await expect(refused).rejects.toHaveProperty('cause.code', 'ECONNREFUSED');
    const url = await serve((req) => req.resume());
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('disk gone'));
      },
    });
    const failed = edge()(url, { method: 'POST', body: broken });
    await expect(failed).rejects.toBeInstanceOf(TypeError);
    await expect(failed).rejects.toHaveProperty('cause.message', 'disk gone');
  });

  it('refuses a body it cannot send, and steps aside once globalThis.fetch is replaced', async () => {
    await expect(
      edge()('http://127.0.0.1:9/', { method: 'POST', body: new FormData() }),
    ).rejects.toBeInstanceOf(TypeError);
    const req = { method: 'POST' as const, url: 'http://x.test/', headers: {}, body: 'x' };
    expect((await lastValueFrom(edgeRequest({ ownFetch: true } as StorageConfig, req))).fetch).toBe(
      undefined,
    );
    vi.stubGlobal('fetch', vi.fn());
    expect(streamUploadFetch()).toBeUndefined();
    expect(
      (await lastValueFrom(edgeRequest({ ownFetch: false } as StorageConfig, req))).fetch,
    ).toBe(undefined);
  });

  it('blobStream reads one slice per pull, never ahead of its reader', async () => {
    let sliced = 0;
    const blob = new Blob([new Uint8Array(10 * 1024)]);
    const spy = {
      size: blob.size,
      slice: (a?: number, b?: number) => (sliced++, blob.slice(a, b)),
    } as Blob;
    const reader = blobStream(spy, 1024).getReader();
    expect(sliced).toBe(0);
    expect((await reader.read()).value?.byteLength).toBe(1024);
    expect((await reader.read()).value?.byteLength).toBe(1024);
    expect(sliced).toBe(2);
  });
});
