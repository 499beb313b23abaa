import { catchError, last, map, of, type Subscription } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLazyModules } from '../../../src/lazy/preload.js';
import { recording, run } from '../helpers/timeout-marbles.js';
import { createClient } from '../../../src/index.js';
import { StorageClient } from '../../../src/storage/index.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { createMarbleFetch, jsonResponse } from '../../../src/testing/index.js';

const URL_ = 'http://s.test/storage/v1';
const outcome = catchError((e: Error) => of(`${e.name}: ${e.message}`));
const buckets = jsonResponse([{ id: 'b' }]);

// createClient's storage and functions load on first use; marbles need them loaded first.
beforeAll(() => loadLazyModules());
describe('storage timeout', () => {
  it('global.timeout fires at the deadline with a StorageUnknownError naming it, and aborts', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('100ms a', { a: buckets }));
      const supabase = createClient('http://s.test', 'key', {
        global: { fetch, timeout: 50 },
        scheduler,
      });
      expectObservable(supabase.storage.listBuckets().pipe(outcome)).toBe('50ms (e|)', {
        e: 'StorageUnknownError: GET /storage/v1/bucket timed out after 50 ms',
      });
    });
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it('does not fire before the deadline: an answer 1 ms earlier is delivered', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('49ms a', { a: buckets }));
      const storage = new StorageClient(URL_, { fetch, scheduler, timeout: 50 });
      expectObservable(storage.listBuckets().pipe(map((r) => r.data))).toBe('49ms (d|)', {
        d: [{ id: 'b' }],
      });
    });
  });

  it('storage.timeout beats global.timeout', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('100ms a', { a: buckets }));
      const supabase = createClient('http://s.test', 'key', {
        global: { fetch, timeout: 20 },
        storage: { timeout: 70 },
        scheduler,
      });
      expectObservable(supabase.storage.listBuckets().pipe(outcome)).toBe('70ms (e|)', {
        e: 'StorageUnknownError: GET /storage/v1/bucket timed out after 70 ms',
      });
    });
  });

  it('uploads are not cut off: a slow upload still completes (with and without events)', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() =>
        cold('100ms a', { a: jsonResponse({ Id: 'i', Key: 'b/a.txt' }) }),
      );
      const supabase = createClient('http://s.test', 'key', {
        global: { fetch, timeout: 20 },
        scheduler,
      });
      const upload = supabase.storage.from('b').upload('a.txt', 'hi');
      expectObservable(upload.pipe(map((r) => r.data.fullPath))).toBe('100ms (p|)', {
        p: 'b/a.txt',
      });
      const events = supabase.storage.from('b').upload('a.txt', 'hi', { observe: 'events' });
      expectObservable(
        events.pipe(
          last(),
          map((e) => e.type),
        ),
      ).toBe('100ms (d|)', { d: 'done' });
    });
  });

  it('unsubscribing before the deadline cancels the timer and aborts the request', () => {
    let timers!: Subscription[];
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, testScheduler) => {
      const rec = recording(testScheduler, 50);
      timers = rec.timers;
      fetch = createMarbleFetch(() => cold('100ms a', { a: buckets }));
      const storage = new StorageClient(URL_, { fetch, scheduler: rec.scheduler, timeout: 50 });
      expectObservable(storage.listBuckets(), '30ms !').toBe('');
    });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.closed).toBe(true);
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it.each([
    ['storage.timeout', () => createClient('http://s.test', 'key', { storage: { timeout: -5 } })],
    ['timeout', () => new StorageClient(URL_, { timeout: Number.NaN })],
  ])('a bad %s → SupabaseRxInputError naming it', (name, make) => {
    expect(make).toThrow(SupabaseRxInputError);
    expect(make).toThrow(name);
  });
});
