import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/** A virtual-time scheduler driven step by step, letting promise chains settle between timers. */
export interface VirtualClock {
  /** Pass it as the `scheduler` option; its timers only run when the clock is advanced. */
  readonly scheduler: VirtualTimeScheduler;
  /** The current virtual time in ms (starts at 0). */
  now(): number;
  /** Lets pending promise chains (a fake fetch, a body read) run to completion. */
  settle(): Promise<void>;
  /** Runs, in order, every timer due within the next `ms`, settling promises before and after each. */
  advanceBy(ms: number): Promise<void>;
  /** Advances until no timer is left (or `limit` ms of virtual time have passed). */
  runAll(limit?: number): Promise<void>;
}

/**
 * A clock for code that mixes promises and scheduler timers — a transport over a fake `fetch`,
 * say — where `TestScheduler.run` cannot help (it flushes synchronously, before any promise
 * settles). Only microtasks are awaited between steps: no real timer runs, so tests stay exact.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * const fake = createFakeFetch(() => textResponse('', { status: 520 }));
 * const times: number[] = [];
 * createTransport({ fetch: fake, scheduler: clock.scheduler })
 *   .request({ method: 'GET', url, headers: {} })
 *   .subscribe();
 * await clock.runAll(); // the four attempts were made at 0, 1000, 3000 and 7000 ms
 * ```
 */
export function createVirtualClock(options: { settleRounds?: number } = {}): VirtualClock {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const rounds = options.settleRounds ?? 100;
  const settle = async () => {
    for (let i = 0; i < rounds; i++) await null;
  };
  const nextDue = (): number | undefined => {
    const { actions } = scheduler;
    while (actions.length > 0 && actions[0].closed) actions.shift();
    return actions[0]?.delay;
  };
  const advanceTo = async (target: number) => {
    await settle();
    for (let due = nextDue(); due !== undefined && due <= target; due = nextDue()) {
      scheduler.maxFrames = due;
      scheduler.flush();
      await settle();
    }
    scheduler.frame = Math.max(scheduler.frame, target);
    scheduler.maxFrames = Infinity;
  };
  return {
    scheduler,
    now: () => scheduler.now(),
    settle,
    advanceBy: (ms) => advanceTo(scheduler.frame + ms),
    runAll: async (limit = Number.MAX_SAFE_INTEGER) => {
      await settle();
      const end = scheduler.frame + limit;
      for (let due = nextDue(); due !== undefined && due <= end; due = nextDue()) {
        await advanceTo(due);
      }
    },
  };
}
