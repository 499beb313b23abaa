import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

const SEQS_SQL = `
create table seqs (id serial primary key, name text not null, color text default 'grey');
`;

// A JSON body that is a bare scalar is, to PostgREST, an empty array: nothing is inserted.
const SCALARS: [string, string][] = [
  ['a number', '1'],
  ['a string', '"x"'],
  ['null', 'null'],
  ['a boolean', 'true'],
];

describe.each(testEngines())('insert payload rules on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine, SEQS_SQL);
  });
  afterAll(() => w?.stop());
  const count = async () =>
    (await w.sql<{ n: number }>('select count(*)::int as n from seqs'))[0].n;

  it.each(SCALARS)('a bare scalar body (%s) inserts no row: 201 and []', async (_, body) => {
    const before = await count();
    const res = await w.rest('POST', '/seqs', {
      body,
      headers: { prefer: 'return=representation' },
    });
    expect([res.status, res.json]).toEqual([201, []]);
    const minimal = await w.rest('POST', '/seqs', { body });
    expect([minimal.status, minimal.text]).toEqual([201, '']);
    expect(await count()).toBe(before);
  });

  it('missing=default: every row evaluates every default, so the sequence advances per row', async () => {
    await w.sql(`truncate seqs restart identity`);
    const res = await w.rest('POST', '/seqs?columns=id,name,color&select=id,name,color', {
      body: [{ name: 'a' }, { id: 10, name: 'b', color: null }, { name: 'c', color: 'red' }],
      headers: { prefer: 'return=representation,missing=default' },
    });
    expect(res.status).toBe(201);
    // Row b gave its id, yet consumed 2; its explicit null color stays null.
    expect(res.json).toEqual([
      { id: 1, name: 'a', color: 'grey' },
      { id: 10, name: 'b', color: null },
      { id: 3, name: 'c', color: 'red' },
    ]);
    expect(await w.sql(`select last_value::int as v from seqs_id_seq`)).toEqual([{ v: 3 }]);
  });

  it('without missing=default a key absent from a row is null (here: 23502)', async () => {
    const res = await w.rest('POST', '/seqs?columns=id,name', {
      body: [{ name: 'x' }, { id: 50, name: 'y' }],
    });
    expect([res.status, res.json.code]).toEqual([400, '23502']);
  });

  it('missing=default on a single object takes the defaults of absent keys', async () => {
    const res = await w.rest('POST', '/seqs?columns=name,color&select=name,color', {
      body: { name: 'solo' },
      headers: { prefer: 'return=representation,missing=default' },
    });
    expect([res.status, res.json]).toEqual([201, [{ name: 'solo', color: 'grey' }]]);
  });
});
