import { describe, expect, it } from 'vitest';
import type { HttpMethod, HttpRequest } from '../../../src/http/types.js';
import { createTransport, type TransportOptions } from '../../../src/http/transport.js';
import { HttpAbortError, HttpNetworkError } from '../../../src/http/errors.js';
import {
  createFakeFetch,
  createVirtualClock,
  jsonResponse,
  networkError,
  never,
  textResponse,
  type FakeAnswer,
} from '../../../src/testing/index.js';

const URL_ = 'http://db.test/rest/v1/movies?select=id';

/** Sends one request through a transport on a virtual clock; records when each attempt was made. */
function setup(answers: FakeAnswer[], options: TransportOptions = {}) {
  const clock = createVirtualClock();
  const times: number[] = [];
  const fake = createFakeFetch((_req, i) => {
    times.push(clock.now());
    return answers[Math.min(i, answers.length - 1)];
  });
  const transport = createTransport({ fetch: fake, scheduler: clock.scheduler, ...options });
  const result: { status?: number; body?: unknown; error?: unknown; completed: boolean } = {
    completed: false,
  };
  const send = (req: Partial<HttpRequest> = {}) =>
    transport.request({ method: 'GET', url: URL_, headers: {}, ...req }).subscribe({
      next: (res) => {
        result.status = res.status;
        result.body = res.body;
      },
      error: (error) => (result.error = error),
      complete: () => (result.completed = true),
    });
  return { clock, times, fake, result, send };
}

const r520 = () => textResponse('origin error', { status: 520 });

describe('transport retries (virtual time)', () => {
  it('retries four 520s at 0, 1000, 3000, 7000 ms with X-Retry-Count 1, 2, 3; emits the last', async () => {
    const { clock, times, fake, result, send } = setup([r520(), r520(), r520(), r520()]);
    send();
    await clock.runAll();
    expect(times).toEqual([0, 1000, 3000, 7000]);
    expect(fake.requests.map((r) => r.headers['x-retry-count'])).toEqual([
      undefined,
      '1',
      '2',
      '3',
    ]);
    expect(result).toMatchObject({ status: 520, body: 'origin error', completed: true });
  });

  it('stops retrying as soon as an attempt succeeds', async () => {
    const { clock, times, result, send } = setup([
      textResponse('', { status: 503 }),
      jsonResponse([{ id: 1 }]),
    ]);
    send();
    await clock.runAll();
    expect(times).toEqual([0, 1000]);
    expect(result).toMatchObject({ status: 200, body: '[{"id":1}]', completed: true });
  });

  it('nothing happens between two attempts: the second waits for virtual time', async () => {
    const { clock, times, send } = setup([r520(), jsonResponse([])]);
    send();
    await clock.advanceBy(999);
    expect(times).toEqual([0]);
    await clock.advanceBy(1);
    expect(times).toEqual([0, 1000]);
  });

  it('honours Retry-After in seconds', async () => {
    const { clock, times, result, send } = setup([
      textResponse('', { status: 503, headers: { 'Retry-After': '10' } }),
      textResponse('', { status: 503, headers: { 'Retry-After': 'tomorrow' } }),
      jsonResponse(null),
    ]);
    send();
    await clock.runAll();
    expect(times).toEqual([0, 10_000, 10_000]);
    expect(result.status).toBe(200);
  });

  it('retries network errors, then errors with HttpNetworkError keeping the cause', async () => {
    const { clock, times, result, send } = setup([networkError('ECONNRESET')]);
    send();
    await clock.runAll();
    expect(times).toEqual([0, 1000, 3000, 7000]);
    expect(result.error).toBeInstanceOf(HttpNetworkError);
    expect(result.error).toMatchObject({ status: 0, code: 'network_error' });
    expect((result.error as Error).cause).toBeInstanceOf(TypeError);
  });

  it.each<HttpMethod>(['POST', 'PATCH', 'PUT', 'DELETE'])('never retries %s', async (method) => {
    const { clock, times, result, send } = setup([r520(), jsonResponse({})]);
    send({ method, body: '{}' });
    await clock.runAll();
    expect(times).toEqual([0]);
    expect(result.status).toBe(520);
  });

  it.each<HttpMethod>(['HEAD', 'OPTIONS'])('retries %s like GET', async (method) => {
    const { clock, times, result, send } = setup([r520(), textResponse('')]);
    send({ method });
    await clock.runAll();
    expect(times).toEqual([0, 1000]);
    expect(result.status).toBe(200);
  });

  it.each([500, 502, 504, 429])('does not retry a %i', async (status) => {
    const { clock, times, result, send } = setup([textResponse('', { status }), jsonResponse({})]);
    send();
    await clock.runAll();
    expect(times).toEqual([0]);
    expect(result.status).toBe(status);
  });

  it('does not retry when the request says retry: false', async () => {
    const { clock, times, result, send } = setup([r520(), jsonResponse({})]);
    send({ retry: false });
    await clock.runAll();
    expect(times).toEqual([0]);
    expect(result.status).toBe(520);
  });

  it('does not retry when the transport says retry: false, unless the request opts in', async () => {
    const off = setup([r520(), jsonResponse({})], { retry: false });
    off.send();
    await off.clock.runAll();
    expect(off.times).toEqual([0]);
    const optIn = setup([r520(), jsonResponse({})], { retry: false });
    optIn.send({ retry: true });
    await optIn.clock.runAll();
    expect(optIn.times).toEqual([0, 1000]);
  });

  it('does not retry an AbortError from fetch', async () => {
    const clock = createVirtualClock();
    const times: number[] = [];
    let error: unknown;
    const fake = createFakeFetch(() => {
      times.push(clock.now());
      throw new DOMException('gone', 'AbortError');
    });
    createTransport({ fetch: fake, scheduler: clock.scheduler })
      .request({ method: 'GET', url: URL_, headers: {} })
      .subscribe({ error: (e) => (error = e) });
    await clock.runAll();
    expect(times).toEqual([0]);
    expect(error).toBeInstanceOf(HttpAbortError);
    expect(error).toMatchObject({ status: 0, code: 'aborted' });
  });

  it('a user abort while waiting between retries errors at once and sends nothing more', async () => {
    const controller = new AbortController();
    const { clock, times, result, send } = setup([r520(), jsonResponse({})]);
    send({ signal: controller.signal });
    await clock.advanceBy(500);
    controller.abort('user gave up');
    await clock.runAll();
    expect(times).toEqual([0]);
    expect(result.error).toBeInstanceOf(HttpAbortError);
    expect((result.error as Error).cause).toBe('user gave up');
  });

  it('unsubscribing while waiting between retries cancels the retry', async () => {
    const { clock, times, send } = setup([r520(), jsonResponse({})]);
    const sub = send();
    await clock.advanceBy(500);
    sub.unsubscribe();
    await clock.runAll();
    expect(times).toEqual([0]);
  });

  it('a timeout is never retried and covers the waits between retries', async () => {
    const { clock, times, result, fake, send } = setup([r520(), never()], { timeout: 2500 });
    send();
    await clock.runAll();
    expect(times).toEqual([0, 1000]);
    expect(result.error).toMatchObject({ code: 'timeout', status: 0 });
    expect(clock.now()).toBe(2500);
    expect(fake.requests[1].signal?.aborted).toBe(true);
  });

  it('drains the body of a response it retries', async () => {
    const retried = r520();
    const { clock, send } = setup([retried, jsonResponse({})]);
    send();
    await clock.runAll();
    expect(retried.bodyUsed).toBe(true);
  });
});
