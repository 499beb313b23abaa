import { catchError, map, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../../src/http/transport.js';
import type { HttpMethod, HttpRequest } from '../../../src/http/types.js';
import { SupabaseRxError } from '../../../src/http/supabase-rx-error.js';
import {
  createMarbleFetch,
  jsonResponse,
  networkError,
  never,
  textResponse,
  type MarbleHandler,
} from '../../../src/testing/index.js';

const URL_ = 'http://db.test/rest/v1/movies?select=id';

/**
 * The whole transport in virtual time: the marble fetch settles synchronously, so retries,
 * timeouts and cancellations are proved with marble diagrams. `calls` records, per attempt, the
 * virtual time and its X-Retry-Count.
 */
function scenario(
  body: (t: {
    helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0];
    send: (
      req?: Partial<HttpRequest>,
      options?: { retry?: boolean; timeout?: number },
    ) => ReturnType<ReturnType<typeof createTransport>['request']>;
    calls: Array<[number, string | undefined]>;
    answer: (h: MarbleHandler) => void;
  }) => void,
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const calls: Array<[number, string | undefined]> = [];
  let handler: MarbleHandler = () => jsonResponse([]);
  const fetch = createMarbleFetch((req, i) => {
    calls.push([scheduler.now(), req.headers['x-retry-count']]);
    return handler(req, i);
  });
  scheduler.run((helpers) => {
    body({
      helpers,
      calls,
      answer: (h) => (handler = h),
      send: (req = {}, options = {}) =>
        createTransport({ fetch, scheduler, ...options }).request({
          method: 'GET',
          url: URL_,
          headers: {},
          ...req,
        }),
    });
  });
  return calls;
}

const status = map((r: { status: number }) => r.status);
const errorCode = catchError((e: SupabaseRxError) => of(`${e.name}:${e.code}`));

describe('transport timeline in marbles', () => {
  it('four 520s: attempts at 0, 1000, 3000, 7000 ms with X-Retry-Count 1, 2, 3', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => textResponse('', { status: 520 }));
      helpers.expectObservable(send().pipe(status)).toBe('7000ms (s|)', { s: 520 });
    });
    expect(calls).toEqual([
      [0, undefined],
      [1000, '1'],
      [3000, '2'],
      [7000, '3'],
    ]);
  });

  it('slow attempts: the back-off starts when each answer arrives', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer((_r, i) =>
        helpers.cold('20ms a', { a: i < 2 ? textResponse('', { status: 503 }) : jsonResponse([]) }),
      );
      helpers.expectObservable(send().pipe(status)).toBe('3060ms (s|)', { s: 200 });
    });
    expect(calls.map(([t]) => t)).toEqual([0, 1020, 3040]);
  });

  it('four slow 520s (20 ms each): the last arrives at 7080 ms', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => helpers.cold('20ms a', { a: textResponse('', { status: 520 }) }));
      helpers.expectObservable(send().pipe(status)).toBe('7080ms (s|)', { s: 520 });
    });
    expect(calls.map(([t]) => t)).toEqual([0, 1020, 3040, 7060]);
  });

  it('Retry-After (seconds) replaces the back-off', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer((_r, i) =>
        i === 0
          ? textResponse('', { status: 503, headers: { 'Retry-After': '30' } })
          : jsonResponse([]),
      );
      helpers.expectObservable(send().pipe(status)).toBe('30000ms (s|)', { s: 200 });
    });
    expect(calls).toEqual([
      [0, undefined],
      [30000, '1'],
    ]);
  });

  it('network errors are retried, then surface as HttpNetworkError at 7000 ms', () => {
    scenario(({ helpers, send, answer }) => {
      answer(() => networkError());
      helpers
        .expectObservable(send().pipe(errorCode))
        .toBe('7000ms (e|)', { e: 'HttpNetworkError:network_error' });
    });
  });

  it.each<HttpMethod>(['POST', 'PATCH', 'DELETE'])('%s is never retried', (method) => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => textResponse('', { status: 520 }));
      helpers.expectObservable(send({ method, body: '{}' }).pipe(status)).toBe('(s|)', { s: 520 });
    });
    expect(calls).toHaveLength(1);
  });

  it('a 500 is final', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => textResponse('', { status: 500 }));
      helpers.expectObservable(send().pipe(status)).toBe('(s|)', { s: 500 });
    });
    expect(calls).toHaveLength(1);
  });

  it('retry: false on the request or the transport', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => textResponse('', { status: 503 }));
      helpers.expectObservable(send({ retry: false }).pipe(status)).toBe('(s|)', { s: 503 });
      helpers.expectObservable(send({}, { retry: false }).pipe(status)).toBe('(s|)', { s: 503 });
    });
    expect(calls).toHaveLength(2);
  });

  it('an abort is not retried: the user signal errors at once', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      const controller = new AbortController();
      answer(() => helpers.cold('100ms a', { a: jsonResponse([]) }));
      helpers.cold('50ms x').subscribe(() => controller.abort());
      helpers
        .expectObservable(send({ signal: controller.signal }).pipe(errorCode))
        .toBe('50ms (e|)', { e: 'HttpAbortError:aborted' });
    });
    expect(calls).toHaveLength(1);
  });

  it('a timeout aborts at its time and is not retried', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => never());
      helpers
        .expectObservable(send({}, { timeout: 2500 }).pipe(errorCode))
        .toBe('2500ms (e|)', { e: 'HttpTimeoutError:timeout' });
    });
    expect(calls).toHaveLength(1);
  });

  it('unsubscribing during the wait between retries: no further attempt', () => {
    const calls = scenario(({ helpers, send, answer }) => {
      answer(() => textResponse('', { status: 520 }));
      helpers.expectObservable(send(), '1500ms !').toBe('');
    });
    expect(calls.map(([t]) => t)).toEqual([0, 1000]);
  });

  it('unsubscribing mid-request aborts the fetch’s signal', () => {
    let signal: AbortSignal | null = null;
    scenario(({ helpers, send, answer }) => {
      answer((req) => {
        signal = req.signal;
        return helpers.cold('100ms a', { a: jsonResponse([]) });
      });
      helpers.expectObservable(send(), '40ms !').toBe('');
    });
    expect(signal!.aborted).toBe(true);
  });

  it('a response arriving later is emitted at its virtual time', () => {
    scenario(({ helpers, send, answer }) => {
      answer(() => helpers.cold('75ms a', { a: jsonResponse({ id: 1 }) }));
      helpers
        .expectObservable(send().pipe(map((r) => r.body)))
        .toBe('75ms (b|)', { b: '{"id":1}' });
    });
  });
});
