import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

describe.each(testEngines())('PATCH, DELETE and PUT on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine);
  });
  afterAll(() => w?.stop());
  beforeEach(async () => {
    await w.sql(`truncate movies, people restart identity cascade`);
    await w.sql(`insert into people (name) values ('Lana'), ('Lilly')`);
    await w.sql(
      `insert into movies (title, year, director_id) values ('Bound', 1996, 1), ('Matrix', 1999, 1), ('Speed Racer', 2008, 2), ('Sense8', 2015, 2)`,
    );
  });
  const titles = async () =>
    (
      await w.sql<{ title: string; year: number }>(`select title, year from movies order by id`)
    ).map((r) => `${r.title}:${r.year}`);

  it('PATCH with filters: 204, Content-Range of the changed rows', async () => {
    const res = await w.rest('PATCH', '/movies?year=gte.2000', { body: { year: 2020 } });
    expect([res.status, res.statusText, res.text]).toEqual([204, 'No Content', '']);
    expect(res.headers.get('content-range')).toBe('0-1/*');
    expect(await titles()).toEqual([
      'Bound:1996',
      'Matrix:1999',
      'Speed Racer:2020',
      'Sense8:2020',
    ]);
  });

  it('PATCH with count=exact and return=representation: 200 with the changed rows', async () => {
    const res = await w.rest(
      'PATCH',
      '/movies?title=eq.Matrix&select=title,year,director:people(name)',
      {
        body: { year: 1998 },
        headers: { prefer: 'return=representation, count=exact' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-0/1');
    expect(res.headers.get('preference-applied')).toBe('return=representation, count=exact');
    expect(res.json).toEqual([{ title: 'Matrix', year: 1998, director: { name: 'Lana' } }]);
  });

  it('PATCH matching nothing: 204 and */*; with count, */0', async () => {
    const res = await w.rest('PATCH', '/movies?id=eq.999', { body: { year: 1 } });
    expect([res.status, res.headers.get('content-range')]).toEqual([204, '*/*']);
    const counted = await w.rest('PATCH', '/movies?id=eq.999', {
      body: { year: 1 },
      headers: { prefer: 'count=exact' },
    });
    expect(counted.headers.get('content-range')).toBe('*/0');
  });

  it('PATCH with an empty object changes nothing', async () => {
    const res = await w.rest('PATCH', '/movies', {
      body: {},
      headers: { prefer: 'return=representation' },
    });
    expect([res.status, res.json]).toEqual([200, []]);
    expect(await titles()).toEqual([
      'Bound:1996',
      'Matrix:1999',
      'Speed Racer:2008',
      'Sense8:2015',
    ]);
  });

  it('PATCH with order and limit changes only those rows', async () => {
    const res = await w.rest('PATCH', '/movies?order=year.desc&limit=1&select=title', {
      body: { year: 3000 },
      headers: { prefer: 'return=representation' },
    });
    expect(res.json).toEqual([{ title: 'Sense8' }]);
    expect(await titles()).toEqual([
      'Bound:1996',
      'Matrix:1999',
      'Speed Racer:2008',
      'Sense8:3000',
    ]);
  });

  it('PATCH with Accept object on two rows is PGRST116 and changes nothing', async () => {
    const res = await w.rest('PATCH', '/movies?director_id=eq.1', {
      body: { year: 1 },
      headers: { prefer: 'return=representation', accept: 'application/vnd.pgrst.object+json' },
    });
    expect(res.status).toBe(406);
    expect(res.json.details).toBe('The result contains 2 rows');
    expect(await titles()).toEqual([
      'Bound:1996',
      'Matrix:1999',
      'Speed Racer:2008',
      'Sense8:2015',
    ]);
  });

  it('DELETE with filters: 204, or 200 with the deleted rows', async () => {
    const minimal = await w.rest('DELETE', '/movies?id=in.(1,2)', {
      headers: { prefer: 'count=exact' },
    });
    expect([minimal.status, minimal.headers.get('content-range')]).toEqual([204, '*/2']);
    const rep = await w.rest('DELETE', '/movies?or=(title.eq.Sense8,year.lt.2000)&select=title', {
      headers: { prefer: 'return=representation' },
    });
    expect([rep.status, rep.json, rep.headers.get('content-range')]).toEqual([
      200,
      [{ title: 'Sense8' }],
      '*/*',
    ]);
    expect(await titles()).toEqual(['Speed Racer:2008']);
  });

  it('DELETE with order and limit removes only those rows', async () => {
    const res = await w.rest('DELETE', '/movies?order=year.asc&limit=2', {});
    expect(res.status).toBe(204);
    expect(await titles()).toEqual(['Speed Racer:2008', 'Sense8:2015']);
  });

  it('handling=strict with max-affected: PGRST124 beyond it (rolled back), applied within it', async () => {
    const over = await w.rest('DELETE', '/movies?director_id=eq.2', {
      headers: { prefer: 'handling=strict, max-affected=1' },
    });
    expect(over.status).toBe(400);
    expect(over.json).toEqual({
      code: 'PGRST124',
      details: 'The query affects 2 rows',
      hint: null,
      message: 'Query result exceeds max-affected preference constraint',
    });
    expect((await titles()).length).toBe(4);
    const within = await w.rest('PATCH', '/movies?id=eq.1', {
      body: { year: 1 },
      headers: { prefer: 'handling=strict, max-affected=1' },
    });
    expect(within.status).toBe(204);
    expect(within.headers.get('preference-applied')).toBe('handling=strict, max-affected=1');
    const unknown = await w.rest('PATCH', '/movies?id=eq.1', {
      body: { year: 1 },
      headers: { prefer: 'handling=strict, bogus=1' },
    });
    expect(unknown.json).toEqual({
      code: 'PGRST122',
      details: 'Invalid preferences: bogus=1',
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
  });

  it('tx=rollback on DELETE answers the rows and keeps them', async () => {
    const res = await w.rest('DELETE', '/movies?select=id', {
      headers: { prefer: 'return=representation, tx=rollback' },
    });
    expect(res.json).toHaveLength(4);
    expect((await titles()).length).toBe(4);
  });

  it('hostile filter values match nothing instead of everything', async () => {
    for (const value of [`x' or '1'='1`, `1; delete from movies; --`, `"Bound") or (true`]) {
      const res = await w.rest('DELETE', `/movies?title=eq.${encodeURIComponent(value)}`, {});
      expect(res.status).toBe(204);
    }
    expect((await titles()).length).toBe(4);
  });

  it('Content-Profile chooses the schema written to, and the response names it', async () => {
    const res = await w.rest('POST', '/items?select=label', {
      body: { label: 'in api' },
      headers: { 'content-profile': 'api', prefer: 'return=representation' },
    });
    expect([res.status, res.json, res.headers.get('content-profile')]).toEqual([
      201,
      [{ label: 'in api' }],
      'api',
    ]);
    expect(await w.sql(`select label from api.items`)).toEqual([{ label: 'in api' }]);
    const plain = await w.rest('DELETE', '/movies?id=eq.1', {});
    expect(plain.headers.get('content-profile')).toBe('public');
    const hidden = await w.rest('POST', '/items', {
      body: { label: 'x' },
      headers: { 'content-profile': 'secret' },
    });
    expect([hidden.status, hidden.json.code]).toEqual([406, 'PGRST106']);
  });

  it('Accept: plan answers the EXPLAIN of the mutation without running it', async () => {
    const res = await w.rest('DELETE', '/movies?id=eq.1', {
      headers: {
        accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=verbose;',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8',
    );
    expect(JSON.stringify(res.json)).toContain('"Operation":"Delete"');
    const text = await w.rest('PATCH', '/movies?id=eq.1', {
      body: { year: 1 },
      headers: { accept: 'application/vnd.pgrst.plan+text' },
    });
    expect(text.text).toMatch(/Update on (public\.)?movies/);
    expect((await titles()).length).toBe(4);
  });

  it('PUT upserts one row by its primary key: 201 new, 200 replaced', async () => {
    const created = await w.rest('PUT', '/tags?name=eq.noir', {
      body: { name: 'noir', color: 'black' },
      headers: { prefer: 'return=representation' },
    });
    expect([created.status, created.json]).toEqual([201, [{ name: 'noir', color: 'black' }]]);
    const replaced = await w.rest('PUT', '/tags?name=eq.noir', {
      body: { name: 'noir', color: 'ink' },
      headers: { prefer: 'return=representation' },
    });
    expect([replaced.status, replaced.json]).toEqual([200, [{ name: 'noir', color: 'ink' }]]);
    const minimal = await w.rest('PUT', '/tags?name=eq.noir', {
      body: { name: 'noir', color: 'jet' },
    });
    expect(minimal.status).toBe(204);
    expect(await w.sql(`select color from tags where name = 'noir'`)).toEqual([{ color: 'jet' }]);
  });

  it('PUT errors: PGRST115 key mismatch, PGRST105 bad filters, PGRST114 limit', async () => {
    const mismatch = await w.rest('PUT', '/tags?name=eq.a', { body: { name: 'b', color: 'c' } });
    expect([mismatch.status, mismatch.json.code, mismatch.json.message]).toEqual([
      400,
      'PGRST115',
      'Payload values do not match URL in primary key column(s)',
    ]);
    const filters = await w.rest('PUT', '/tags?color=eq.a', { body: { name: 'b', color: 'a' } });
    expect([filters.status, filters.json.code, filters.json.message]).toEqual([
      405,
      'PGRST105',
      "Filters must include all and only primary key columns with 'eq' operators",
    ]);
    const limit = await w.rest('PUT', '/tags?name=eq.a&limit=1', { body: { name: 'a' } });
    expect([limit.status, limit.json.code]).toEqual([400, 'PGRST114']);
    expect(await w.sql(`select * from tags where name in ('a', 'b')`)).toEqual([]);
  });
});
