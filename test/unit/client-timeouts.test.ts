import { catchError, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createMarbleFetch, jsonResponse } from '../../src/testing/index.js';

function run(
  body: (h: Parameters<Parameters<TestScheduler['run']>[0]>[0], s: TestScheduler) => void,
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run((h) => body(h, scheduler));
}

const outcome = catchError((e: Error & { hint?: string }) => of(`${e.name}: ${e.hint}`));

describe('createClient timeouts for the database', () => {
  it('global.timeout bounds database requests when db.timeout is not set', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('100ms a', { a: jsonResponse([]) }));
      const supabase = createClient('http://d.test', 'key', {
        global: { fetch, timeout: 40 },
        db: { retry: false },
        scheduler,
      });
      expectObservable(supabase.from('t').select().pipe(outcome)).toBe('40ms (e|)', {
        e: 'PostgrestError: Request was aborted (timeout or manual cancellation)',
      });
    });
  });

  it('db.timeout beats global.timeout', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('100ms a', { a: jsonResponse([]) }));
      const supabase = createClient('http://d.test', 'key', {
        global: { fetch, timeout: 10 },
        db: { timeout: 70, retry: false },
        scheduler,
      });
      expectObservable(supabase.from('t').select().pipe(outcome)).toBe('70ms (e|)', {
        e: 'PostgrestError: Request was aborted (timeout or manual cancellation)',
      });
    });
  });
});
