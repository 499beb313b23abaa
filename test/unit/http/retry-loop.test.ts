import { defer, of, throwError, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { retryLoop, type AttemptOutcome } from '../../../src/http/retry-loop.js';
import {
  retryDelayAfterError,
  retryDelayAfterResponse,
  type RetryableResponse,
} from '../../../src/http/retry-policy.js';

const reply = (status: number, headers: Record<string, string> = {}): RetryableResponse => ({
  status,
  headers: new Headers(headers),
});
const policy = (o: AttemptOutcome<RetryableResponse>, n: number) =>
  o.ok ? retryDelayAfterResponse(o.value, n) : retryDelayAfterError(o.error, n);

describe('retryLoop in virtual time', () => {
  it('makes four attempts at 0, 1000, 3000 and 7000 ms for four 520s, then emits the last', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const attempts: Array<[number, number]> = [];
      const last = reply(520);
      const loop$ = retryLoop<RetryableResponse>({
        attempt: (n) =>
          defer(() => {
            attempts.push([n, scheduler.now()]);
            return of(n === 3 ? last : reply(520));
          }),
        delayBeforeRetry: policy,
        scheduler,
      });
      expectObservable(loop$).toBe('7000ms (r|)', { r: last });
      scheduler.flush();
      expect(attempts).toEqual([
        [0, 0],
        [1, 1000],
        [2, 3000],
        [3, 7000],
      ]);
    });
  });

  it(
    'counts the time each attempt takes (cold attempts of 5 frames)',
    marbles((m) => {
      const a0 = m.cold('-----(f|)', { f: reply(503) });
      const a1 = m.cold('-----(f|)', { f: reply(503) });
      const a2 = m.cold('-----(o|)', { o: reply(200) });
      const attempts = [a0, a1, a2];
      const loop$ = retryLoop<RetryableResponse>({
        attempt: (n) => attempts[n],
        delayBeforeRetry: policy,
        scheduler: m.scheduler,
      });
      m.expect(loop$).toBeObservable('3015ms (o|)', { o: reply(200) });
      m.expect(a0).toHaveSubscriptions('^----!');
      m.expect(a1).toHaveSubscriptions('1005ms ^----!');
      m.expect(a2).toHaveSubscriptions('3010ms ^----!');
    }),
  );

  it(
    'honours Retry-After (seconds) instead of the back-off',
    marbles((m) => {
      const ok = reply(200);
      const attempts = [
        m.cold('(f|)', { f: reply(503, { 'Retry-After': '5' }) }),
        m.cold('(f|)', { f: reply(520, { 'Retry-After': 'not-a-number' }) }),
        m.cold('(o|)', { o: ok }),
      ];
      const loop$ = retryLoop<RetryableResponse>({
        attempt: (n) => attempts[n],
        delayBeforeRetry: policy,
        scheduler: m.scheduler,
      });
      // 5 s, then a non-numeric Retry-After: retry at once (still through the scheduler).
      m.expect(loop$).toBeObservable('5000ms (o|)', { o: ok });
      m.expect(attempts[1]).toHaveSubscriptions('5000ms (^!)');
      m.expect(attempts[2]).toHaveSubscriptions('5000ms (^!)');
    }),
  );

  it(
    'retries a network error with back-off and errors with the last one',
    marbles((m) => {
      const boom = new TypeError('fetch failed');
      const attempts: Observable<RetryableResponse>[] = [0, 1, 2, 3].map(() =>
        m.cold('#', undefined, boom),
      );
      const loop$ = retryLoop<RetryableResponse>({
        attempt: (n) => attempts[n],
        delayBeforeRetry: policy,
        scheduler: m.scheduler,
      });
      m.expect(loop$).toBeObservable('7000ms #', undefined, boom);
    }),
  );

  it(
    'stops at once on a final outcome (500, abort)',
    marbles((m) => {
      const final = reply(500);
      const abort = new DOMException('stopped', 'AbortError');
      m.expect(
        retryLoop<RetryableResponse>({
          attempt: () => of(final),
          delayBeforeRetry: policy,
          scheduler: m.scheduler,
        }),
      ).toBeObservable('(f|)', { f: final });
      m.expect(
        retryLoop<RetryableResponse>({
          attempt: () => throwError(() => abort),
          delayBeforeRetry: policy,
          scheduler: m.scheduler,
        }),
      ).toBeObservable('#', undefined, abort);
    }),
  );

  it(
    'unsubscribing while waiting between attempts cancels the next attempt',
    marbles((m) => {
      const attempts = [m.cold('(f|)', { f: reply(520) }), m.cold('(f|)', { f: reply(520) })];
      const loop$ = retryLoop<RetryableResponse>({
        attempt: (n) => attempts[n],
        delayBeforeRetry: policy,
        scheduler: m.scheduler,
      });
      m.expect(loop$, '500ms !').toBeObservable('');
      m.expect(attempts[1]).toHaveSubscriptions([]);
    }),
  );

  it(
    'resumes from a given retry after a given delay (the transport made attempt 0 itself)',
    marbles((m) => {
      const seen: number[] = [];
      const loop$ = retryLoop<RetryableResponse>(
        {
          attempt: (n) => {
            seen.push(n);
            return of(n === 3 ? reply(200) : reply(520));
          },
          delayBeforeRetry: policy,
          scheduler: m.scheduler,
        },
        { retryCount: 1, delay: 1000 },
      );
      m.expect(loop$).toBeObservable('7000ms (o|)', { o: reply(200) });
      m.scheduler.flush();
      expect(seen).toEqual([1, 2, 3]);
    }),
  );

  it(
    'an attempt that completes without a value ends the loop without one',
    marbles((m) => {
      const loop$ = retryLoop<RetryableResponse>({
        attempt: () => m.cold('--|'),
        delayBeforeRetry: policy,
        scheduler: m.scheduler,
      });
      m.expect(loop$).toBeObservable('--|');
    }),
  );

  it(
    'an attempt that throws, or a policy that throws, errors the loop',
    marbles((m) => {
      const boom = new Error('boom');
      const thrower = retryLoop<RetryableResponse>({
        attempt: () => {
          throw boom;
        },
        delayBeforeRetry: (o, n) => (n < 1 ? 10 : null),
        scheduler: m.scheduler,
      });
      m.expect(thrower).toBeObservable('10ms #', undefined, boom);
      const badPolicy = retryLoop<RetryableResponse>({
        attempt: () => of(reply(200)),
        delayBeforeRetry: () => {
          throw boom;
        },
        scheduler: m.scheduler,
      });
      m.expect(badPolicy).toBeObservable('#', undefined, boom);
    }),
  );
});

describe('retryLoop with promise attempts', () => {
  it('takes promises as attempts (what the transport gives it)', async () => {
    const seen: number[] = [];
    const value = await new Promise((resolve, reject) =>
      retryLoop<RetryableResponse>(
        {
          attempt: (n) => {
            seen.push(n);
            return n < 2
              ? Promise.reject(new TypeError('fetch failed'))
              : Promise.resolve(reply(200));
          },
          delayBeforeRetry: (o, n) => (o.ok || n >= 3 ? null : 0),
        },
        { retryCount: 0, delay: 0 },
      ).subscribe({ next: resolve, error: reject }),
    );
    expect(seen).toEqual([0, 1, 2]);
    expect(value).toMatchObject({ status: 200 });
  });

  it('ignores a promise that settles after unsubscribe', async () => {
    let settle!: (r: RetryableResponse) => void;
    const next: unknown[] = [];
    const sub = retryLoop<RetryableResponse>({
      attempt: () => new Promise<RetryableResponse>((r) => (settle = r)),
      delayBeforeRetry: () => null,
    }).subscribe((v) => next.push(v));
    sub.unsubscribe();
    settle(reply(200));
    await Promise.resolve();
    expect(next).toEqual([]);
  });
});
