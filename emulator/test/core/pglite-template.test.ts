import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBootstrappedPglite } from '../../src/db/pglite-template.js';

describe('bootstrapped PGlite templates', () => {
  let cache: string;
  const previous = process.env.SUPABASE_RX_EMULATOR_CACHE;
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'emu-template-'));
    process.env.SUPABASE_RX_EMULATOR_CACHE = cache;
  });
  afterAll(() => {
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
});
