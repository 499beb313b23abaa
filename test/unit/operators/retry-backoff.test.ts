import { defer, map } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { SupabaseRxError, SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { isSafeToRetry, retryBackoff } from '../../../src/operators/index.js';
import { response, testClient } from '../db/helpers.js';

const e503 = new SupabaseRxError('unavailable', { status: 503 });
const e400 = new SupabaseRxError('bad', { status: 400 });

describe('retryBackoff()', () => {
  it(
    'waits initialDelay, then doubles it, then succeeds (jitter 0)',
    marbles((m) => {
      let n = 0;
      const source = defer(() => (n++ < 2 ? m.cold('-#', {}, e503) : m.cold('-a|')));
      const out = source.pipe(retryBackoff({ initialDelay: 3, jitter: 0, scheduler: m.scheduler }));
      // 1 frame, error, 3 frames; 1 frame, error, 6 frames; 1 frame, a.
      m.expect(out).toBeObservable('-' + '---' + '-' + '------' + '-a|');
    }),
  );

  it(
    'applies seeded jitter: delay = base × (1 − jitter × random())',
    marbles((m) => {
      let n = 0;
      const source = defer(() => (n++ < 1 ? m.cold('-#', {}, e503) : m.cold('a|')));
      const out = source.pipe(
        retryBackoff({ initialDelay: 10, jitter: 0.5, random: () => 0.4, scheduler: m.scheduler }),
      );
      m.expect(out).toBeObservable('-' + '--------' + 'a|');
    }),
  );

  it(
    'gives up after maxRetries and passes the last error',
    marbles((m) => {
      const source = m.cold('-#', {}, e503);
      const out = source.pipe(
        retryBackoff({ maxRetries: 1, initialDelay: 2, jitter: 0, scheduler: m.scheduler }),
      );
      m.expect(out).toBeObservable('-' + '--' + '-#', {}, e503);
    }),
  );

  it(
    'does not retry a 400 by default',
    marbles((m) => {
      const out = m.cold('-#', {}, e400).pipe(retryBackoff({ scheduler: m.scheduler }));
      m.expect(out).toBeObservable('-#', {}, e400);
    }),
  );

  it(
    'honours a Retry-After (seconds) carried by the error',
    marbles((m) => {
      const e429 = Object.assign(new SupabaseRxError('slow down', { status: 429 }), {
        retryAfter: '0.005',
      });
      let n = 0;
      const source = defer(() => (n++ < 1 ? m.cold('#', {}, e429) : m.cold('a|')));
      m.expect(source.pipe(retryBackoff({ scheduler: m.scheduler }))).toBeObservable('-----a|');
    }),
  );

  it(
    'errors with SupabaseRxInputError on bad options, never hangs',
    marbles((m) => {
      const out = m.cold('a|').pipe(retryBackoff({ maxRetries: 1.5 }));
      m.expect(out).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError('maxRetries must be an integer ≥ 0, got 1.5'),
      );
    }),
  );

  it('isSafeToRetry: network, 408, 429, 5xx; not 4xx, aborts or POST', () => {
    expect([0, 408, 429, 500, 503].map((status) => isSafeToRetry({ status }))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(isSafeToRetry({ status: 404 })).toBe(false);
    expect(isSafeToRetry({ status: 0, name: 'AbortError' })).toBe(false);
    expect(isSafeToRetry({ status: 503, method: 'POST' })).toBe(false);
  });

  it(
    "piped onto a query builder, runs it with the transport's own retry off: the two never multiply",
    marbles((m) => {
      const { db, requests } = testClient(() => response(503, '{"message":"down"}'));
      const out = db
        .from('movies')
        .select()
        .pipe(retryBackoff({ maxRetries: 2, initialDelay: 1, jitter: 0, scheduler: m.scheduler }));
      const errors: unknown[] = [];
      out.subscribe({ error: (e: unknown) => errors.push(e) });
      m.flush();
      expect(errors).toHaveLength(1);
      // One attempt and two retries, each with the built-in retry off.
      expect(requests.map((r) => r.retry)).toEqual([false, false, false]);
    }),
  );

  it(
    'anywhere else in a pipeline it cannot see the query: its retry setting stays',
    marbles((m) => {
      const { db, requests } = testClient(() => response(503, '{"message":"down"}'));
      const out = db
        .from('movies')
        .select()
        .pipe(
          map((r) => r),
          retryBackoff({ maxRetries: 1, initialDelay: 1, jitter: 0, scheduler: m.scheduler }),
        );
      const errors: unknown[] = [];
      out.subscribe({ error: (e: unknown) => errors.push(e) });
      m.flush();
      expect(errors).toHaveLength(1);
      expect(requests.map((r) => r.retry)).toEqual([undefined, undefined]);
    }),
  );
});
