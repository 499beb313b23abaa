import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { transferEvents, type TransferProgress } from '../../../src/storage/progress.js';

function run(
  body: (h: Parameters<Parameters<TestScheduler['run']>[0]>[0], s: TestScheduler) => void,
) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run((h) => body(h, scheduler));
}

const p = (loaded: number, total: number | undefined = 40): TransferProgress => ({ loaded, total });
const ev = (loaded: number, total: number | undefined = 40) => ({
  type: 'progress',
  loaded,
  total,
});
const unsized = (loaded: number): TransferProgress => ({ loaded, total: undefined });
const unsizedEv = (loaded: number) => ({ type: 'progress', loaded, total: undefined });
const done = (data: unknown) => ({ type: 'done', data });

describe('transferEvents(): throttled progress, then a final count and done', () => {
  it('the first count at once, then at most one per interval (the latest of each window)', () => {
    run(({ cold, expectObservable }, scheduler) => {
      // counts at 0, 1, 2, 3 (10 ms apart each), one window of 25 ms
      const progress$ = cold('a 9ms b 9ms c 9ms d', { a: p(10), b: p(20), c: p(30), d: p(40) });
      const result$ = cold('100ms (r|)', { r: 'R' });
      expectObservable(transferEvents(progress$, result$, { interval: 25, scheduler })).toBe(
        'a 24ms c 24ms d 49ms (D|)',
        { a: ev(10), c: ev(30), d: ev(40), D: done('R') },
      );
    });
  });

  it('never more than one progress event within any interval', () => {
    run(({ cold, expectObservable }, scheduler) => {
      // a count every millisecond for 20 ms
      const counts = Object.fromEntries(
        [...'abcdefghijklmnopqrst'].map((k, i) => [k, p(i + 1, 20)]),
      );
      const progress$ = cold('abcdefghijklmnopqrst', counts);
      const result$ = cold('30ms (r|)', { r: 'R' });
      expectObservable(transferEvents(progress$, result$, { interval: 5, scheduler })).toBe(
        'a 4ms f 4ms k 4ms p 4ms t 9ms (D|)',
        { a: ev(1, 20), f: ev(6, 20), k: ev(11, 20), p: ev(16, 20), t: ev(20, 20), D: done('R') },
      );
    });
  });

  it('a count still held by the throttle is replaced by the final loaded === total', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const progress$ = cold('a 2ms b', { a: p(10), b: p(30) });
      const result$ = cold('5ms (r|)', { r: 'R' });
      expectObservable(transferEvents(progress$, result$, { interval: 100, scheduler })).toBe(
        'a 4ms (zD|)',
        { a: ev(10), z: ev(40), D: done('R') },
      );
    });
  });

  it('only increasing counts pass; no progress at all still ends with 0/0 then done', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const progress$ = cold('a 9ms b 9ms c', { a: p(20), b: p(10), c: p(20) });
      const result$ = cold('50ms (r|)', { r: 'R' });
      expectObservable(transferEvents(progress$, result$, { interval: 5, scheduler })).toBe(
        'a 49ms (zD|)',
        { a: ev(20), z: ev(40), D: done('R') },
      );
      expectObservable(
        transferEvents(cold('-'), cold('3ms (r|)', { r: 1 }), { interval: 5, scheduler }),
      ).toBe('3ms (zD|)', { z: ev(0, 0), D: done(1) });
    });
  });

  it('an unknown total ends as the bytes counted, even a count the throttle still held', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const progress$ = cold('a 1ms b', { a: unsized(5), b: unsized(9) });
      const result$ = cold('4ms (r|)', { r: 'R' });
      expectObservable(transferEvents(progress$, result$, { interval: 50, scheduler })).toBe(
        'a 3ms (zD|)',
        { a: unsizedEv(5), z: ev(9, 9), D: done('R') },
      );
    });
  });

  it('an unknown total ends as the bytes counted; a known size wins', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const progress$ = cold('a 9ms b', { a: unsized(5), b: unsized(9) });
      const result$ = cold('20ms (r|)', { r: 'R' });
      expectObservable(transferEvents(progress$, result$, { interval: 1, scheduler })).toBe(
        'a 9ms b 9ms (zD|)',
        { a: unsizedEv(5), b: unsizedEv(9), z: ev(9, 9), D: done('R') },
      );
      expectObservable(
        transferEvents(cold('-'), cold('2ms (r|)', { r: 'R' }), {
          interval: 1,
          scheduler,
          size: 7,
        }),
      ).toBe('2ms (zD|)', { z: ev(7, 7), D: done('R') });
    });
  });

  it('a failed transfer errors after its progress, with no done', () => {
    run(({ cold, expectObservable }, scheduler) => {
      const progress$ = cold('a 9ms b', { a: p(10), b: p(20) });
      const result$ = cold('15ms #', undefined, new Error('boom'));
      expectObservable(transferEvents(progress$, result$, { interval: 1, scheduler })).toBe(
        'a 9ms b 4ms #',
        { a: ev(10), b: ev(20) },
        new Error('boom'),
      );
    });
  });

  it('unsubscribing drops both the counts and the transfer', () => {
    run(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const progress$ = cold('a 9ms b 9ms c', { a: p(10), b: p(20), c: p(30) });
      const result$ = cold('50ms (r|)', { r: 'R' });
      expectObservable(
        transferEvents(progress$, result$, { interval: 1, scheduler }),
        '^ 14ms !',
      ).toBe('a 9ms b', { a: ev(10), b: ev(20) });
      expectSubscriptions(result$.subscriptions).toBe('^ 14ms !');
      expectSubscriptions(progress$.subscriptions).toBe('^ 14ms !');
    });
  });
});
