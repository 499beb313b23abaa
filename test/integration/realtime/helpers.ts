import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import {
  DRIVERS,
  settled,
  type Driver,
  type DriverFactory,
  type DriverOptions,
} from '../../conformance/realtime/drivers.js';
import { suiteEngines } from '../helpers/emulator.js';
import { USERS, userToken } from '../helpers/jwt.js';

export { USERS };

/** What a realtime integration test can reach: the emulator and clients of the driver under test. */
export interface RealtimeContext {
  engine: string;
  client: Driver['name'];
  emu(): EmulatorHandle;
  /** A client of the driver under test; signed out (the anon key) unless `user` is given. */
  connect(opts?: { user?: string; key?: string; vsn?: '1.0.0' | '2.0.0' }): Promise<Driver>;
}

let seq = 0;
/** A topic no other test of the process uses. */
export const topic = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

/**
 * Declares a suite run once per engine (one emulator each, with `sql` as its extra SQL) and, inside
 * it, once per client: supabase-rx and, beside it, realtime-js 2.119 through supabase-js on the
 * same flows, so a failure names which client (or the emulator) is wrong.
 */
export function realtimeSuite(title: string, sql: string, body: (ctx: RealtimeContext) => void) {
  describe.each(suiteEngines())(`${title} (%s)`, (engine) => {
    let handle: EmulatorHandle | undefined;
    beforeAll(async () => {
      handle = await startTestEmulator({ engine, sql });
    });
    afterAll(() => handle?.stop());

    describe.each(DRIVERS)('%s', (client, make: DriverFactory) => {
      const open: Driver[] = [];
      afterEach(async () => {
        await Promise.all(open.splice(0).map((d) => d.close().catch(() => undefined)));
      });
      const emu = () => {
        if (!handle) throw new Error('the emulator did not start');
        return handle;
      };
      body({
        engine,
        client,
        emu,
        async connect(opts = {}) {
          const e = emu();
          const token = opts.user ? await userToken(e.jwtSecret, opts.user) : null;
          const o: DriverOptions = { key: opts.key ?? e.anonKey, token, vsn: opts.vsn };
          const d = make(e.url, o);
          open.push(d);
          await settled();
          return d;
        },
      });
    });
  });
}
