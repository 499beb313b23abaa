import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import type { ChangeFeed } from '../../src/realtime/changes/change-feed.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { Collector, mark, MARKS, MARKS_SQL, serviceAuth } from './changes-helpers.js';

const SQL = /* sql */ `
create table f (id serial primary key, n int4, s text, b bool);
alter publication supabase_realtime add table f;
${MARKS_SQL}
`;

// Rows n = 1…5, s = 'v1'…'v5', b = n is even.
const cases: [string, number[]][] = [
  ['n=eq.3', [3]],
  ['n=neq.3', [1, 2, 4, 5]],
  ['n=lt.3', [1, 2]],
  ['n=lte.3', [1, 2, 3]],
  ['n=gt.3', [4, 5]],
  ['n=gte.3', [3, 4, 5]],
  ['n=in.(1,4,9)', [1, 4]],
  ['s=eq.v2', [2]],
  ['s=in.("v3",v5)', [3, 5]],
  ['b=eq.true', [2, 4]],
  ['n=not.eq.3', [1, 2, 4, 5]],
  ['n=not.in.(1,2)', [3, 4, 5]],
  ['n=gt.1,n=lt.4', [2, 3]],
  ['s=in.("v1","a,b")', [1]],
];

describe.each(testEngines())('change feed filters on %s', (engine) => {
  let emu: EmulatorHandle;
  let feed: ChangeFeed;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
    feed = emu.changeFeed;
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('delivers to each binding only the rows its filter passes', async () => {
    const subs = await Promise.all(
      cases.map(async ([filter]) => {
        const c = new Collector();
        await feed.subscribe(
          [{ event: 'INSERT', schema: 'public', table: 'f', filter }, MARKS],
          serviceAuth,
          c.onChange,
        );
        return c;
      }),
    );
    for (let n = 1; n <= 5; n++)
      await emu.db.query('insert into f (n, s, b) values ($1, $2, $3)', [n, `v${n}`, n % 2 === 0]);
    await mark(emu, 1);
    await Promise.all(subs.map((c) => c.marked(1)));
    const got = Object.fromEntries(
      cases.map(([filter], i) => [filter, subs[i].records('f').map((r) => r.n)]),
    );
    expect(got).toEqual(Object.fromEntries(cases));
  });

  it('filters updates on the new row, and gives the binding ids that matched', async () => {
    const c = new Collector();
    const sub = await feed.subscribe(
      [
        { event: 'UPDATE', schema: 'public', table: 'f', filter: 'n=gt.100' },
        { event: 'UPDATE', schema: 'public', table: 'f' },
        MARKS,
      ],
      serviceAuth,
      c.onChange,
    );
    await emu.db.query('update f set n = 200 where n = 1');
    await emu.db.query('update f set n = 20 where n = 2');
    await mark(emu, 2);
    await c.marked(2);
    sub.unsubscribe();
    const [big, all] = sub.ids;
    expect(c.got.filter((g) => g.data.table === 'f').map((g) => [g.data.record?.n, g.ids])).toEqual(
      [
        [200, [big, all]],
        [20, [all]],
      ],
    );
  });
});
