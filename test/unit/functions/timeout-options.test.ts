import { catchError, of, type Subscription } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLazyModules } from '../../../src/lazy/preload.js';
import { recording, run } from '../helpers/timeout-marbles.js';
import { createClient } from '../../../src/index.js';
import { FunctionsClient } from '../../../src/functions/index.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { createMarbleFetch, textResponse } from '../../../src/testing/index.js';

const outcome = catchError((e: Error) => of(`${e.name}: ${e.message}`));
const late = (ms: number) =>
  `FunctionsFetchError: Failed to send a request to the Edge Function: POST /functions/v1/slow timed out after ${ms} ms`;

// createClient's storage and functions load on first use; marbles need them loaded first.
beforeAll(() => loadLazyModules());
describe('functions timeout from the client options', () => {
  it('global.timeout fires at the deadline with a FunctionsFetchError naming it, and aborts', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('100ms a', { a: textResponse('late') }));
      const supabase = createClient('http://fn.test', 'key', {
        global: { fetch, timeout: 50 },
        scheduler,
      });
      expectObservable(supabase.functions.invoke('slow').pipe(outcome)).toBe('50ms (e|)', {
        e: late(50),
      });
    });
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it('does not fire before the deadline: an answer 1 ms earlier stops the timer', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('49ms a', { a: textResponse('ok') }));
      const functions = new FunctionsClient('http://fn.test/functions/v1', {
        fetch,
        scheduler,
        timeout: 50,
      });
      // The body is parsed off virtual time (a promise): no error by 80 ms is the point here.
      expectObservable(functions.invoke('slow').pipe(outcome), '^ 80ms !').toBe('');
    });
    expect(fetch.requests[0]!.signal?.aborted).toBe(false);
  });

  it('functions.timeout beats global.timeout, and a call’s own timeout beats both', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('100ms a', { a: textResponse('late') }));
      const supabase = createClient('http://fn.test', 'key', {
        global: { fetch, timeout: 20 },
        functions: { timeout: 60 },
        scheduler,
      });
      expectObservable(supabase.functions.invoke('slow').pipe(outcome)).toBe('60ms (e|)', {
        e: late(60),
      });
      expectObservable(supabase.functions.invoke('slow', { timeout: 90 }).pipe(outcome)).toBe(
        '90ms (e|)',
        { e: late(90) },
      );
      // timeout 0: none at all, whatever the client's (no error by 150 ms).
      expectObservable(
        supabase.functions.invoke('slow', { timeout: 0 }).pipe(outcome),
        '^ 150ms !',
      ).toBe('');
    });
  });

  it('unsubscribing before the deadline cancels the timer and aborts the request', () => {
    let timers!: Subscription[];
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, testScheduler) => {
      const rec = recording(testScheduler, 50);
      timers = rec.timers;
      fetch = createMarbleFetch(() => cold('100ms a', { a: textResponse('late') }));
      const functions = new FunctionsClient('http://fn.test/functions/v1', {
        fetch,
        scheduler: rec.scheduler,
        timeout: 50,
      });
      expectObservable(functions.invoke('slow'), '30ms !').toBe('');
    });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.closed).toBe(true);
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it.each([
    [
      'functions.timeout',
      () => createClient('http://fn.test', 'key', { functions: { timeout: -1 } }),
    ],
    ['timeout', () => new FunctionsClient('http://fn.test/functions/v1', { timeout: Infinity })],
  ])('a bad %s → SupabaseRxInputError naming it', (name, make) => {
    expect(make).toThrow(SupabaseRxInputError);
    expect(make).toThrow(name);
  });
});
