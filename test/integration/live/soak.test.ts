import { filter, firstValueFrom, timeout, type Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { liveQuery, type LiveQueryState } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../helpers/emulator.js';

/**
 * A smaller form of issue 10's soak: 3 writers, 1,500 writes (inserts, version bumps, deletes),
 * the socket killed 15 times by the server while they write (no emulator restart here). The final `data` equals a fresh select, and no emission ever shows a row
 * older than one shown before (versions only grow) or a row again after it was gone for good.
 */

const SQL = `
create table public.soak_rows (id int primary key, v int not null default 0, w int not null);
grant select on public.soak_rows to anon, authenticated;
alter publication supabase_realtime add table public.soak_rows;
`;

const WRITERS = 3;
const WRITES = 500; // per writer
const KILLS = 15;

type SoakRow = { id: number; v: number; w: number };

describe.each(suiteEngines())(
  'liveQuery soak: writes while the socket is killed (%s)',
  (engine) => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      emu = await startTestEmulator({ engine, sql: SQL });
    });
    afterAll(() => emu?.stop());

    it('ends equal to a fresh select; versions never go back; no row comes back after its delete', async () => {
      const supabase = createClient(emu.url, emu.anonKey, {
        realtime: { reconnectAfterMs: () => 10 },
      });
      const query = supabase.from('soak_rows').select('id, v, w').order('id');
      const live$ = liveQuery(query, { realtime: supabase, primaryKey: 'id' });
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
        const writer = async (w: number) => {
          const mine: number[] = [];
          for (let i = 0; i < WRITES; i++) {
            const id = w * 100_000 + i;
            const r = i % 5;
            if (r < 2 || mine.length === 0) {
              await emu.db.query('insert into public.soak_rows (id, w) values ($1, $2)', [id, w]);
              mine.push(id);
            } else if (r < 4) {
              const target = mine[(i * 7) % mine.length];
              await emu.db.query('update public.soak_rows set v = v + 1 where id = $1', [target]);
            } else {
              const [gone] = mine.splice((i * 3) % mine.length, 1);
              await emu.db.query('delete from public.soak_rows where id = $1', [gone]);
            }
            done++;
          }
        };
        const killer = async () => {
          for (let k = 0; k < KILLS; k++) {
            const at = Math.floor(((k + 1) * WRITERS * WRITES) / (KILLS + 1));
            while (done < at) await new Promise((r) => setImmediate(r));
            await emu.realtime.terminateConnections();
          }
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
        // Per row: the highest version shown so far, and whether it was shown then gone.
        const version = new Map<number, number>();
        const gone = new Set<number>();
        for (const s of seen) {
          const present = new Set<number>();
          for (const r of s.data) {
            present.add(r.id);
            expect(gone.has(r.id), `row ${r.id} back after it was gone`).toBe(false);
            expect(r.v, `row ${r.id} went back to an older version`).toBeGreaterThanOrEqual(
              version.get(r.id) ?? 0,
            );
            version.set(r.id, r.v);
          }
          for (const id of version.keys()) if (!present.has(id)) gone.add(id);
        }
        expect(seen.some((s) => s.status === 'resyncing')).toBe(true);
      } finally {
        sub.unsubscribe();
      }
    }, 120_000);
  },
);
