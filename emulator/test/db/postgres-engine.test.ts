import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/db/engine.js';
import { createPostgresEngine } from '../../src/db/postgres-engine.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('postgres engine transactions: BEGIN goes with the first statement', () => {
  let db: Engine;
  const table = `tx_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    db = await createPostgresEngine({ url: url!, max: 2 });
    await db.exec(`create table ${table} (n int)`);
  });
  afterAll(async () => {
    await db?.exec(`drop table if exists ${table}`);
    await db?.close();
  });

  const count = async () =>
    (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n;
  const failing = (fn: Parameters<Engine['transaction']>[0]) =>
    expect(db.transaction(fn)).rejects.toThrow('undo');

  it('runs a first statement without parameters inside the transaction', async () => {
    await failing(async (tx) => {
      await tx.query(`insert into ${table} values (1)`);
      throw new Error('undo');
    });
    await failing(async (tx) => {
      await tx.exec(`insert into ${table} values (2); insert into ${table} values (3)`);
      throw new Error('undo');
    });
    await failing(async (tx) => {
      await tx.query(`insert into ${table} values ($1)`, [4]);
      throw new Error('undo');
    });
    expect(await count()).toBe(0);
  });

  it('keeps local settings of the first statement for the rest of the transaction', async () => {
    const value = await db.transaction(async (tx) => {
      const first = await tx.query<{ v: string }>("select set_config('app.x', 'it''s', true) as v");
      expect(first.rows).toEqual([{ v: "it's" }]);
      expect(first.fields.map((f) => f.name)).toEqual(['v']);
      return (await tx.query<{ v: string }>("select current_setting('app.x') as v")).rows[0].v;
    });
    expect(value).toBe("it's");
    const after = await db.query<{ v: string | null }>(
      "select current_setting('app.x', true) as v",
    );
    expect(after.rows[0].v ?? '').toBe('');
  });

  it('commits, and sends one message fewer when the first statement has no parameters', async () => {
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await db.transaction(async (tx) => {
        await tx.query(`select 1`);
        await tx.query(`insert into ${table} values ($1)`, [5]);
      });
      expect(sent).toHaveBeenCalledTimes(3); // begin + select 1, insert, commit
      sent.mockClear();
      await db.transaction(async (tx) => {
        await tx.query(`insert into ${table} values ($1)`, [6]);
      });
      expect(sent).toHaveBeenCalledTimes(3); // begin, insert, commit
      sent.mockClear();
      expect(await db.transaction(async () => 'nothing to run')).toBe('nothing to run');
      expect(sent).not.toHaveBeenCalled();
    } finally {
      sent.mockRestore();
    }
    expect(await count()).toBe(2);
  });

  it('rolls back after a failing first statement, and the connection stays usable', async () => {
    await expect(
      db.transaction((tx) => tx.query('select * from no_such_table_here')),
    ).rejects.toMatchObject({ code: '42P01' });
    for (let i = 0; i < 3; i++) {
      expect((await db.transaction((tx) => tx.query<{ n: number }>('select 1 as n'))).rows).toEqual(
        [{ n: 1 }],
      );
    }
  });
});
