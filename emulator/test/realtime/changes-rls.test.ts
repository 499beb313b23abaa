import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import type { ChangeFeed } from '../../src/realtime/changes/change-feed.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import {
  anonAuth,
  Collector,
  mark,
  MARKS,
  MARKS_SQL,
  serviceAuth,
  userAuth,
} from './changes-helpers.js';

const A = '00000000-0000-0000-0000-00000000000a';
const B = '00000000-0000-0000-0000-00000000000b';

const SQL = /* sql */ `
create table notes (id serial primary key, owner uuid, public bool not null default false, body text);
alter table notes enable row level security;
alter table notes replica identity full;
create policy own on notes for select to authenticated using (owner = auth.uid());
create policy pub on notes for select to anon using (public);
alter publication supabase_realtime add table notes;
${MARKS_SQL}
`;

describe.each(testEngines())('change feed RLS on %s', (engine) => {
  let emu: EmulatorHandle;
  let feed: ChangeFeed;
  const who = {
    a: new Collector(),
    b: new Collector(),
    anon: new Collector(),
    service: new Collector(),
  };
  const auths = { a: userAuth(A), b: userAuth(B), anon: anonAuth, service: serviceAuth };
  const binding = { event: '*', schema: 'public', table: 'notes' } as const;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
    feed = emu.changeFeed;
    for (const key of Object.keys(who) as (keyof typeof who)[])
      await feed.subscribe([binding, MARKS], auths[key], who[key].onChange);
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const bodies = (c: Collector, type: string) =>
    c.got
      .filter((g) => g.data.table === 'notes' && g.data.type === type)
      .map((g) => g.data.record?.body);

  it('gives each subscriber only the inserted and updated rows its role and claims may select', async () => {
    await emu.db.query(`insert into notes (owner, body) values ($1, 'a1'), ($2, 'b1')`, [A, B]);
    await emu.db.query(`insert into notes (owner, public, body) values (null, true, 'pub')`);
    await emu.db.query(`update notes set body = 'a2' where body = 'a1'`);
    await mark(emu, 1);
    await Promise.all(Object.values(who).map((c) => c.marked(1)));
    expect(bodies(who.a, 'INSERT')).toEqual(['a1']);
    expect(bodies(who.b, 'INSERT')).toEqual(['b1']);
    expect(bodies(who.anon, 'INSERT')).toEqual(['pub']);
    expect(bodies(who.service, 'INSERT')).toEqual(['a1', 'b1', 'pub']);
    expect(bodies(who.a, 'UPDATE')).toEqual(['a2']);
    expect(bodies(who.b, 'UPDATE')).toEqual([]);
    // Under RLS, old records carry the primary key only, even with replica identity full.
    expect(who.a.got.find((g) => g.data.type === 'UPDATE')?.data.old_record).toEqual({ id: 1 });
  });

  it('sends deletes to every subscriber, with the primary key only', async () => {
    await emu.db.query(`delete from notes where body = 'b1'`);
    await mark(emu, 2);
    await Promise.all(Object.values(who).map((c) => c.marked(2)));
    for (const c of Object.values(who)) {
      const deletes = c.got.filter((g) => g.data.type === 'DELETE' && g.data.table === 'notes');
      expect(deletes.map((g) => g.data.old_record)).toEqual([{ id: 2 }]);
    }
  });

  it('checks later changes with the claims setAuth gives', async () => {
    const c = new Collector();
    const sub = await feed.subscribe([binding, MARKS], anonAuth, c.onChange);
    await emu.db.query(`insert into notes (owner, body) values ($1, 'before')`, [A]);
    await mark(emu, 3);
    await c.marked(3);
    sub.setAuth(userAuth(A));
    await emu.db.query(`insert into notes (owner, body) values ($1, 'after')`, [A]);
    await mark(emu, 4);
    await c.marked(4);
    sub.unsubscribe();
    expect(bodies(c, 'INSERT')).toEqual(['after']);
  });
});
