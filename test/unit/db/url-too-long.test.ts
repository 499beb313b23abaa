import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PostgrestClient } from '../../../src/db/client.js';
import { toNetworkError } from '../../../src/db/execute.js';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import { BASE, recordingFetch, testClient } from './helpers.js';

const errorOf = (q: PromiseLike<unknown> | import('rxjs').Observable<unknown>) =>
  firstValueFrom(q as import('rxjs').Observable<unknown>).then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => e as PostgrestError,
  );

const HTML = '<html><head><title>414 Request-URI Too Large</title></head></html>';

describe('a 414 or 431 answer says the URL was too long and names urlLengthLimit', () => {
  it.each([
    [414, 'URI Too Long', 'The request URL was too long for the server (414 URI Too Long)'],
    [
      431,
      'Request Header Fields Too Large',
      "The request's URL or headers were too long for the server (431 Request Header Fields Too Large)",
    ],
  ])('%i', async (status, statusText, start) => {
    const { db } = testClient(() => ({
      status,
      statusText,
      headers: new Headers({ 'content-type': 'text/html' }),
      body: HTML,
      url: '',
    }));
    const ids = Array.from({ length: 50 }, (_, i) => i);
    const q = db.from('t', { urlLengthLimit: 100 }).select('id').in('id', ids);
    const url = `${BASE}/t?${new URLSearchParams({ select: 'id', id: `in.(${ids.join(',')})` })}`;
    const e = await errorOf(q);
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e.message).toBe(`${start}: the URL is ${url.length} characters, urlLengthLimit 100`);
    expect(e).toMatchObject({ status, code: '', details: HTML });
    expect(e.hint).toMatch(/rpc\(\) function/);
  });

  it('through fetch: the URL sent, against the default limit', async () => {
    const { fetch, calls } = recordingFetch(() =>
      Promise.resolve(new Response('', { status: 414, statusText: 'URI Too Long' })),
    );
    const db = new PostgrestClient(BASE, { fetch, retry: false });
    const e = await errorOf(db.from('t').select('a'.repeat(9000)));
    expect(calls[0].url.length).toBeGreaterThan(9000);
    expect(e.message).toMatch(`the URL is ${calls[0].url.length} characters, urlLengthLimit 8000`);
  });

  it('other statuses keep the server’s message', async () => {
    const { db } = testClient(() => ({
      status: 400,
      statusText: 'Bad Request',
      headers: new Headers(),
      body: '{"message":"bad","code":"PGRST100"}',
      url: '',
    }));
    expect(await errorOf(db.from('t').select())).toMatchObject({
      message: 'bad',
      code: 'PGRST100',
    });
  });
});

describe('a network failure names its cause in the message', () => {
  it.each([
    [
      'ECONNREFUSED',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54321'), {
          code: 'ECONNREFUSED',
        }),
      }),
      'TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:54321)',
    ],
    [
      'a cause with a code only',
      new TypeError('fetch failed', { cause: Object.assign(new Error(''), { code: 'EPIPE' }) }),
      'TypeError: fetch failed (EPIPE)',
    ],
    ['no cause', new TypeError('fetch failed'), 'TypeError: fetch failed'],
    [
      'a cause already in the message',
      new TypeError('fetch failed: boom', { cause: new Error('boom') }),
      'TypeError: fetch failed: boom',
    ],
  ])('%s', (_name, error, message) => {
    const e = toNetworkError(error);
    expect(e.message).toBe(message);
    expect(e.status).toBe(0);
  });

  it('through the client, with the cause chain still in details', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54321'), {
      code: 'ECONNREFUSED',
    });
    const { fetch } = recordingFetch(() =>
      Promise.reject(new TypeError('fetch failed', { cause: refused })),
    );
    const db = new PostgrestClient(BASE, { fetch, retry: false });
    const e = await errorOf(db.from('t').insert({ a: 1 }));
    expect(e.message).toBe('TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:54321)');
    expect(e.details).toContain(
      'Caused by: Error: connect ECONNREFUSED 127.0.0.1:54321 (ECONNREFUSED)',
    );
  });
});
