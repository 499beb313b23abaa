import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { installChangeCapture, type ChangeFeed } from '../../src/realtime/changes/change-feed.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { Collector, serviceAuth } from './changes-helpers.js';

const SQL = /* sql */ `
create table items (
  id bigint primary key, name text, ok bool, tags text[], meta jsonb, at timestamptz, n int4
);
create table full_items (id bigint primary key, name text);
alter table full_items replica identity full;
create table unpublished (id int primary key);
alter publication supabase_realtime add table items, full_items;
`;

describe.each(testEngines())('change feed payloads on %s', (engine) => {
  let emu: EmulatorHandle;
  let feed: ChangeFeed;

  beforeAll(async () => {
    emu = await startTestEmulator({
      engine,
      sql: SQL,
    });
    feed = emu.changeFeed;
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('sends insert, update and delete with typed values, column types and a UTC timestamp', async () => {
    const c = new Collector();
    const sub = await feed.subscribe(
      [{ event: '*', schema: 'public', table: 'items' }],
      serviceAuth,
      c.onChange,
    );
    await emu.db.query(
      `insert into items values (1, 'a', true, '{x,y}', '{"k":[1]}', '2024-01-01 00:00:00+00', 7)`,
    );
    await emu.db.query(`update items set name = 'b' where id = 1`);
    await emu.db.query(`delete from items where id = 1`);
    await c.count(3);
    sub.unsubscribe();
    const [ins, upd, del] = c.got.map((g) => g.data);
    expect(c.got.every((g) => g.ids[0] === sub.ids[0])).toBe(true);
    expect(ins).toMatchObject({
      schema: 'public',
      table: 'items',
      type: 'INSERT',
      errors: null,
      record: {
        id: 1,
        name: 'a',
        ok: true,
        tags: ['x', 'y'],
        meta: { k: [1] },
        at: '2024-01-01T00:00:00+00:00',
        n: 7,
      },
    });
    expect(ins.old_record).toBeUndefined();
    expect(ins.columns).toEqual([
      { name: 'id', type: 'int8' },
      { name: 'name', type: 'text' },
      { name: 'ok', type: 'bool' },
      { name: 'tags', type: '_text' },
      { name: 'meta', type: 'jsonb' },
      { name: 'at', type: 'timestamptz' },
      { name: 'n', type: 'int4' },
    ]);
    expect(ins.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Default replica identity: the old row is its primary key only.
    expect(upd).toMatchObject({
      type: 'UPDATE',
      record: { id: 1, name: 'b' },
      old_record: { id: 1 },
    });
    expect(Object.keys(upd.old_record!)).toEqual(['id']);
    expect(del.type).toBe('DELETE');
    expect(del.record).toBeUndefined();
    expect(del.old_record).toEqual({ id: 1 });
  });

  it('sends whole old rows under replica identity full', async () => {
    const c = new Collector();
    const sub = await feed.subscribe(
      [{ event: '*', schema: 'public', table: 'full_items' }],
      serviceAuth,
      c.onChange,
    );
    await emu.db.query(`insert into full_items values (1, 'a')`);
    await emu.db.query(`update full_items set name = 'b' where id = 1`);
    await emu.db.query(`delete from full_items where id = 1`);
    await c.count(3);
    sub.unsubscribe();
    expect(c.got[1].data.old_record).toEqual({ id: 1, name: 'a' });
    expect(c.got[2].data.old_record).toEqual({ id: 1, name: 'b' });
  });

  it('matches the event type, and a schema-wide binding covers every published table', async () => {
    const c = new Collector();
    const sub = await feed.subscribe(
      [
        { event: 'DELETE', schema: 'public', table: 'items' },
        { event: '*', schema: 'public' },
      ],
      serviceAuth,
      c.onChange,
    );
    await emu.db.query(`insert into items (id) values (5)`);
    await emu.db.query(`insert into full_items (id) values (5)`);
    await emu.db.query(`delete from items where id = 5`);
    await c.count(3);
    sub.unsubscribe();
    const [a, b] = sub.ids;
    expect(c.got.map((g) => [g.data.table, g.data.type, g.ids])).toEqual([
      ['items', 'INSERT', [b]],
      ['full_items', 'INSERT', [b]],
      ['items', 'DELETE', [a, b]],
    ]);
  });

  it('refuses unpublished or unknown tables, unparsable filters and unknown filter columns', async () => {
    const noop = () => undefined;
    await expect(
      feed.subscribe([{ event: '*', schema: 'public', table: 'unpublished' }], serviceAuth, noop),
    ).rejects.toMatchObject({
      name: 'ChangeFeedError',
      reason: expect.stringMatching(/^Unable to subscribe to changes with given parameters/),
    });
    await expect(
      feed.subscribe([{ event: '*', schema: 'public', table: 'nope' }], serviceAuth, noop),
    ).rejects.toMatchObject({ name: 'ChangeFeedError' });
    await expect(
      feed.subscribe(
        [{ event: '*', schema: 'public', table: 'items', filter: 'id=like.1' }],
        serviceAuth,
        noop,
      ),
    ).rejects.toMatchObject({ reason: 'Error parsing `filter` params: "id=like.1"' });
    await expect(
      feed.subscribe(
        [{ event: '*', schema: 'public', table: 'items', filter: 'id=in.1,2' }],
        serviceAuth,
        noop,
      ),
    ).rejects.toMatchObject({
      reason: 'Error parsing `filter` params: `in` filter value must be wrapped by parentheses',
    });
    await expect(
      feed.subscribe(
        [{ event: '*', schema: 'public', table: 'items', filter: 'zz=eq.1' }],
        serviceAuth,
        noop,
      ),
    ).rejects.toMatchObject({
      reason:
        'Unable to subscribe to changes with given parameters. An exception happened so please ' +
        'check your connect parameters: [event: *, schema: public, table: items, filters: ' +
        '[{"zz", "eq", "1"}]]. Exception: ERROR P0001 (raise_exception) invalid column for filter zz',
    });
  });
});

describe.each(testEngines())('change capture install on %s', (engine) => {
  it('creates the publication once, so migrations can add tables to it', async () => {
    const emu = await startTestEmulator({ engine });
    try {
      await installChangeCapture(emu.db);
      await installChangeCapture(emu.db);
      await emu.db.exec(
        'create table later (id int primary key); alter publication supabase_realtime add table later;',
      );
      const { rows } = await emu.db.query<{ tablename: string }>(
        `select tablename from pg_publication_tables where pubname = 'supabase_realtime'`,
      );
      expect(rows.map((r) => r.tablename)).toEqual(['later']);
    } finally {
      await emu.stop();
    }
  });
});
