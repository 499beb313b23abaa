import type { SchedulerLike, Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

type RunHelpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];

/** `TestScheduler.run` with vitest's deep equality, handing the body the helpers and the scheduler. */
export function run(body: (h: RunHelpers, s: TestScheduler) => void): void {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run((h) => body(h, scheduler));
}

/** The scheduler, recording the timers it is asked for with `delay` (the request timeouts). */
export function recording(base: SchedulerLike, delay: number) {
  const timers: Subscription[] = [];
  const scheduler = {
    now: () => base.now(),
    schedule(work: never, d?: number, state?: unknown) {
      const sub = base.schedule(work, d, state);
      if (d === delay) timers.push(sub);
      return sub;
    },
  } as SchedulerLike;
  return { scheduler, timers };
}
