import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

describe.each(testEngines())('POST (insert, upsert) on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine);
    await w.sql(`insert into people (name) values ('Lana'), ('Lilly')`);
  });
  afterAll(() => w?.stop());

  it('inserts one object: 201 Created, no body, Content-Range */*', async () => {
    const res = await w.rest('POST', '/tags', { body: { name: 'drama' } });
    expect([res.status, res.statusText, res.text]).toEqual([201, 'Created', '']);
    expect(res.headers.get('content-range')).toBe('*/*');
    expect(res.headers.get('content-type')).toBeNull();
    expect(await w.sql(`select * from tags where name = 'drama'`)).toEqual([
      { name: 'drama', color: 'grey' },
    ]);
  });

  it('inserts in bulk with return=representation and count=exact, rows in body order', async () => {
    const res = await w.rest('POST', '/movies?select=id,title,year', {
      body: [
        { title: 'Bound', year: 1996 },
        { title: 'Matrix', year: 1999 },
      ],
      headers: { prefer: 'return=representation, count=exact' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect(res.headers.get('content-range')).toBe('*/2');
    expect(res.headers.get('preference-applied')).toBe('return=representation, count=exact');
    expect(res.json.map((m: { title: string }) => m.title)).toEqual(['Bound', 'Matrix']);
    const rows = await w.sql<{ id: number; year: number }>(
      `select id, year from movies where title in ('Bound', 'Matrix') order by id`,
    );
    expect(res.json.map((m: { id: number }) => m.id)).toEqual(rows.map((r) => r.id));
  });

  it('lets Postgres convert and render every type (arrays, jsonb, ranges, numerics)', async () => {
    const res = await w.rest('POST', '/movies?select=tags,data,during,rating', {
      body: {
        title: 'Typed',
        tags: ['a', 'b c'],
        data: { k: [1, { x: null }] },
        during: '[1,5)',
        rating: 7.5,
      },
      headers: { prefer: 'return=representation' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual([
      { tags: ['a', 'b c'], data: { k: [1, { x: null }] }, during: '[1,5)', rating: 7.5 },
    ]);
  });

  it('renders select= with an embed over the inserted rows', async () => {
    const [lana] = await w.sql<{ id: number }>(`select id from people where name = 'Lana'`);
    const res = await w.rest('POST', '/movies?select=title,director:people(name)', {
      body: { title: 'Cloud Atlas', director_id: lana.id },
      headers: { prefer: 'return=representation' },
    });
    expect(res.json).toEqual([{ title: 'Cloud Atlas', director: { name: 'Lana' } }]);
  });

  it('?columns= inserts only those columns; others take their defaults', async () => {
    const res = await w.rest('POST', '/movies?columns=%22title%22&select=title,year,rating', {
      body: [{ title: 'Cols', year: 1, rating: 9 }],
      headers: { prefer: 'return=representation' },
    });
    expect(res.json).toEqual([{ title: 'Cols', year: 2000, rating: null }]);
  });

  it('missing=default fills absent keys with defaults, keeps explicit nulls', async () => {
    const body = [{ title: 'Md1' }, { title: 'Md2', year: 1990 }, { title: 'Md3', year: null }];
    const plain = await w.rest('POST', '/movies?columns=%22title%22,%22year%22&select=year', {
      body,
      headers: { prefer: 'return=representation' },
    });
    expect(plain.json).toEqual([{ year: null }, { year: 1990 }, { year: null }]);
    const res = await w.rest('POST', '/movies?columns=%22title%22,%22year%22&select=year', {
      body,
      headers: { prefer: 'missing=default, return=representation' },
    });
    expect(res.json).toEqual([{ year: 2000 }, { year: 1990 }, { year: null }]);
    expect(res.headers.get('preference-applied')).toBe('missing=default, return=representation');
  });

  it('return=headers-only sends Location with the primary key', async () => {
    const res = await w.rest('POST', '/people', {
      body: { name: 'Hugo' },
      headers: { prefer: 'return=headers-only' },
    });
    const [hugo] = await w.sql<{ id: number }>(`select id from people where name = 'Hugo'`);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/people?id=eq.${hugo.id}`);
    expect(res.text).toBe('');
  });

  it('vnd.pgrst.object+json answers one object, and PGRST116 (rolled back) for several rows', async () => {
    const accept = 'application/vnd.pgrst.object+json';
    const one = await w.rest('POST', '/tags?select=name', {
      body: { name: 'one' },
      headers: { prefer: 'return=representation', accept },
    });
    expect(one.json).toEqual({ name: 'one' });
    expect(one.headers.get('content-type')).toBe(
      'application/vnd.pgrst.object+json; charset=utf-8',
    );
    const two = await w.rest('POST', '/tags', {
      body: [{ name: 'two' }, { name: 'three' }],
      headers: { prefer: 'return=representation', accept },
    });
    expect(two.status).toBe(406);
    expect(two.json).toEqual({
      code: 'PGRST116',
      details: 'The result contains 2 rows',
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    });
    expect(await w.sql(`select * from tags where name in ('two', 'three')`)).toEqual([]);
  });

  it('Prefer: timezone renders timestamps in that zone; an unknown zone is ignored', async () => {
    const res = await w.rest('POST', '/events?select=at', {
      body: { at: '2020-01-01T00:00:00Z' },
      headers: { prefer: 'return=representation, timezone=Asia/Tokyo' },
    });
    expect(res.json).toEqual([{ at: '2020-01-01T09:00:00+09:00' }]);
    expect(res.headers.get('preference-applied')).toBe(
      'return=representation, timezone=Asia/Tokyo',
    );
    const unknown = await w.rest('POST', '/events?select=at', {
      body: { at: '2020-01-01T00:00:00Z' },
      headers: { prefer: 'return=representation, timezone=Mars/Olympus' },
    });
    expect(unknown.status).toBe(201);
    expect(unknown.headers.get('preference-applied')).toBe('return=representation');
  });

  it('answers CSV or an array without nulls when asked', async () => {
    const csv = await w.rest('POST', '/tags?select=name,color', {
      body: [
        { name: 'c1', color: null },
        { name: 'c2', color: 'x' },
      ],
      headers: { prefer: 'return=representation', accept: 'text/csv' },
    });
    expect([csv.status, csv.headers.get('content-type'), csv.text]).toEqual([
      201,
      'text/csv; charset=utf-8',
      'name,color\nc1,\nc2,x',
    ]);
    const stripped = await w.rest('POST', '/tags?select=name,color', {
      body: { name: 'c3', color: null },
      headers: {
        prefer: 'return=representation',
        accept: 'application/vnd.pgrst.array+json;nulls=stripped',
      },
    });
    expect(stripped.json).toEqual([{ name: 'c3' }]);
  });

  it('upserts with merge-duplicates: 200 when every row merged, 201 when one is new', async () => {
    await w.sql(`insert into tags values ('red', 'r')`);
    const merged = await w.rest('POST', '/tags', {
      body: { name: 'red', color: 'crimson' },
      headers: { prefer: 'resolution=merge-duplicates, return=representation' },
    });
    expect([merged.status, merged.json]).toEqual([200, [{ name: 'red', color: 'crimson' }]]);
    expect(merged.headers.get('preference-applied')).toBe(
      'resolution=merge-duplicates, return=representation',
    );
    const mixed = await w.rest('POST', '/tags', {
      body: [
        { name: 'red', color: 'scarlet' },
        { name: 'blue', color: 'b' },
      ],
      headers: { prefer: 'resolution=merge-duplicates' },
    });
    expect(mixed.status).toBe(201);
    expect(await w.sql(`select * from tags where name in ('red', 'blue') order by name`)).toEqual([
      { name: 'blue', color: 'b' },
      { name: 'red', color: 'scarlet' },
    ]);
  });

  it('ignore-duplicates skips existing rows; on_conflict names the unique columns', async () => {
    const res = await w.rest('POST', '/people?on_conflict=name&select=name', {
      body: [{ name: 'Lana' }, { name: 'Tom' }],
      headers: { prefer: 'resolution=ignore-duplicates, return=representation' },
    });
    expect([res.status, res.json]).toEqual([201, [{ name: 'Tom' }]]);
    expect(await w.sql(`select count(*)::int as n from people where name = 'Lana'`)).toEqual([
      { n: 1 },
    ]);
  });

  it('tx=rollback answers as if committed and keeps nothing', async () => {
    const res = await w.rest('POST', '/tags?select=name', {
      body: { name: 'ghost' },
      headers: { prefer: 'return=representation, tx=rollback' },
    });
    expect([res.status, res.json]).toEqual([201, [{ name: 'ghost' }]]);
    expect(res.headers.get('preference-applied')).toBe('return=representation, tx=rollback');
    expect(await w.sql(`select * from tags where name = 'ghost'`)).toEqual([]);
  });

  it('inserts CSV and url-encoded forms', async () => {
    const csv = await w.rest('POST', '/nokey', {
      body: 'a,b\n1,"x, y"\n2,NULL\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(201);
    expect(await w.sql(`select * from nokey where a in (1, 2) order by a`)).toEqual([
      { a: 1, b: 'x, y' },
      { a: 2, b: null },
    ]);
    const form = await w.rest('POST', '/nokey', {
      body: 'a=3&b=f+g',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(201);
    expect(await w.sql(`select b from nokey where a = 3`)).toEqual([{ b: 'f g' }]);
  });

  it('inserts a row of defaults for {}, nothing for [], and through a view', async () => {
    const empty = await w.rest('POST', '/nokey', {
      body: {},
      headers: { prefer: 'return=representation' },
    });
    expect([empty.status, empty.json]).toEqual([201, [{ a: null, b: null }]]);
    const none = await w.rest('POST', '/nokey', {
      body: [],
      headers: { prefer: 'return=representation, count=exact' },
    });
    expect([none.status, none.json, none.headers.get('content-range')]).toEqual([201, [], '*/0']);
    const view = await w.rest('POST', '/movie_titles?select=title', {
      body: { title: 'Via view' },
      headers: { prefer: 'return=representation' },
    });
    expect([view.status, view.json]).toEqual([201, [{ title: 'Via view' }]]);
  });

  it('stores hostile values verbatim', async () => {
    const title = `x'); drop table movies; -- "quoted" ) , é 🎬 ${'z'.repeat(5000)}`;
    const res = await w.rest('POST', '/movies?select=title', {
      body: { title },
      headers: { prefer: 'return=representation' },
    });
    expect(res.json).toEqual([{ title }]);
    expect(await w.sql(`select count(*)::int as n from movies where title = $1`, [title])).toEqual([
      { n: 1 },
    ]);
  });
});
