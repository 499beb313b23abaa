import { timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from 'supabase-rx/testing';

describe('createVirtualClock', () => {
  it('runs timers only when advanced, in order, at their virtual times', async () => {
    const clock = createVirtualClock();
    const fired: Array<[string, number]> = [];
    timer(300, clock.scheduler).subscribe(() => fired.push(['b', clock.now()]));
    timer(100, clock.scheduler).subscribe(() => fired.push(['a', clock.now()]));
    expect(fired).toEqual([]);
    await clock.advanceBy(100);
    expect(fired).toEqual([['a', 100]]);
    await clock.advanceBy(150);
    expect(clock.now()).toBe(250);
    await clock.runAll();
    expect(fired).toEqual([
      ['a', 100],
      ['b', 300],
    ]);
  });

  it('lets promises settle between timers, so a promise can schedule the next timer', async () => {
    const clock = createVirtualClock();
    const seen: number[] = [];
    const step = (n: number) =>
      timer(1000, clock.scheduler).subscribe(() => {
        seen.push(clock.now());
        if (n > 1) Promise.resolve().then(() => step(n - 1));
      });
    step(3);
    await clock.runAll();
    expect(seen).toEqual([1000, 2000, 3000]);
  });

  it('skips cancelled timers and stops at the limit', async () => {
    const clock = createVirtualClock();
    const fired: number[] = [];
    const cancelled = timer(50, clock.scheduler).subscribe(() => fired.push(50));
    timer(10_000, clock.scheduler).subscribe(() => fired.push(10_000));
    cancelled.unsubscribe();
    await clock.runAll(5000);
    expect(fired).toEqual([]);
    await clock.runAll();
    expect(fired).toEqual([10_000]);
  });
});
