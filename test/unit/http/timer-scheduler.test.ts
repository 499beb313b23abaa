import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { timerScheduler } from '../../../src/http/timer-scheduler.js';

// `timerScheduler` goes through rxjs's timer indirection, so `TestScheduler.run()` drives it on
// virtual time exactly as it drives `asyncScheduler`: these tests use no real timers.
function virtual(body: (flush: () => void, now: () => number) => void): void {
  const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
  ts.run(({ flush }) => body(flush, () => ts.now()));
}

describe('timerScheduler', () => {
  it('runs work after the delay, with its state, on virtual time inside TestScheduler.run()', () => {
    virtual((flush, now) => {
      const runs: [number, string][] = [];
      timerScheduler.schedule((state) => runs.push([now(), state]), 1000, 'a');
      timerScheduler.schedule((state) => runs.push([now(), state]), 250, 'b');
      flush();
      expect(runs).toEqual([
        [250, 'b'],
        [1000, 'a'],
      ]);
    });
  });

  it('reads the same clock as asyncScheduler', () => {
    virtual((flush) => {
      let seen = -1;
      timerScheduler.schedule(() => (seen = timerScheduler.now()), 40, null);
      flush();
      expect(seen).toBe(40);
    });
    expect(Math.abs(timerScheduler.now() - Date.now())).toBeLessThan(1000);
  });

  it('never runs work whose subscription was unsubscribed', () => {
    virtual((flush) => {
      const runs: number[] = [];
      const sub = timerScheduler.schedule(() => runs.push(1), 100, null);
      timerScheduler.schedule(() => sub.unsubscribe(), 50, null);
      flush();
      expect(runs).toEqual([]);
      expect(sub.closed).toBe(true);
    });
  });

  it('lets work reschedule itself through its action, until unsubscribed', () => {
    virtual((flush, now) => {
      const runs: [number, number][] = [];
      const sub = timerScheduler.schedule(
        function (n) {
          runs.push([now(), n]);
          if (n < 3) this.schedule(n + 1, 10);
        },
        5,
        1,
      );
      flush();
      expect(runs).toEqual([
        [5, 1],
        [15, 2],
        [25, 3],
      ]);
      expect(sub.closed).toBe(false);
      sub.unsubscribe();
      expect(sub.closed).toBe(true);
    });
  });

  it('defaults the delay to 0 (still asynchronous)', () => {
    virtual((flush) => {
      const runs: string[] = [];
      timerScheduler.schedule(() => runs.push('later'), undefined, null);
      runs.push('now');
      flush();
      expect(runs).toEqual(['now', 'later']);
    });
  });
});
