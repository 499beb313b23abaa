import { filter, firstValueFrom, timeout, type Subscription } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { liveQuery, type LiveQueryState } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { restartableEmulator } from '../helpers/restartable-emulator.js';
import { suiteEngines } from '../helpers/emulator.js';

/**
 * Issue 10's soak: 4 writers, 10,000 writes (inserts, version bumps, deletes), the client's
 * socket killed 50 times by the server while they write, and the emulator stopped and started
 * again once, halfway (on the same database and port). Each kill hits a joined client (the next
 * waits for the resync) and writes go on while it is down. The final `data` equals a fresh
 * select, no emission shows a row again after it was gone, and no emission shows a row at an
 * older version than one shown before (the `version` option: `v` is bumped by every update).
 */

// Run at every start, so it must hold on a database that already has it.
const SQL = `
create table if not exists public.soak_rows (id int primary key, v int not null default 0, w int not null);
grant select on public.soak_rows to anon, authenticated;
do $$ begin
  alter publication supabase_realtime add table public.soak_rows;
exception when duplicate_object then null;
end $$;
`;

const WRITERS = 4;
const WRITES = 2_500; // per writer
const KILLS = 50;
const TOTAL = WRITERS * WRITES;

type SoakRow = { id: number; v: number; w: number };

describe.each(suiteEngines())(
  'liveQuery soak: writes while the socket is killed and the emulator restarts (%s)',
  (engine) => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
    });

    it('ends equal to a fresh select; no row comes back after its delete; no version goes back', async () => {
      const { start, drop } = await restartableEmulator(engine, 'rx-soak', SQL);
      cleanup.push(drop);
      let emu: EmulatorHandle = await start();
      cleanup.push(() => emu.stop());
      // Writers wait on this while the emulator is down (PGlite lives inside it).
      let up: Promise<unknown> = Promise.resolve();

      const supabase = createClient(emu.url, emu.anonKey, {
        realtime: { reconnectAfterMs: () => 10 },
      });
      const query = supabase.from('soak_rows').select('id, v, w').order('id');
      const live$ = liveQuery(query, { realtime: supabase, primaryKey: 'id', version: 'v' });
      const seen: LiveQueryState<SoakRow>[] = [];
      const sub: Subscription = live$.subscribe((s) => seen.push(s as LiveQueryState<SoakRow>));
      try {
        await firstValueFrom(
          live$.pipe(
            filter((s) => s.status === 'live'),
            timeout(10_000),
          ),
        );
        let done = 0;
        const tick = () => new Promise((r) => setImmediate(r));
        // Kill points: writers stop at the next one until that kill is done, so every kill lands
        // among the writes, and writes go on while the client is disconnected.
        const point = (k: number) => Math.floor(((k + 1) * TOTAL) / (KILLS + 1));
        let gate = point(0);
        const write = async (text: string, params: unknown[]) => {
          while (done >= gate) await tick();
          await up;
          await emu.db.query(text, params);
        };
        const writer = async (w: number) => {
          const mine: number[] = [];
          for (let i = 0; i < WRITES; i++) {
            const id = w * 100_000 + i;
            // 30 % inserts, 45 % version bumps, 25 % deletes: the table ends near 500 rows, under
            // the server's 1,000-row cap (a capped snapshot would make the view a window).
            const r = i % 20;
            if (r < 6 || mine.length === 0) {
              await write('insert into public.soak_rows (id, w) values ($1, $2)', [id, w]);
              mine.push(id);
            } else if (r < 15) {
              const target = mine[(i * 7) % mine.length];
              await write('update public.soak_rows set v = v + 1 where id = $1', [target]);
            } else {
              const [gone] = mine.splice((i * 3) % mine.length, 1);
              await write('delete from public.soak_rows where id = $1', [gone]);
            }
            done++;
          }
        };
        const reached = async (at: number) => {
          while (done < at) await tick();
        };
        /** The live query went down (error / resyncing) after emission `from`, then live again. */
        const resynced = async (from: number) => {
          const deadline = Date.now() + 15_000;
          for (;;) {
            const after = seen.slice(from);
            const down = after.findIndex((s) => s.status !== 'live');
            if (down >= 0 && after.slice(down).some((s) => s.status === 'live')) return;
            if (Date.now() > deadline) throw new Error(`no resync after emission ${from}`);
            await tick();
          }
        };
        let hits = 0;
        const killer = async () => {
          for (let k = 0; k < KILLS; k++) {
            await reached(gate);
            const from = seen.length;
            if (k === KILLS / 2) {
              // The restart, halfway: the socket drops with it.
              let restarted!: () => void;
              up = new Promise<void>((r) => (restarted = r));
              await emu.stop();
              emu = await start();
              restarted();
              await resynced(from);
            }
            const beforeKill = seen.length;
            if ((await emu.realtime.terminateConnections()) > 0) hits++;
            gate = point(k + 1);
            await resynced(beforeKill);
          }
          gate = Infinity;
        };
        await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), killer()]);
        const expected = (await firstValueFrom(query)).data;
        const final = await firstValueFrom(
          live$.pipe(
            filter(
              (s) => s.status === 'live' && JSON.stringify(s.data) === JSON.stringify(expected),
            ),
            timeout({
              first: 20_000,
              with: () =>
                Promise.reject(
                  new Error(
                    `last: ${seen.at(-1)?.status} ${seen.at(-1)?.data.length} rows, want ${expected.length}`,
                  ),
                ),
            }),
          ),
        );
        expect(final.data.length).toBeGreaterThan(0);
        // Per row: the highest version shown so far, and whether it was shown then gone. A row is
        // never shown again after it was gone, nor at a lower version than before.
        const version = new Map<number, number>();
        const gone = new Set<number>();
        for (const s of seen) {
          const present = new Set<number>();
          for (const r of s.data) {
            present.add(r.id);
            expect(gone.has(r.id), `row ${r.id} back after it was gone`).toBe(false);
            const top = version.get(r.id) ?? 0;
            expect(r.v, `row ${r.id} went back from version ${top}`).toBeGreaterThanOrEqual(top);
            version.set(r.id, r.v);
          }
          for (const id of version.keys()) if (!present.has(id)) gone.add(id);
        }
        // Every kill hit the client's socket, and each (and the restart) was followed by a resync.
        expect(hits).toBe(KILLS);
        expect(seen.every((s) => !s.capped)).toBe(true);
      } finally {
        sub.unsubscribe();
      }
    }, 120_000);
  },
);
