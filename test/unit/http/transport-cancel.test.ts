import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAbortError, HttpTimeoutError } from '../../../src/http/errors.js';
import { createTransport } from '../../../src/http/transport.js';
import type { HttpResponse } from '../../../src/http/types.js';
import { createFakeFetch, createVirtualClock, jsonResponse } from '../../../src/testing/index.js';

/**
 * A real HTTP server whose handlers never finish on their own: each test learns when its request
 * arrived and whether the server saw the connection closed before the response was complete.
 */
interface Arrival {
  req: IncomingMessage;
  res: ServerResponse;
  /** Resolves `true` when the response was closed before the server ended it. */
  closedEarly: Promise<boolean>;
}

let server: Server;
let base: string;
const arrivals: Array<(a: Arrival) => void> = [];
const nextArrival = () => new Promise<Arrival>((resolve) => arrivals.push(resolve));

beforeAll(async () => {
  server = createServer((req, res) => {
    const closedEarly = new Promise<boolean>((resolve) =>
      res.on('close', () => resolve(!res.writableFinished)),
    );
    if (req.url?.startsWith('/partial')) {
      // Headers and a first chunk, then nothing: the client is left reading the body.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first chunk…');
    }
    arrivals.shift()?.({ req, res, closedEarly });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('cancellation against a real HTTP server', () => {
  it('unsubscribing mid-request closes the connection the server sees', async () => {
    const arrived = nextArrival();
    const events: string[] = [];
    const sub = createTransport({ apiKey: 'anon' })
      .request({ method: 'GET', url: `${base}/hang`, headers: {} })
      .subscribe({
        next: () => events.push('next'),
        error: () => events.push('error'),
        complete: () => events.push('complete'),
      });
    const { req, closedEarly } = await arrived;
    expect(req.headers.apikey).toBe('anon');
    sub.unsubscribe();
    expect(await closedEarly).toBe(true);
    expect(events).toEqual([]);
  });

  it('unsubscribing while the body is being read closes the connection too', async () => {
    const arrived = nextArrival();
    let headersIn!: () => void;
    const headersArrived = new Promise<void>((r) => (headersIn = r));
    const fetchSpy: typeof fetch = (input, init) =>
      fetch(input, init).then((res) => {
        headersIn();
        return res;
      });
    const events: string[] = [];
    const sub = createTransport({ fetch: fetchSpy })
      .request({ method: 'GET', url: `${base}/partial`, headers: {} })
      .subscribe({ next: () => events.push('next'), error: () => events.push('error') });
    const { closedEarly } = await arrived;
    await headersArrived;
    sub.unsubscribe();
    expect(await closedEarly).toBe(true);
    expect(events).toEqual([]);
  });

  it('the user signal aborts: typed HttpAbortError (status 0, reason kept), connection closed', async () => {
    const arrived = nextArrival();
    const controller = new AbortController();
    const failed = new Promise<unknown>((resolve) =>
      createTransport()
        .request({
          method: 'POST',
          url: `${base}/hang`,
          headers: {},
          body: '{}',
          signal: controller.signal,
        })
        .subscribe({ error: resolve }),
    );
    const { closedEarly } = await arrived;
    const reason = new Error('user cancelled');
    controller.abort(reason);
    const error = await failed;
    expect(error).toBeInstanceOf(HttpAbortError);
    expect(error).toMatchObject({ status: 0, code: 'aborted', cause: reason });
    expect((error as Error).message).toBe('POST /hang was aborted');
    expect(await closedEarly).toBe(true);
  });

  it('the timeout aborts with HttpTimeoutError (on the virtual clock) and closes the connection', async () => {
    const arrived = nextArrival();
    const clock = createVirtualClock();
    let error: unknown;
    createTransport({ timeout: 5000, scheduler: clock.scheduler })
      .request({ method: 'GET', url: `${base}/hang`, headers: {} })
      .subscribe({ error: (e) => (error = e) });
    const { closedEarly } = await arrived;
    await clock.advanceBy(4999);
    expect(error).toBeUndefined();
    await clock.advanceBy(1);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toBeInstanceOf(HttpAbortError);
    expect(error).toMatchObject({ status: 0, code: 'timeout', timeout: 5000 });
    expect(await closedEarly).toBe(true);
  });

  it('a response that completes in time is not aborted afterwards (stream stays readable)', async () => {
    const arrived = nextArrival();
    const clock = createVirtualClock();
    const response = new Promise<HttpResponse<unknown>>((resolve) =>
      createTransport({ timeout: 1000, scheduler: clock.scheduler })
        .request({ method: 'GET', url: `${base}/partial`, headers: {}, responseType: 'stream' })
        .subscribe((r) => resolve(r as HttpResponse<unknown>)),
    );
    const { res } = await arrived;
    const stream = (await response).body as ReadableStream<Uint8Array>;
    await clock.advanceBy(5000); // the timeout no longer applies
    res.end(' last chunk');
    expect(await new Response(stream).text()).toBe('first chunk… last chunk');
  });
});

describe('cancellation without a server', () => {
  it('an already-aborted signal errors at once, without calling fetch', () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    const controller = new AbortController();
    controller.abort('too late');
    let error: unknown;
    createTransport({ fetch: fake })
      .request({ method: 'GET', url: 'http://h.test/a', headers: {}, signal: controller.signal })
      .subscribe({ error: (e) => (error = e) });
    expect(error).toBeInstanceOf(HttpAbortError);
    expect((error as Error).cause).toBe('too late');
    expect(fake.requests).toHaveLength(0);
  });

  it('the signal listener is removed once the request is over', async () => {
    const fake = createFakeFetch(() => jsonResponse([]));
    const controller = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, l: EventListenerOrEventListenerObject) => {
      added.push(l);
      add(type, l);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, l: EventListenerOrEventListenerObject) => {
      removed.push(l);
      remove(type, l);
    }) as typeof signal.removeEventListener;
    await new Promise((done) =>
      createTransport({ fetch: fake })
        .request({ method: 'GET', url: 'http://h.test/a', headers: {}, signal })
        .subscribe({ complete: () => done(null) }),
    );
    expect(added).toHaveLength(1);
    expect(removed).toEqual(added);
  });
});
