import { describe, expect, it } from 'vitest';
import {
  createFakeFetch,
  jsonResponse,
  networkError,
  never,
  textResponse,
} from 'supabase-rx/testing';

describe('createFakeFetch', () => {
  it('records method, url, path, lower-cased headers and body text', async () => {
    const fake = createFakeFetch(() => jsonResponse({ ok: true }));
    await fake('http://h.test/rest/v1/movies?select=id', {
      method: 'post',
      headers: { 'Content-Type': 'application/json', Prefer: 'return=minimal' },
      body: '{"title":"Alien"}',
    });
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        url: 'http://h.test/rest/v1/movies?select=id',
        path: '/rest/v1/movies?select=id',
        headers: { 'content-type': 'application/json', prefer: 'return=minimal' },
        body: '{"title":"Alien"}',
        signal: null,
      },
    ]);
  });

  it('records a request given as a Request, and non-string bodies as text', async () => {
    const fake = createFakeFetch(() => new Response(null, { status: 204 }));
    await fake(new Request('http://h.test/a', { method: 'PUT', headers: { 'X-A': '1' } }));
    await fake('http://h.test/b', { method: 'POST', body: new Blob(['bytes']) });
    await fake('http://h.test/c', { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    expect(fake.requests.map((r) => [r.method, r.path, r.headers['x-a'], r.body])).toEqual([
      ['PUT', '/a', '1', null],
      ['POST', '/b', undefined, 'bytes'],
      ['POST', '/c', undefined, 'a=1+2'],
    ]);
  });

  it('answers from a handler with Responses or plain replies', async () => {
    const fake = createFakeFetch((req, index) =>
      index === 0
        ? textResponse(`hello ${req.path}`)
        : { status: 418, headers: { 'X-T': 'pot' }, body: 'tea' },
    );
    const a = await fake('http://h.test/x');
    const b = await fake('http://h.test/y');
    expect([a.status, await a.text(), a.headers.get('content-type')]).toEqual([
      200,
      'hello /x',
      'text/plain;charset=UTF-8',
    ]);
    expect([b.status, b.headers.get('x-t'), await b.text()]).toEqual([418, 'pot', 'tea']);
  });

  it('routes by "METHOD /path" or "/path", ignoring the query; a repeated Response is fresh each call', async () => {
    const fake = createFakeFetch({
      'GET /rest/v1/movies': jsonResponse([{ id: 1 }]),
      '/rest/v1/any': { status: 202 },
    });
    const first = await fake('http://h.test/rest/v1/movies?select=id');
    const second = await fake('http://h.test/rest/v1/movies');
    expect([await first.json(), await second.json()]).toEqual([[{ id: 1 }], [{ id: 1 }]]);
    expect((await fake('http://h.test/rest/v1/any', { method: 'DELETE' })).status).toBe(202);
  });

  it('a list of answers is given one per call, then fails loudly', async () => {
    const fake = createFakeFetch({ '/a': [{ status: 503 }, { status: 200 }] });
    expect((await fake('http://h.test/a')).status).toBe(503);
    expect((await fake('http://h.test/a')).status).toBe(200);
    const third = await fake('http://h.test/a');
    expect(third.status).toBe(501);
    expect(await third.text()).toMatch(/route \/a has 2 answers, this is call 3/);
  });

  it('an unknown route answers 501 naming the request and the known routes', async () => {
    const fake = createFakeFetch({ 'GET /a': { status: 200 } });
    const res = await fake('http://h.test/b?x=1', { method: 'POST' });
    expect(res.status).toBe(501);
    expect(await res.text()).toBe('createFakeFetch: no route for POST /b (routes: GET /a)');
  });

  it('networkError() rejects as a real fetch does', async () => {
    const fake = createFakeFetch(() => networkError('ECONNRESET'));
    const error = await fake('http://h.test/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect((error as { cause: { code: string } }).cause.code).toBe('ECONNRESET');
  });

  it('never() stays pending until the signal aborts, then rejects with its reason', async () => {
    const fake = createFakeFetch(() => never());
    const controller = new AbortController();
    let settled = false;
    const pending = fake('http://h.test/a', { signal: controller.signal }).finally(
      () => (settled = true),
    );
    for (let i = 0; i < 50; i++) await null;
    expect(settled).toBe(false);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(fake.requests[0].signal?.aborted).toBe(true);
  });

  it('an already-aborted signal rejects without asking the handler', async () => {
    let asked = 0;
    const fake = createFakeFetch(() => (asked++, jsonResponse(null)));
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(fake('http://h.test/a', { signal: controller.signal })).rejects.toThrow('stop');
    expect(asked).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });

  it('jsonResponse serialises and sets the content type; headers can be added', async () => {
    const res = jsonResponse({ a: 'é' }, { status: 201, headers: { 'Content-Range': '0-0/1' } });
    expect([res.status, res.headers.get('content-type'), res.headers.get('content-range')]).toEqual(
      [201, 'application/json', '0-0/1'],
    );
    expect(await res.json()).toEqual({ a: 'é' });
  });
});

describe('createFakeFetch with a broken handler', () => {
  it('a handler that answers nothing rejects with a message saying so', async () => {
    const fake = createFakeFetch((() => undefined) as never);
    await expect(fake('http://h.test/a')).rejects.toThrow(/handler answered undefined/);
  });
});
