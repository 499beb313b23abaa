import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import type { ChangeFeed } from '../../src/realtime/changes/change-feed.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { anonAuth, Collector, mark, MARKS, MARKS_SQL, serviceAuth } from './changes-helpers.js';

const SQL = /* sql */ `
create table burst (id int primary key);
alter publication supabase_realtime add table burst;
${MARKS_SQL}
`;
const BURST = { event: 'INSERT', schema: 'public', table: 'burst' } as const;

describe.each(testEngines())('change feed delivery on %s', (engine) => {
  let emu: EmulatorHandle;
  let feed: ChangeFeed;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
    feed = emu.changeFeed;
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('loses nothing across a burst of 1,000 concurrent inserts, and delivers each once', async () => {
    const c = new Collector();
    const sub = await feed.subscribe([BURST], serviceAuth, c.onChange);
    const committed: number[] = [];
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        emu.db.query('insert into burst values ($1)', [i]).then(() => committed.push(i)),
      ),
    );
    await c.count(1000);
    sub.unsubscribe();
    const ids = c.records('burst').map((r) => r.id as number);
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort((x, y) => x - y)).toEqual([...committed].sort((x, y) => x - y));
  });

  it.runIf(engine === 'postgres')('delivers in commit order, not in order of writing', async () => {
    const c = new Collector();
    const sub = await feed.subscribe(
      [{ ...BURST, filter: 'id=gte.5000' }],
      serviceAuth,
      c.onChange,
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const first = emu.db.transaction(async (tx) => {
      await tx.query('insert into burst values (5001)');
      wrote();
      await gate;
    });
    await written;
    await emu.db.transaction((tx) => tx.query('insert into burst values (5002)'));
    release();
    await first;
    await c.count(2);
    sub.unsubscribe();
    expect(c.records('burst').map((r) => r.id)).toEqual([5002, 5001]);
  });

  it('stops delivering to a subscriber once it unsubscribes', async () => {
    const gone = new Collector();
    const stays = new Collector();
    const sub = await feed.subscribe([BURST, MARKS], serviceAuth, gone.onChange);
    await feed.subscribe([BURST, MARKS], serviceAuth, stays.onChange);
    await emu.db.query('insert into burst values (9001)');
    await mark(emu, 1);
    await gone.marked(1);
    sub.unsubscribe();
    await emu.db.query('insert into burst values (9002)');
    await mark(emu, 2);
    await stays.marked(2);
    expect(gone.records('burst')).toEqual([{ id: 9001 }]);
    expect(stays.records('burst')).toEqual([{ id: 9001 }, { id: 9002 }]);
  });

  it('captures writes made under an API role, which may not touch the queue itself', async () => {
    const c = new Collector();
    const sub = await feed.subscribe([BURST], serviceAuth, c.onChange);
    const settings = { auth: anonAuth, method: 'POST', path: '/rest/v1/burst', headers: {} };
    await emu.context.runAs(settings, (tx) => tx.query('insert into burst values (7777)'));
    await expect(
      emu.context.runAs(settings, (tx) => tx.query('select * from realtime.emulator_changes')),
    ).rejects.toThrow(/permission denied/);
    await c.count(1);
    sub.unsubscribe();
    expect(c.records('burst')).toEqual([{ id: 7777 }]);
  });

  it('empties the queue of delivered changes', async () => {
    await feed.close();
    const { rows } = await emu.db.query<{ n: number }>(
      'select count(*)::int as n from realtime.emulator_changes',
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('change feed robustness', () => {
  it('keeps delivering to others when one subscriber throws, and reads the event case-insensitively', async () => {
    const emu = await startTestEmulator({ sql: SQL });
    const feed = emu.changeFeed;
    try {
      const ok = new Collector();
      await feed.subscribe([BURST], serviceAuth, () => {
        throw new Error('subscriber bug');
      });
      await feed.subscribe(
        [{ event: 'insert' as 'INSERT', schema: 'public', table: 'burst' }],
        serviceAuth,
        ok.onChange,
      );
      await emu.db.query('insert into burst values (1), (2)');
      await ok.count(2);
      expect(ok.records('burst')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await emu.stop();
    }
  });
});
