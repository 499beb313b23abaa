import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupSqlError } from '../../src/db/bootstrap.js';
import { listMigrations } from '../../src/db/migrations.js';
import { openBootstrappedPglite } from '../../src/db/pglite-template.js';

describe('bootstrapped PGlite templates', () => {
  let cache: string;
  const previous = process.env.SUPABASE_RX_EMULATOR_CACHE;
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'emu-template-'));
    process.env.SUPABASE_RX_EMULATOR_CACHE = cache;
  });
  afterAll(async () => {
    await rm(cache, { recursive: true, force: true });
    if (previous === undefined) delete process.env.SUPABASE_RX_EMULATOR_CACHE;
    else process.env.SUPABASE_RX_EMULATOR_CACHE = previous;
  });

  const bootstrapped = async (engine: Awaited<ReturnType<typeof openBootstrappedPglite>>) =>
    (
      await engine.query<{ roles: number; uid: boolean }>(
        `select (select count(*)::int from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) as roles,
                to_regprocedure('auth.uid()') is not null as uid`,
      )
    ).rows[0];

  it('bootstraps once, saves a template, and starts the next engine from it, separate from the first', async () => {
    const first = await openBootstrappedPglite();
    await first.exec('create table only_in_first (id int)');
    await first.close();
    const files = (await readdir(cache)).filter((f) => f.endsWith('.pgdata'));
    expect(files).toHaveLength(1);

    const second = await openBootstrappedPglite();
    try {
      expect(await bootstrapped(second)).toEqual({ roles: 3, uid: true });
      // The template is the bootstrap only: nothing done in the first engine afterwards.
      const { rows } = await second.query<{ t: string | null }>(
        `select to_regclass('only_in_first')::text as t`,
      );
      expect(rows[0].t).toBeNull();
    } finally {
      await second.close();
    }
  }, 240_000);

  it('replaces a damaged template instead of failing', async () => {
    const [file] = (await readdir(cache)).filter((f) => f.endsWith('.pgdata'));
    await writeFile(join(cache, file), 'not a snapshot');
    const engine = await openBootstrappedPglite();
    try {
      expect(await bootstrapped(engine)).toEqual({ roles: 3, uid: true });
    } finally {
      await engine.close();
    }
    const size = (await readdir(cache)).filter((f) => f.endsWith('.pgdata')).length;
    expect(size).toBe(1);
  }, 240_000);

  describe('with migrations', () => {
    const templates = async () => (await readdir(cache)).filter((f) => f.endsWith('.pgdata'));
    const migrations = async (sql: string) => {
      const dir = join(cache, 'migrations');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, '20240101000000_a.sql'), sql);
      return listMigrations(dir);
    };
    const stampOf = async (engine: Awaited<ReturnType<typeof openBootstrappedPglite>>) => {
      const { rows } = await engine.query<{ at: string; version: string }>(
        `select a.at::text, m.version from a, supabase_migrations.schema_migrations m`,
      );
      return rows;
    };
    // When the row was inserted: the same in two engines only if the migration ran once.
    const MIGRATION = `create table a (x int, at timestamptz default clock_timestamp());
      insert into a default values;`;

    it('applies them once into a template of their own, and starts later engines from it', async () => {
      const before = (await templates()).length;
      const first = await openBootstrappedPglite({ migrations: await migrations(MIGRATION) });
      const stamp = await stampOf(first);
      expect(stamp).toEqual([{ at: expect.any(String), version: '20240101000000' }]);
      await first.exec('insert into a default values'); // not in the template
      await first.close();
      expect(await templates()).toHaveLength(before + 1);

      const second = await openBootstrappedPglite({ migrations: await migrations(MIGRATION) });
      try {
        expect(await stampOf(second)).toEqual(stamp);
      } finally {
        await second.close();
      }
      expect(await templates()).toHaveLength(before + 1);
    }, 240_000);

    it('applies a changed migration (a new template), and saves none for a failing one', async () => {
      const before = (await templates()).length;
      const changed = await openBootstrappedPglite({
        migrations: await migrations(`${MIGRATION} alter table a add column y int;`),
      });
      try {
        const { rows } = await changed.query<{ y: string | null }>(
          `select to_regclass('a')::text as a, (select attname from pg_attribute
             where attrelid = 'a'::regclass and attname = 'y') as y`,
        );
        expect(rows[0]).toEqual({ a: 'a', y: 'y' });
      } finally {
        await changed.close();
      }
      expect(await templates()).toHaveLength(before + 1);

      const failing = openBootstrappedPglite({ migrations: await migrations('create table (') });
      await expect(failing).rejects.toBeInstanceOf(StartupSqlError);
      await expect(failing).rejects.toThrow(/20240101000000_a\.sql/);
      expect(await templates()).toHaveLength(before + 1);
    }, 240_000);
  });
});
