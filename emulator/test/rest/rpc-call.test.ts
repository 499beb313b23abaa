import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

describe.each(testEngines())('rpc on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine);
    await w.sql(`insert into people (name) values ('Lana'), ('Lilly')`);
    await w.sql(
      `insert into movies (title, year, director_id) values ('Bound', 1996, 1), ('Matrix', 1999, 1), ('Speed Racer', 2008, 2), ('Sense8', 2015, 2)`,
    );
  });
  afterAll(() => w?.stop());

  it('POST with named arguments answers the bare value', async () => {
    const res = await w.rest('POST', '/rpc/add_them', { body: { a: 1, b: 2 } });
    expect([res.status, res.text, res.headers.get('content-range')]).toEqual([200, '3', '0-0/*']);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('GET takes arguments from the query string, Postgres converts them', async () => {
    const res = await w.rest('GET', '/rpc/add_them?a=40&b=2');
    expect([res.status, res.json]).toEqual([200, 42]);
    const text = await w.rest(
      'GET',
      `/rpc/greet?name=${encodeURIComponent(`'); drop table people; --`)}`,
    );
    expect(text.json).toBe(`hello '); drop table people; --`);
    expect(await w.sql(`select count(*)::int as n from people`)).toEqual([{ n: 2 }]);
  });

  it('Content-Profile / Accept-Profile choose the schema of the function', async () => {
    const post = await w.rest('POST', '/rpc/add_them', {
      body: { a: 3, b: 4 },
      headers: { 'content-profile': 'api' },
    });
    expect([post.json, post.headers.get('content-profile')]).toEqual([12, 'api']);
    const get = await w.rest('GET', '/rpc/add_them?a=3&b=4', {
      headers: { 'accept-profile': 'api' },
    });
    expect(get.json).toBe(12);
  });

  it('parameters with defaults may be left out; an empty body means no arguments', async () => {
    expect((await w.rest('POST', '/rpc/greet', { body: {} })).json).toBe('hello world');
    expect((await w.rest('POST', '/rpc/greet', { body: '' })).json).toBe('hello world');
    expect((await w.rest('POST', '/rpc/greet', { body: { name: 'you' } })).json).toBe('hello you');
  });

  it('a single unnamed jsonb parameter takes the whole body; params=single-object too', async () => {
    const body = { any: ['shape', 1, null], nested: { deep: true } };
    expect((await w.rest('POST', '/rpc/echo_json', { body })).json).toEqual(body);
    const single = await w.rest('POST', '/rpc/echo_json', {
      body: { x: 1 },
      headers: { prefer: 'params=single-object' },
    });
    expect(single.json).toEqual({ x: 1 });
  });

  it('a single unnamed text parameter takes a text/plain body', async () => {
    const res = await w.rest('POST', '/rpc/shout', {
      body: 'quiet; please',
      headers: { 'content-type': 'text/plain' },
    });
    expect([res.status, res.json]).toEqual([200, 'QUIET; PLEASE']);
  });

  it('SETOF a table: filters, select with an embed, order, limit and count apply', async () => {
    const res = await w.rest(
      'GET',
      '/rpc/movies_since?y=1997&select=title,director:people(name)&year=lt.2010&order=year.desc',
      {
        headers: { prefer: 'count=exact' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { title: 'Speed Racer', director: { name: 'Lilly' } },
      { title: 'Matrix', director: { name: 'Lana' } },
    ]);
    expect(res.headers.get('content-range')).toBe('0-1/2');
    const uncounted = await w.rest(
      'POST',
      '/rpc/movies_since?select=title&year=lt.1999&director_id=eq.1',
      { body: { y: 0 } },
    );
    expect([uncounted.status, uncounted.json, uncounted.headers.get('content-range')]).toEqual([
      200,
      [{ title: 'Bound' }],
      '0-0/*',
    ]);
    const page = await w.rest('POST', '/rpc/movies_since?select=title&limit=2&offset=1', {
      body: { y: 0 },
      headers: { prefer: 'count=exact' },
    });
    expect([page.status, page.json, page.headers.get('content-range')]).toEqual([
      206,
      [{ title: 'Matrix' }, { title: 'Speed Racer' }],
      '1-2/4',
    ]);
  });

  it('TABLE results are arrays, a single row is an object, SETOF int an array of values', async () => {
    expect((await w.rest('POST', '/rpc/movie_stats', { body: {} })).json).toEqual([
      { total: 4, latest: 2015 },
    ]);
    expect((await w.rest('GET', '/rpc/first_movie?select=title,year')).json).toEqual({
      title: 'Bound',
      year: 1996,
    });
    expect((await w.rest('GET', '/rpc/series?n=4')).json).toEqual([1, 2, 3, 4]);
    const object = await w.rest('GET', '/rpc/movies_since?y=2010', {
      headers: { accept: 'application/vnd.pgrst.object+json' },
    });
    expect(object.json).toMatchObject({ title: 'Sense8' });
    const many = await w.rest('GET', '/rpc/movies_since?y=0', {
      headers: { accept: 'application/vnd.pgrst.object+json' },
    });
    expect([many.status, many.json.code, many.json.details]).toEqual([
      406,
      'PGRST116',
      'The result contains 4 rows',
    ]);
  });

  it('row results in CSV, and the EXPLAIN of a call', async () => {
    const csv = await w.rest('GET', '/rpc/movies_since?y=2010&select=title,year', {
      headers: { accept: 'text/csv' },
    });
    expect([csv.headers.get('content-type'), csv.text]).toEqual([
      'text/csv; charset=utf-8',
      'title,year\nSense8,2015',
    ]);
    const plan = await w.rest('POST', '/rpc/add_person', {
      body: { name: 'Planned' },
      headers: { accept: 'application/vnd.pgrst.plan+text' },
    });
    expect(plan.status).toBe(200);
    expect(plan.text.length).toBeGreaterThan(0);
    expect(await w.sql(`select name from people where name = 'Planned'`)).toEqual([]);
  });

  it('void functions answer 204; HEAD answers headers only', async () => {
    const res = await w.rest('POST', '/rpc/noop', { body: {} });
    expect([res.status, res.statusText, res.text]).toEqual([204, 'No Content', '']);
    const head = await w.rest('HEAD', '/rpc/series?n=3', { headers: { prefer: 'count=exact' } });
    expect([head.status, head.headers.get('content-range')]).toEqual([200, '0-2/3']);
  });

  it('volatile functions write on POST; on GET the read-only transaction refuses (405)', async () => {
    const post = await w.rest('POST', '/rpc/add_person?select=name', { body: { name: 'Ann' } });
    expect([post.status, post.json]).toEqual([200, { name: 'Ann' }]);
    const get = await w.rest('GET', '/rpc/add_person?name=Bo');
    expect(get.status).toBe(405);
    expect(get.json).toEqual({
      code: '25006',
      details: null,
      hint: null,
      message: 'cannot execute INSERT in a read-only transaction',
    });
    const rolledBack = await w.rest('POST', '/rpc/add_person', {
      body: { name: 'Ghost' },
      headers: { prefer: 'tx=rollback' },
    });
    expect([rolledBack.status, rolledBack.json.name]).toEqual([200, 'Ghost']);
    expect(await w.sql(`select name from people where name in ('Ann', 'Bo', 'Ghost')`)).toEqual([
      { name: 'Ann' },
    ]);
  });

  it('Prefer: timezone applies to the call', async () => {
    const res = await w.rest('GET', '/rpc/y2k', {
      headers: { prefer: 'timezone=America/New_York' },
    });
    expect(res.json).toBe('1999-12-31T19:00:00-05:00');
    expect(res.headers.get('preference-applied')).toBe('timezone=America/New_York');
  });

  it('runs as the caller: anon, service_role', async () => {
    expect((await w.rest('POST', '/rpc/whoami', { body: {}, key: 'anon' })).json).toBe('anon');
    expect((await w.rest('POST', '/rpc/whoami', { body: {} })).json).toBe('service_role');
  });

  it('variadic parameters take an array, or a repeated query argument', async () => {
    expect((await w.rest('POST', '/rpc/sum_all', { body: { v: [1, 2, 3] } })).json).toBe(6);
    expect((await w.rest('GET', '/rpc/sum_all?v=4&v=5')).json).toBe(9);
  });

  it('RAISE maps to PostgREST errors: P0001 → 400, SQLSTATE PGRST → its own status, body and headers', async () => {
    const raised = await w.rest('POST', '/rpc/fail_with', { body: { msg: 'nope' } });
    expect([raised.status, raised.json]).toEqual([
      400,
      { code: 'P0001', details: 'some detail', hint: 'some hint', message: 'nope' },
    ]);
    const custom = await w.rest('POST', '/rpc/fail_pgrst', { body: {} });
    expect(custom.status).toBe(402);
    expect(custom.json).toEqual({
      code: '123',
      details: 'Quota exceeded',
      hint: 'Upgrade',
      message: 'Payment Required',
    });
    expect(custom.headers.get('x-powered-by')).toBe('Nerd Rage');
  });

  it('PGRST202 for unknown functions or arguments, PGRST203 for ambiguous overloads', async () => {
    const missing = await w.rest('POST', '/rpc/add_them', {
      body: { a: 1, 'b"); drop table people; --': 2 },
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      code: 'PGRST202',
      details: `Searched for the function public.add_them with parameters a, b"); drop table people; -- or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
      message: `Could not find the function public.add_them(a, b"); drop table people; --) in the schema cache`,
    });
    const close = await w.rest('POST', '/rpc/add_them', { body: { a: 1, c: 2 } });
    expect(close.json.hint).toBe('Perhaps you meant to call the function public.add_them(a, b)');
    const typo = await w.rest('GET', '/rpc/add_thme?a=1&b=2');
    expect(typo.json).toMatchObject({
      code: 'PGRST202',
      hint: 'Perhaps you meant to call the function public.add_them',
    });
    const dup = await w.rest('POST', '/rpc/dup', { body: { a: 1 } });
    expect(dup.status).toBe(300);
    expect(dup.json.message).toBe(
      'Could not choose the best candidate function between: public.dup(a => integer), public.dup(a => text)',
    );
  });

  it('bad argument values are Postgres errors; other methods are PGRST101; strict max-affected needs a set', async () => {
    const bad = await w.rest('POST', '/rpc/add_them', { body: { a: 'x', b: 1 } });
    expect([bad.status, bad.json.code]).toEqual([400, '22P02']);
    const put = await w.rest('PUT', '/rpc/add_them', { body: {} });
    expect([put.status, put.json.code, put.json.message]).toEqual([
      405,
      'PGRST101',
      'Cannot use the PUT method on RPC',
    ]);
    const strict = await w.rest('POST', '/rpc/add_them', {
      body: { a: 1, b: 1 },
      headers: { prefer: 'handling=strict, max-affected=1' },
    });
    expect([strict.status, strict.json.code]).toEqual([400, 'PGRST128']);
    const over = await w.rest('GET', '/rpc/series?n=3', {
      headers: { prefer: 'handling=strict, max-affected=2' },
    });
    expect([over.status, over.json.details]).toEqual([400, 'The query affects 3 rows']);
  });
});
