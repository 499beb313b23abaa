import { catchError, firstValueFrom, map, of, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLazyModules } from '../../../src/lazy/preload.js';
import { createClient } from '../../../src/index.js';
import { StorageClient } from '../../../src/storage/index.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { createMarbleFetch, jsonResponse, networkError } from '../../../src/testing/index.js';

function run(
  body: (h: Parameters<Parameters<TestScheduler['run']>[0]>[0], s: TestScheduler) => void,
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run((h) => body(h, scheduler));
}

const URL_ = 'http://s.test/storage/v1';
const errorName = catchError((e: Error & { statusCode?: string }) =>
  of(`${e.name} ${e.statusCode}: ${e.message}`),
);

// createClient's storage and functions load on first use; marbles need them loaded first.
beforeAll(() => loadLazyModules());
describe('storage calls in virtual time', () => {
  it('a call emits one response when the answer arrives, and completes', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('20ms a', { a: jsonResponse([{ id: 'b' }]) }));
      const storage = new StorageClient(URL_, { fetch, scheduler });
      expectObservable(storage.listBuckets().pipe(map((r) => r.data))).toBe('20ms (d|)', {
        d: [{ id: 'b' }],
      });
    });
  });

  it('a non-2xx answer errors with StorageApiError carrying the server statusCode', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const body = {
        statusCode: '409',
        error: 'Duplicate',
        message: 'The resource already exists',
      };
      const fetch = createMarbleFetch(() =>
        cold('5ms a', { a: jsonResponse(body, { status: 400 }) }),
      );
      const storage = new StorageClient(URL_, { fetch, scheduler });
      expectObservable(storage.from('b').upload('a.txt', 'x').pipe(errorName)).toBe('5ms (e|)', {
        e: 'StorageApiError 409: The resource already exists',
      });
    });
  });

  it.each<[string, (s: StorageClient) => Observable<unknown>]>([
    ['upload', (s: StorageClient) => s.from('b').upload('a.txt', 'x')],
    [
      'upload with events',
      (s: StorageClient) => s.from('b').upload('a.txt', 'x', { observe: 'events' }),
    ],
    ['list', (s: StorageClient) => s.from('b').list()],
    ['createSignedUrl', (s: StorageClient) => s.from('b').createSignedUrl('a.txt', 60)],
    ['remove', (s: StorageClient) => s.from('b').remove(['a.txt'])],
    ['createBucket', (s: StorageClient) => s.createBucket('b')],
  ])('unsubscribing %s aborts the request; nothing is emitted', (_label, call) => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('100ms a', { a: jsonResponse({}) }));
      const storage = new StorageClient(URL_, { fetch, scheduler, progressEdge: 'stream' });
      expectObservable(call(storage), '30ms !').toBe('');
    });
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it('cold: nothing is sent before subscribe; each subscription sends again', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('1ms a', { a: jsonResponse({ name: 'b' }) }));
      const storage = new StorageClient(URL_, { fetch, scheduler });
      const create$ = storage.createBucket('b');
      expect(fetch.requests).toHaveLength(0);
      expectObservable(create$.pipe(map((r) => r.data.name))).toBe('1ms (n|)', { n: 'b' });
      expectObservable(create$.pipe(map((r) => r.data.name))).toBe('1ms (n|)', { n: 'b' });
      scheduler.flush();
      expect(fetch.requests).toHaveLength(2);
    });
  });

  it('a refused connection is a StorageUnknownError; the transport does not retry', () => {
    run(({ expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => networkError());
      const supabase = createClient('http://s.test', 'key', { global: { fetch }, scheduler });
      expectObservable(supabase.storage.from('b').download('a.png').pipe(errorName)).toBe('(e|)', {
        e: 'StorageUnknownError undefined: fetch failed',
      });
      scheduler.flush();
      expect(fetch.requests).toHaveLength(1);
    });
  });

  it('supabase.storage sends the API key and the session token', async () => {
    const fetch = createMarbleFetch(() => jsonResponse([]));
    const supabase = createClient('http://s.test', 'anon', {
      global: { fetch, headers: { 'x-app': 'demo' } },
      accessToken: async () => 'user-jwt',
    });
    const { data } = await firstValueFrom(supabase.storage.from('b').list());
    expect(data).toEqual([]);
    const req = fetch.requests[0]!;
    expect(req.url).toBe('http://s.test/storage/v1/object/list/b');
    expect([req.headers.apikey, req.headers.authorization, req.headers['x-app']]).toEqual([
      'anon',
      'Bearer user-jwt',
      'demo',
    ]);
  });

  it('bad input throws at the call, before anything is sent', () => {
    const fetch = createMarbleFetch(() => jsonResponse({}));
    const files = new StorageClient(URL_, { fetch }).from('b');
    expect(() => files.upload('../x', 'a')).toThrow(SupabaseRxInputError);
    expect(() => files.download('a/%2e%2e/b')).toThrow(/segment/);
    expect(() => files.remove(['ok.png', 'x\u0000y'])).toThrow(/control character/);
    expect(() => files.move('a', '')).toThrow(/must name a file/);
    expect(() => files.uploadToSignedUrl('a', '', 'x')).toThrow(/token/);
    expect(() => new StorageClient(URL_).from('')).toThrow(/bucket id/);
    expect(() => new StorageClient('not a url')).toThrow(SupabaseRxInputError);
    expect(fetch.requests).toHaveLength(0);
  });
});
