import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteEngine, type PgliteEngine } from '../../src/db/pglite-engine.js';
import { openBootstrappedPglite } from '../../src/db/pglite-template.js';

// The embedded engine runs PGlite in a worker thread; these tests hold it to the in-process
// engine's contract and show the host's event loop stays free.
describe('the PGlite engine in a worker thread', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await openBootstrappedPglite();
    await engine.exec(`
      create table people (id int primary key, name text not null constraint people_name_key unique);
      insert into people values (1, 'ada');
    `);
  });
  afterAll(() => engine?.close());

  it('keeps the host event loop running during a long query', async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 50);
    try {
      const started = performance.now();
      await engine.query('select pg_sleep(1.5)');
      ticks.unshift(started);
      ticks.push(performance.now());
    } finally {
      clearInterval(timer);
    }
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]);
    // On the main thread the query would be one gap of 1.5 s and no ticks.
    expect(ticks.length - 2).toBeGreaterThanOrEqual(20);
    expect(Math.max(...gaps)).toBeLessThan(500);
  });

  it('answers rows with their JS types and the fields in select order', async () => {
    const result = await engine.query(
      `select $1::int + 1 as n, '2020-01-02T03:04:05Z'::timestamptz as at, '\\x0102'::bytea as b,
              '{"a":[1,true]}'::jsonb as j, 9007199254740993::int8 as big`,
      [41],
    );
    expect(result.rows).toEqual([
      {
        n: 42,
        at: new Date('2020-01-02T03:04:05Z'),
        b: new Uint8Array([1, 2]),
        j: { a: [1, true] },
        big: 9007199254740993n,
      },
    ]);
    expect(result.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['n', 23],
      ['at', 1184],
      ['b', 17],
      ['j', 3802],
      ['big', 20],
    ]);
    expect(result.rowCount).toBe(1);
  });

  it('rebuilds a Postgres error with every field the REST layer reads', async () => {
    const error = await engine
      .query(`insert into people values (2, 'ada')`)
      .catch((e: unknown) => e as Record<string, unknown>);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: '23505',
      message: 'duplicate key value violates unique constraint "people_name_key"',
      detail: 'Key (name)=(ada) already exists.',
      schema: 'public',
      table: 'people',
      constraint: 'people_name_key',
      severity: 'ERROR',
    });
    const syntax = await engine
      .query('select from from people')
      .catch((e: unknown) => e as Record<string, unknown>);
    expect(syntax).toMatchObject({ code: '42601', position: '13' });
    const raised = await engine
      .exec(`do $$ begin raise exception 'no' using hint = 'try again', errcode = 'P0001'; end $$`)
      .catch((e: unknown) => e as Record<string, unknown>);
    expect(raised).toMatchObject({ code: 'P0001', message: 'no', hint: 'try again' });
  });

  it('rejects parameters a thread cannot carry with a clear error, and keeps working', async () => {
    await expect(engine.query('select $1 as x', [() => 1])).rejects.toThrow(/could not be cloned/);
    expect((await engine.query('select 1 as x')).rows).toEqual([{ x: 1 }]);
  });

  it('runs a transaction on one session and commits it', async () => {
    const seen = await engine.transaction(async (tx) => {
      await tx.exec(`set local application_name = 'in-tx'`);
      await tx.query(`insert into people values (3, 'grace')`);
      return (await tx.query<{ a: string }>(`select current_setting('application_name') as a`))
        .rows[0].a;
    });
    expect(seen).toBe('in-tx');
    expect((await engine.query('select name from people where id = 3')).rows).toEqual([
      { name: 'grace' },
    ]);
  });

  it('rolls a transaction back when its function throws, and rethrows', async () => {
    const boom = new Error('boom');
    await expect(
      engine.transaction(async (tx) => {
        await tx.query(`insert into people values (4, 'linus')`);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await engine.query('select count(*)::int as n from people where id = 4')).rows).toEqual(
      [{ n: 0 }],
    );
  });

  it('rolls back a transaction whose statement failed (COMMIT would not commit)', async () => {
    await expect(
      engine.transaction(async (tx) => {
        await tx.query(`insert into people values (5, 'edsger')`);
        await tx.query('select 1/0').catch(() => undefined);
      }),
    ).rejects.toMatchObject({ code: '25P02' });
    expect((await engine.query('select count(*)::int as n from people where id = 5')).rows).toEqual(
      [{ n: 0 }],
    );
  });

  it('refuses the engine itself inside its own transaction (no deadlock)', async () => {
    await expect(engine.transaction(() => engine.query('select 1'))).rejects.toThrow(/Deadlock/);
    expect((await engine.query('select 2 as x')).rows).toEqual([{ x: 2 }]);
  });

  it('delivers NOTIFY payloads to listeners until they unlisten', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const unlistenA = await engine.listen('news', (p) => a.push(p));
    const unlistenB = await engine.listen('news', (p) => b.push(p));
    await engine.query(`select pg_notify('news', 'one')`);
    await unlistenA();
    await engine.transaction((tx) => tx.query(`select pg_notify('news', 'two')`));
    await unlistenB();
    await engine.exec(`notify news, 'three'`);
    // Payloads are posted before the answer of the query that notified.
    expect([a, b]).toEqual([['one'], ['one', 'two']]);
  });
});

describe('the PGlite engine closing', () => {
  it('closes into a snapshot that a new engine starts from', async () => {
    const first = await openBootstrappedPglite();
    await first.exec(`create table kept (v text); insert into kept values ('here')`);
    const snapshot = await first.closeToSnapshot();
    await expect(async () => first.query('select 1')).rejects.toThrow(/closed/);
    expect(snapshot.files.length).toBeGreaterThan(100);
    const second = await createPgliteEngine({ snapshot });
    try {
      expect((await second.query('select v from kept')).rows).toEqual([{ v: 'here' }]);
    } finally {
      await second.close();
    }
    await second.close(); // twice is fine
  });

  const script = fileURLToPath(new URL('./open-engine.fixture.ts', import.meta.url));
  // The repository root, where `--import tsx` resolves.
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  it.each(['close', 'leave open'])(
    'lets the host process exit after a query (%s)',
    async (mode) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, mode], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      // Exits by itself, or the test times out (the worker kept it alive).
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect([code, out.trim()]).toEqual([0, 'answered 1']);
    },
    60_000,
  );
});
