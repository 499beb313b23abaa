import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index.js';
import { startTestEmulator, testEngines, type TestEngine } from '../helpers/index.js';
import type { EmulatorHandle } from '../../src/index.js';

describe.each(testEngines())('engine on %s', (engineName: TestEngine) => {
  let emu: EmulatorHandle;
  let db: Engine;
  beforeAll(async () => {
    emu = await startTestEmulator({
      engine: engineName,
      sql: 'create table counter (id int primary key, n int not null); insert into counter values (1, 0);',
    });
    db = emu.db;
  });
  afterAll(() => emu?.stop());

  it('reports its kind', () => {
    expect(db.kind).toBe(engineName);
  });

  it('binds parameters and normalises results', async () => {
    const result = await db.query<{ n: number; s: string; big: number; arr: number[]; j: unknown }>(
      `select $1::int + 1 as n, $2::text as s, 9007199254740991::int8 as big,
              array[1,2]::int8[] as arr, '{"a":[1]}'::jsonb as j`,
      [41, "it's; -- not sql"],
    );
    expect(result.rows).toEqual([
      { n: 42, s: "it's; -- not sql", big: 9007199254740991, arr: [1, 2], j: { a: [1] } },
    ]);
    expect(result.fields.map((f) => f.name)).toEqual(['n', 's', 'big', 'arr', 'j']);
    expect(result.fields[0].dataTypeID).toBe(23);
    expect(result.rowCount).toBe(1);
  });

  it('keeps bigints beyond 2^53 exact, as text', async () => {
    const { rows } = await db.query<{ big: unknown }>('select 9007199254740993::int8 as big');
    expect(String(rows[0].big)).toBe('9007199254740993');
  });

  it('counts affected rows of writes', async () => {
    await db.exec('create table rc (x int); insert into rc values (1), (2), (3);');
    const result = await db.query('update rc set x = x + 1 where x > 1');
    expect(result.rowCount).toBe(2);
    expect(result.rows).toEqual([]);
  });

  it('commits a transaction and returns its value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('update counter set n = n + 1 where id = 1');
      return (await tx.query<{ n: number }>('select n from counter where id = 1')).rows[0].n;
    });
    expect(value).toBe(1);
    expect((await db.query('select n from counter')).rows).toEqual([{ n: 1 }]);
  });

  it('rolls a transaction back when it throws, and rethrows', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('update counter set n = 100 where id = 1');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.query('select n from counter')).rows).toEqual([{ n: 1 }]);
  });

  it('rejects a failing statement with the Postgres error code', async () => {
    await expect(db.query('select * from no_such_table')).rejects.toMatchObject({ code: '42P01' });
    // The engine is still usable afterwards.
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps SET LOCAL inside its own transaction under concurrency', async () => {
    const roles = ['anon', 'authenticated', 'service_role'];
    const seen = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.transaction(async (tx) => {
          const role = roles[i % 3];
          await tx.query(`set local role ${role}`);
          // Yield between statements, so interleaving would show if it could happen.
          await new Promise((resolve) => setImmediate(resolve));
          const { rows } = await tx.query<{ r: string }>('select current_user as r');
          return rows[0].r === role;
        }),
      ),
    );
    expect(seen.every(Boolean)).toBe(true);
    expect((await db.query<{ r: string }>('select current_user as r')).rows[0].r).toBe('postgres');
  });

  it('serialises concurrent increments without losing any', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>(
            'select n from counter where id = 1 for update',
          );
          await tx.query('update counter set n = $1 where id = 1', [rows[0].n + 1]);
        }),
      ),
    );
    expect((await db.query('select n from counter')).rows).toEqual([{ n: 21 }]);
  });

  it('delivers NOTIFY to a listener, and stops after unlisten', async () => {
    const got: string[] = [];
    let resolveFirst!: () => void;
    const first = new Promise<void>((r) => (resolveFirst = r));
    const unlisten = await db.listen('emu_test', (payload) => {
      got.push(payload);
      resolveFirst();
    });
    await db.query(`select pg_notify('emu_test', 'hello')`);
    await first;
    expect(got).toEqual(['hello']);
    await unlisten();
    await db.query(`select pg_notify('emu_test', 'ignored')`);
    await db.query('select 1'); // a round trip after the notify, for it to arrive if it would
    expect(got).toEqual(['hello']);
  });
});

describe('pglite engine', () => {
  it('refuses, instead of deadlocking, a query on the engine from inside its own transaction', async () => {
    if (!testEngines().includes('pglite')) return;
    const emu = await startTestEmulator({ engine: 'pglite' });
    try {
      await expect(emu.db.transaction(() => emu.db.query('select 1'))).rejects.toThrow(
        /Deadlock avoided/,
      );
      expect((await emu.db.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await emu.stop();
    }
  }, 120_000);
});
