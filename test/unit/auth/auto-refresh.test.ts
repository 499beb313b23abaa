import { TestScheduler } from 'rxjs/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthClient } from 'supabase-rx/auth';
import { AuthApi } from '../../../src/auth/auth-api.js';
import { AuthCore } from '../../../src/auth/auth-core.js';
import { AutoRefresh, ticks } from '../../../src/auth/auto-refresh.js';
import { StorageGateway, memoryStorage, type StorageFailure } from '../../../src/auth/storage.js';
import { Subject, asyncScheduler } from 'rxjs';
import { fakeTransport, json, mapStorage, tokenBody, type Recorded } from './helpers.js';
import { loadLazyModules } from 'supabase-rx/testing';

// The sign-in, sign-out and user flows load on first use; marbles need them loaded before run().
beforeAll(() => loadLazyModules());

const URL_ = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';
const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));

/** Answers each refresh with a session lasting 600 s from now; records when refreshes happened. */
function refreshingTransport(ts: TestScheduler, fail: (n: number) => boolean = () => false) {
  const times: number[] = [];
  const transport = fakeTransport((req: Recorded) => {
    if (req.query.grant_type === 'refresh_token') {
      times.push(ts.now());
      if (fail(times.length)) return json(503, { message: 'down' });
      return json(200, tokenBody(ts.now(), 600, `n${times.length}`));
    }
    if (req.path.endsWith('/logout')) return json(204, undefined);
    return json(404, { message: 'no' });
  });
  return { transport, times };
}

describe('auto refresh (tick 30 s, refresh within 3 ticks of expiry)', () => {
  it('refreshes 90 s before each expiry, on the client scheduler', () => {
    const ts = scheduler();
    ts.run(() => {
      const { transport, times } = refreshingTransport(ts);
      const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(0, 600, 'old')) });
      const auth = new AuthClient({ url: URL_, transport, scheduler: ts, storage });
      const events: string[] = [];
      auth.events$.subscribe(({ event }) => events.push(event));
      ts.schedule(() => auth.stopAutoRefresh(), 1_200_000);
      ts.flush();
      // Expiry at 600 s: the tick at 480 s sees 4 ticks left, the tick at 510 s sees 3 → refresh.
      // The new session expires at 1110 s → refresh at 1020 s.
      expect(times).toEqual([510_000, 1_020_000]);
      expect(events).toEqual(['INITIAL_SESSION', 'TOKEN_REFRESHED', 'TOKEN_REFRESHED']);
    });
  });

  it('stopAutoRefresh stops it and startAutoRefresh resumes with an immediate tick', () => {
    const ts = scheduler();
    ts.run(() => {
      const { transport, times } = refreshingTransport(ts);
      const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(0, 600, 'old')) });
      const auth = new AuthClient({ url: URL_, transport, scheduler: ts, storage });
      ts.schedule(() => auth.stopAutoRefresh(), 100_000);
      ts.schedule(() => auth.startAutoRefresh(), 555_000);
      ts.schedule(() => auth.stopAutoRefresh(), 700_000);
      ts.flush();
      expect(times).toEqual([555_000]);
    });
  });

  it('a failed tick is tried again on the next tick', () => {
    const ts = scheduler();
    ts.run(() => {
      // Every refresh attempt of the first tick fails (503s are retried within 30 s, then given up).
      const { transport, times } = refreshingTransport(ts, (n) => n <= 8);
      const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(0, 600, 'old')) });
      const auth = new AuthClient({ url: URL_, transport, scheduler: ts, storage });
      ts.schedule(() => auth.stopAutoRefresh(), 650_000);
      ts.flush();
      // First tick: the request and its retries (200, 400, 800 … ms) until the 30 s window is used up.
      // Ticks at 540 s and 570 s meet the 60 s failure cool-down; the tick at 600 s tries again.
      expect(times).toEqual([
        510_000, 510_200, 510_600, 511_400, 513_000, 516_200, 522_600, 535_400, 600_000,
      ]);
      expect(auth.session?.refresh_token).toBe('rt-n9');
    });
  });

  it('does not tick without a session, and stops ticking after sign-out', () => {
    const ts = scheduler();
    ts.run(() => {
      const { transport, times } = refreshingTransport(ts);
      const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(0, 600, 'old')) });
      const auth = new AuthClient({ url: URL_, transport, scheduler: ts, storage });
      ts.schedule(() => auth.signOut().subscribe(), 60_000);
      ts.schedule(() => auth.stopAutoRefresh(), 2_000_000);
      ts.flush();
      expect(times).toEqual([]);
    });
  });

  it('is paused while the page is hidden and ticks at once when it shows again', () => {
    const ts = scheduler();
    ts.run(({ hot }) => {
      const { transport, times } = refreshingTransport(ts);
      const failures = new Subject<StorageFailure>();
      const core = new AuthCore({
        api: new AuthApi(URL_, {}, transport),
        storage: new StorageGateway(memoryStorage(), failures),
        storageKey: KEY,
        scheduler: ts,
        flowType: 'implicit',
        storageFailures: failures,
      });
      core.store.set(tokenBody(0, 600, 'old'), 'SIGNED_IN');
      // visible, hidden at 100 s, visible again at 530 s.
      const visible$ = hot('v 99999ms h 429999ms v', { v: true, h: false });
      const auto = new AutoRefresh(core, visible$);
      auto.start();
      ts.schedule(() => auto.stop(), 700_000);
      ts.flush();
      expect(times).toEqual([530_000]);
    });
  });
});

describe('ticks on the default scheduler', () => {
  it('unrefs its timers so a signed-in Node script can exit; a given scheduler is used as is', () => {
    const unrefed: string[] = [];
    const realTimeout = globalThis.setTimeout;
    const realInterval = globalThis.setInterval;
    const spyT = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms?: number,
    ) => {
      const h = realTimeout(fn, ms);
      const unref = h.unref.bind(h);
      h.unref = () => (unrefed.push('timeout'), unref());
      return h;
    }) as typeof setTimeout);
    const spyI = vi.spyOn(globalThis, 'setInterval').mockImplementation(((
      fn: () => void,
      ms?: number,
    ) => {
      const h = realInterval(fn, ms);
      const unref = h.unref.bind(h);
      h.unref = () => (unrefed.push('interval'), unref());
      return h;
    }) as typeof setInterval);
    try {
      ticks(30_000, asyncScheduler).subscribe().unsubscribe();
      expect(unrefed).toEqual(['timeout', 'interval']);
    } finally {
      spyT.mockRestore();
      spyI.mockRestore();
    }
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(ticks(10, ts), '^ 25ms !').toBe('a 9ms b 9ms c', { a: 0, b: 1, c: 2 });
    });
  });
});
