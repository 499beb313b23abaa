import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteEngine, type PgliteEngine } from '../../src/db/pglite-engine.js';

// About real time, on purpose: the point is that the host's event loop keeps running while the
// embedded database is busy, which no virtual clock can show.
describe('the embedded engine on its worker thread', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await createPgliteEngine();
  }, 120_000);
  afterAll(() => engine?.close());

  it('keeps the host timers on time during a 1.5 s query', async () => {
    const gaps: number[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 50);
    try {
      const started = performance.now();
      await engine.query('select pg_sleep(1.5)');
      expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
    } finally {
      clearInterval(timer);
    }
    // ~30 ticks; with the query on the host thread there would be one gap of 1.5 s.
    expect(gaps.length).toBeGreaterThan(15);
    expect(Math.max(...gaps)).toBeLessThan(300);
  }, 30_000);

  it('rebuilds Postgres errors with their fields', async () => {
    await expect(engine.query('select * from no_such_table')).rejects.toMatchObject({
      name: 'DatabaseError',
      code: '42P01',
      message: 'relation "no_such_table" does not exist',
    });
  });

  it('fails COMMIT of a transaction whose statement failed and was caught, rolling it back', async () => {
    await engine.exec('create table t_abort (id int)');
    await expect(
      engine.transaction(async (tx) => {
        await tx.query('insert into t_abort values (1)');
        await tx.query('select 1/0').catch(() => undefined);
      }),
    ).rejects.toMatchObject({ code: '25P02' });
    expect((await engine.query('select count(*)::int as n from t_abort')).rows).toEqual([{ n: 0 }]);
  });

  it('forwards notifications from the worker, to every listener of the channel', async () => {
    const got: string[] = [];
    let arrived!: () => void;
    const both = new Promise<void>((r) => (arrived = r));
    const add = (tag: string) => (payload: string) => {
      got.push(`${tag}:${payload}`);
      if (got.length === 2) arrived();
    };
    const stopA = await engine.listen('Mixed Case', add('a'));
    const stopB = await engine.listen('Mixed Case', add('b'));
    await engine.transaction((tx) => tx.query(`select pg_notify('Mixed Case', 'hi')`));
    await both;
    expect(got.sort()).toEqual(['a:hi', 'b:hi']);
    await stopA();
    await stopB();
  });

  it('dumps its data folder and starts another engine from it', async () => {
    await engine.exec('create table t_dump (v text); insert into t_dump values ($$kept$$)');
    const copy = await createPgliteEngine({ loadDataDir: await engine.dumpDataDir() });
    try {
      expect((await copy.query('select v from t_dump')).rows).toEqual([{ v: 'kept' }]);
    } finally {
      await copy.close();
    }
  }, 120_000);
});
