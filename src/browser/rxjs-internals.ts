// The browser builds load rxjs as one file (a CDN's ESM, or the UMD global), which has no
// `rxjs/internal/*` subpaths: there, the transport's scheduler reaches rxjs's clock and timers
// through `asyncScheduler`, so `TestScheduler.run()` still makes them virtual.
import { asyncScheduler, type Subscription } from 'rxjs';

/** `rxjs/internal/scheduler/dateTimestampProvider`, as the browser builds provide it. */
export const dateTimestampProvider = { now: (): number => asyncScheduler.now() };

/** `rxjs/internal/scheduler/timeoutProvider`, as the browser builds provide it. */
export const timeoutProvider = {
  setTimeout: (handler: () => void, timeout?: number): Subscription =>
    asyncScheduler.schedule(handler, timeout),
  clearTimeout: (handle: Subscription): void => handle.unsubscribe(),
};
