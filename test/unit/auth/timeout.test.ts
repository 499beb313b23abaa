import { catchError, of, type Subscription } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { recording, run } from '../helpers/timeout-marbles.js';
import { createClient } from '../../../src/index.js';
import { AuthClient } from '../../../src/auth.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { createMarbleFetch, jsonResponse, loadLazyModules } from '../../../src/testing/index.js';

// The sign-in, sign-out and user flows load on first use; marbles need them loaded before run().
beforeAll(() => loadLazyModules());

const errorText = catchError((e: Error & { status?: number }) =>
  of(`${e.name} ${e.status}: ${e.message}`),
);
const refused = jsonResponse(
  { code: 'invalid_credentials', msg: 'Invalid login credentials' },
  { status: 400 },
);
const signIn = (supabase: { auth: AuthClient }) =>
  supabase.auth.signInWithPassword({ email: 'a@b.co', password: 'pw' }).pipe(errorText);
const options = { auth: { persistSession: false } } as const;

describe('auth timeout', () => {
  it('global.timeout fires at the deadline with an AuthRetryableFetchError naming it, and aborts', () => {
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, scheduler) => {
      fetch = createMarbleFetch(() => cold('100ms a', { a: refused }));
      const supabase = createClient('http://a.test', 'key', {
        ...options,
        global: { fetch, timeout: 50 },
        scheduler,
      });
      expectObservable(signIn(supabase)).toBe('50ms (e|)', {
        e: 'AuthRetryableFetchError 0: POST /auth/v1/token timed out after 50 ms',
      });
    });
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it('does not fire before the deadline: an answer 1 ms earlier is delivered', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('49ms a', { a: refused }));
      const supabase = createClient('http://a.test', 'key', {
        ...options,
        global: { fetch, timeout: 50 },
        scheduler,
      });
      expectObservable(signIn(supabase)).toBe('49ms (e|)', {
        e: 'AuthApiError 400: Invalid login credentials',
      });
    });
  });

  it('auth.timeout beats global.timeout', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const fetch = createMarbleFetch(() => cold('100ms a', { a: refused }));
      const supabase = createClient('http://a.test', 'key', {
        auth: { persistSession: false, timeout: 80 },
        global: { fetch, timeout: 20 },
        scheduler,
      });
      expectObservable(signIn(supabase)).toBe('80ms (e|)', {
        e: 'AuthRetryableFetchError 0: POST /auth/v1/token timed out after 80 ms',
      });
    });
  });

  it('unsubscribing before the deadline cancels the timer and aborts the request', () => {
    let timers!: Subscription[];
    let fetch!: ReturnType<typeof createMarbleFetch>;
    run(({ cold, expectObservable }, testScheduler) => {
      const rec = recording(testScheduler, 50);
      timers = rec.timers;
      fetch = createMarbleFetch(() => cold('100ms a', { a: refused }));
      const auth = new AuthClient({
        url: 'http://a.test/auth/v1',
        fetch,
        scheduler: rec.scheduler,
        persistSession: false,
        timeout: 50,
      });
      expectObservable(signIn({ auth }), '30ms !').toBe('');
    });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.closed).toBe(true);
    expect(fetch.requests[0]!.signal?.aborted).toBe(true);
  });

  it.each([
    ['global.timeout', { global: { timeout: -1 } }],
    ['auth.timeout', { auth: { timeout: 0 } }],
  ])('a bad %s → SupabaseRxInputError naming it', (name, opts) => {
    expect(() => createClient('http://a.test', 'key', opts)).toThrow(SupabaseRxInputError);
    expect(() => createClient('http://a.test', 'key', opts)).toThrow(name);
  });
});
