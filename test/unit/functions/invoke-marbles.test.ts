import { catchError, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLazyModules } from '../../../src/lazy/preload.js';
import { createClient } from '../../../src/index.js';
import { FunctionsClient, FunctionsFetchError } from '../../../src/functions/index.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { createMarbleFetch, networkError, textResponse } from '../../../src/testing/index.js';

const errorName = catchError((e: Error) => of(`${e.name}: ${e.message}`));

function run(
  body: (h: Parameters<Parameters<TestScheduler['run']>[0]>[0], s: TestScheduler) => void,
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run((h) => body(h, scheduler));
}

// createClient's storage and functions load on first use; marbles need them loaded first.
beforeAll(() => loadLazyModules());
describe('invoke() in virtual time', () => {
  it('timeout: fails with FunctionsFetchError at the deadline and aborts the fetch', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('100ms a', { a: textResponse('late') }));
      const functions = new FunctionsClient('http://fn.test/functions/v1', { fetch, scheduler });
      expectObservable(functions.invoke('slow', { timeout: 50 }).pipe(errorName)).toBe(
        '50ms (e|)',
        {
          e: 'FunctionsFetchError: Failed to send a request to the Edge Function: POST /functions/v1/slow timed out after 50 ms',
        },
      );
    });
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it('timeout errors keep the TimeoutError as context', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('100ms a', { a: textResponse('late') }));
      const supabase = createClient('http://fn.test', 'key', { global: { fetch }, scheduler });
      const ctx = supabase.functions
        .invoke('slow', { timeout: 10 })
        .pipe(
          catchError((e: FunctionsFetchError) =>
            of(e instanceof FunctionsFetchError && (e.context as Error).name),
          ),
        );
      expectObservable(ctx).toBe('10ms (c|)', { c: 'TimeoutError' });
    });
  });

  it('unsubscribing aborts the request; nothing is emitted', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('100ms a', { a: textResponse('late') }));
      const functions = new FunctionsClient('http://fn.test/functions/v1', { fetch, scheduler });
      expectObservable(functions.invoke('slow'), '30ms !').toBe('');
    });
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it('cold: nothing is sent before subscribe, each subscription sends again', () => {
    run(({ expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => networkError());
      const functions = new FunctionsClient('http://fn.test/functions/v1', { fetch, scheduler });
      const call = functions.invoke('f');
      expect(fetch.requests).toHaveLength(0);
      expectObservable(call.pipe(errorName)).toBe('(e|)', {
        e: 'FunctionsFetchError: Failed to send a request to the Edge Function',
      });
      expectObservable(call.pipe(errorName)).toBe('(e|)', {
        e: 'FunctionsFetchError: Failed to send a request to the Edge Function',
      });
      scheduler.flush();
      expect(fetch.requests).toHaveLength(2);
    });
  });

  it('a network error on GET is not retried', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => networkError());
      const supabase = createClient('http://fn.test', 'key', { global: { fetch }, scheduler });
      expectObservable(supabase.functions.invoke('f', { method: 'GET' }).pipe(errorName)).toBe(
        '(e|)',
        {
          e: 'FunctionsFetchError: Failed to send a request to the Edge Function',
        },
      );
    });
    expect(fetch.requests).toHaveLength(1);
  });
});

describe('bad input', () => {
  const functions = new FunctionsClient('http://fn.test/functions/v1');
  it.each<[string, () => unknown]>([
    ['empty name', () => functions.invoke('')],
    ['blank name', () => functions.invoke('  ')],
    ['non-string name', () => functions.invoke(42 as never)],
    ['bad method', () => functions.invoke('f', { method: 'TRACE' as never })],
    ['negative timeout', () => functions.invoke('f', { timeout: -1 })],
    ['empty url', () => new FunctionsClient('')],
  ])('%s → SupabaseRxInputError', (_label, call) => {
    expect(call).toThrow(SupabaseRxInputError);
  });
});
