import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

const ALICE = '11111111-1111-1111-1111-111111111111';
const BOB = '22222222-2222-2222-2222-222222222222';

describe.each(testEngines())('write errors and RLS on %s', (engine) => {
  let w: WriteEmulator;
  let alice: string;
  beforeAll(async () => {
    w = await startWriteEmulator(engine);
    await w.sql(`insert into people (id, name) values (1, 'Lana')`);
    alice = await w.emu.context.jwt.sign({
      sub: ALICE,
      role: 'authenticated',
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
  });
  afterAll(() => w?.stop());

  const cases: [
    string,
    string,
    string,
    { body?: string | object; headers?: Record<string, string> },
    number,
    object,
  ][] = [
    [
      'malformed JSON',
      'POST',
      '/people',
      { body: '{"name":' },
      400,
      { code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' },
    ],
    [
      'empty body',
      'POST',
      '/people',
      { body: '' },
      400,
      { code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' },
    ],
    [
      'mixed keys in bulk',
      'POST',
      '/people',
      { body: [{ name: 'a' }, { id: 9 }] },
      400,
      { code: 'PGRST102', details: null, hint: null, message: 'All object keys must match' },
    ],
    [
      'unsupported Content-Type',
      'POST',
      '/people',
      { body: 'name', headers: { 'content-type': 'text/plain' } },
      400,
      {
        code: 'PGRST102',
        details: null,
        hint: null,
        message: 'Content-Type not acceptable: text/plain',
      },
    ],
    [
      'unknown column in the body',
      'POST',
      '/people',
      { body: { name: 'x', 'nick"; drop table people; --': 1 } },
      400,
      {
        code: 'PGRST204',
        details: null,
        hint: null,
        message: `Could not find the 'nick"; drop table people; --' column of 'people' in the schema cache`,
      },
    ],
    [
      'unknown column in PATCH',
      'PATCH',
      '/people?id=eq.1',
      { body: { nick: 'x' } },
      400,
      {
        code: 'PGRST204',
        message: "Could not find the 'nick' column of 'people' in the schema cache",
      },
    ],
    [
      'unknown table, with a hint',
      'POST',
      '/movie',
      { body: { title: 'x' } },
      404,
      {
        code: 'PGRST205',
        details: null,
        hint: "Perhaps you meant the table 'public.movies'",
        message: "Could not find the table 'public.movie' in the schema cache",
      },
    ],
    [
      'unique violation',
      'POST',
      '/people',
      { body: { id: 1, name: 'Other' } },
      409,
      {
        code: '23505',
        details: 'Key (id)=(1) already exists.',
        hint: null,
        message: 'duplicate key value violates unique constraint "people_pkey"',
      },
    ],
    [
      'foreign key violation',
      'POST',
      '/movies',
      { body: { title: 'x', director_id: 999 } },
      409,
      {
        code: '23503',
        details: 'Key (director_id)=(999) is not present in table "people".',
        hint: null,
        message:
          'insert or update on table "movies" violates foreign key constraint "movies_director_id_fkey"',
      },
    ],
    [
      'not-null violation',
      'POST',
      '/movies',
      { body: { title: null } },
      400,
      {
        code: '23502',
        hint: null,
        message: 'null value in column "title" of relation "movies" violates not-null constraint',
      },
    ],
    [
      'a value of the wrong type',
      'POST',
      '/movies',
      { body: { title: 'x', year: 'nineteen' } },
      400,
      { code: '22P02', message: 'invalid input syntax for type integer: "nineteen"' },
    ],
    [
      "bad JSON with ?columns= is Postgres's error",
      'POST',
      '/people?columns=%22name%22',
      { body: '[{' },
      400,
      { code: '22P02', message: 'invalid input syntax for type json' },
    ],
    [
      'a conflict target without a constraint',
      'POST',
      '/movies?on_conflict=title',
      { body: { title: 'x' }, headers: { prefer: 'resolution=merge-duplicates' } },
      400,
      { code: '42P10' },
    ],
  ];
  it.each(cases)('%s', async (_name, method, path, options, status, body) => {
    const res = await w.rest(method, path, options);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.json).toMatchObject(body);
  });

  it('leaves the database untouched after errors', async () => {
    expect(await w.sql(`select id, name from people order by id`)).toEqual([
      { id: 1, name: 'Lana' },
    ]);
    expect(await w.sql(`select count(*)::int as n from movies`)).toEqual([{ n: 0 }]);
  });

  it('RLS: anon cannot insert (401), a user only as themself (403 otherwise)', async () => {
    const anon = await w.rest('POST', '/notes', { body: { body: 'hi' }, key: 'anon' });
    expect(anon.status).toBe(401);
    expect(anon.json).toMatchObject({
      code: '42501',
      message: 'new row violates row-level security policy for table "notes"',
    });
    const spoof = await w.rest('POST', '/notes', { body: { body: 'x', owner: BOB }, key: alice });
    expect(spoof.status).toBe(403);
    expect(spoof.json.code).toBe('42501');
    const own = await w.rest('POST', '/notes?select=owner,body', {
      body: { body: 'mine' },
      key: alice,
      headers: { prefer: 'return=representation' },
    });
    expect([own.status, own.json]).toEqual([201, [{ owner: ALICE, body: 'mine' }]]);
  });

  it("RLS: updates and deletes see only the caller's rows", async () => {
    await w.sql(`insert into notes (owner, body) values ($1, 'bob''s')`, [BOB]);
    const res = await w.rest('PATCH', '/notes', {
      body: { body: 'edited' },
      key: alice,
      headers: { prefer: 'count=exact' },
    });
    expect(res.headers.get('content-range')).toBe('0-0/1');
    const anonDelete = await w.rest('DELETE', '/notes', {
      key: 'anon',
      headers: { prefer: 'count=exact' },
    });
    expect([anonDelete.status, anonDelete.headers.get('content-range')]).toEqual([204, '*/0']);
    expect(await w.sql(`select owner, body from notes order by id`)).toEqual([
      { owner: ALICE, body: 'edited' },
      { owner: BOB, body: "bob's" },
    ]);
  });
});
