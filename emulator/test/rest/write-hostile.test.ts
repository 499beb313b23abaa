import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

/** Strings built to escape quoting, end statements or confuse parsers. */
const CORPUS = [
  `'`,
  `"`,
  `;`,
  `--`,
  `)`,
  `,`,
  `\\`,
  `'); drop table people; --`,
  `" or 1=1 --`,
  `x" text); drop table people; --`,
  `$1`,
  `$$; select 1; $$`,
  `::text`,
  `a.b`,
  `a->>b`,
  `(a,b)`,
  `{a,b}`,
  `%_*`,
  `null`,
  `é 🎬 ∑`,
  `line\nbreak\ttab`,
  'z'.repeat(10_000),
];

describe.each(testEngines())('hostile input to writes and rpc on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine);
  });
  afterAll(() => w?.stop());
  const peopleCount = async () =>
    (await w.sql<{ n: number }>(`select count(*)::int as n from people`))[0].n;

  it('values are stored verbatim and matched exactly', async () => {
    for (const [i, value] of CORPUS.entries()) {
      const res = await w.rest('POST', '/nokey?select=b', {
        body: { a: i, b: value },
        headers: { prefer: 'return=representation' },
      });
      expect([res.status, res.json]).toEqual([201, [{ b: value }]]);
    }
    for (const [i, value] of CORPUS.entries()) {
      const res = await w.rest('PATCH', `/nokey?b=eq.${encodeURIComponent(value)}&a=eq.${i}`, {
        body: { a: i + 1000 },
        headers: { prefer: 'count=exact' },
      });
      expect(res.status, value).toBe(204);
      expect(res.headers.get('content-range'), value).toBe('0-0/1');
    }
    expect(await w.sql(`select count(*)::int as n from nokey where a >= 1000`)).toEqual([
      { n: CORPUS.length },
    ]);
  });

  it('a NUL character is a 400 from Postgres, not a crash', async () => {
    const res = await w.rest('POST', '/nokey', { body: { b: 'a\u0000b' } });
    expect(res.status).toBe(400);
  });

  it('keys, columns and conflict targets are identifiers, never SQL', async () => {
    const before = await peopleCount();
    for (const name of CORPUS) {
      const key = await w.rest('POST', '/people', { body: { name: 'k', [name]: 1 } });
      expect([key.status, key.json.code], name).toEqual([400, 'PGRST204']);
      const columns = await w.rest('POST', `/people?columns=${encodeURIComponent(name)}`, {
        body: { name: 'c' },
      });
      expect(columns.status, name).toBeGreaterThanOrEqual(400);
      expect(columns.status, name).toBeLessThan(500);
      const conflict = await w.rest('POST', `/people?on_conflict=${encodeURIComponent(name)}`, {
        body: { name: 'o' },
        headers: { prefer: 'resolution=merge-duplicates' },
      });
      expect(conflict.status, name).toBeGreaterThanOrEqual(400);
      expect(conflict.status, name).toBeLessThan(500);
      const table = await w.rest('POST', `/${encodeURIComponent(name)}`, { body: { a: 1 } });
      expect(table.status, name).toBeGreaterThanOrEqual(400);
      expect(table.status, name).toBeLessThan(500);
    }
    expect(await peopleCount()).toBe(before);
  });

  it('rpc argument names and values never reach SQL text', async () => {
    for (const value of CORPUS) {
      const named = await w.rest('POST', '/rpc/add_them', { body: { a: 1, [value]: 2 } });
      expect([named.status, named.json.code], value).toEqual([404, 'PGRST202']);
      const arg = await w.rest('POST', '/rpc/greet', { body: { name: value } });
      expect([arg.status, arg.json], value).toEqual([200, `hello ${value}`]);
      if (value.length < 1000) {
        const get = await w.rest('GET', `/rpc/greet?name=${encodeURIComponent(value)}`);
        expect(get.status, value).toBeLessThan(500);
      }
      const fn = await w.rest('POST', `/rpc/${encodeURIComponent(value)}`, { body: {} });
      expect(fn.status, value).toBeGreaterThanOrEqual(400);
      expect(fn.status, value).toBeLessThan(500);
    }
  });
});
