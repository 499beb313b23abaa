import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DEMO_KEYS, StartupSqlError, type EmulatorHandle } from '../../src/index.js';
import { createJwtKeys } from '../../src/jwt/jwt-keys.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';

const SECRET = 'project-secret-that-is-long-enough-to-use';

/** Writes a Supabase project folder: config.toml, migrations and seed. */
async function writeProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'emu-project-'));
  await mkdir(join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function signingKeys(dir: string): Promise<void> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: 'project-key',
    alg: 'ES256',
    key_ops: ['sign', 'verify'],
  };
  await writeFile(join(dir, 'signing_keys.json'), JSON.stringify([jwk]));
}

describe.each(testEngines())('a Supabase project folder on %s', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const dir = await writeProject({
      'config.toml': `
[api]
schemas = ["public", "api", "graphql_public"]
max_rows = 50
[auth]
jwt_secret = "${SECRET}"
signing_keys_path = "./signing_keys.json"
`,
      // Named so that a plain sort is the only right order (2 < 10 as text would be wrong).
      'migrations/20240101000000_create.sql': `
create table steps (n int primary key, what text);
insert into steps values (1, 'first migration');
create schema api;`,
      'migrations/20240102000000_add.sql': `
alter table steps add column extra text default 'added';
insert into steps (n, what) values (2, 'second migration');`,
      'migrations/notes.txt': 'not a migration',
      'seed.sql': `insert into steps (n, what) values (3, 'seed: ' || (select count(*) from steps));`,
    });
    await signingKeys(dir);
    emu = await startTestEmulator({
      engine,
      projectDir: dir,
      sql: `insert into steps (n, what) values (100, 'extra sql after ' || (select count(*) from steps) || ' rows')`,
    });
  });
  afterAll(() => emu?.stop());

  it('applies migrations in file-name order, then the extra SQL, then the seed', async () => {
    const { rows } = await emu.db.query('select n, what, extra from steps order by n');
    expect(rows).toEqual([
      { n: 1, what: 'first migration', extra: 'added' },
      { n: 2, what: 'second migration', extra: 'added' },
      { n: 3, what: 'seed: 3', extra: 'added' },
      { n: 100, what: 'extra sql after 2 rows', extra: 'added' },
    ]);
  });

  it('records the migrations as the Supabase CLI does', async () => {
    const { rows } = await emu.db.query(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(rows).toEqual([
      { version: '20240101000000', name: 'create' },
      { version: '20240102000000', name: 'add' },
    ]);
  });

  it('reads config.toml: keys from its secret, its max_rows, its schemas (those that exist)', async () => {
    expect(emu.jwtSecret).toBe(SECRET);
    expect(emu.anonKey).not.toBe(CLI_DEMO_KEYS.anon);
    const jwt = await createJwtKeys({ secret: SECRET });
    expect(await jwt.verify(emu.anonKey)).toEqual({
      iss: 'supabase-demo',
      role: 'anon',
      exp: 1983812996,
    });
    expect(await jwt.verify(emu.serviceRoleKey)).toMatchObject({ role: 'service_role' });
    expect(emu.config.api.maxRows).toBe(50);
    expect(emu.config.api.schemas).toEqual(['public', 'api']);
  });

  it('signs with the configured asymmetric key and publishes it', async () => {
    const token = await emu.context.jwt.sign({ role: 'authenticated', sub: 'x' });
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({
      alg: 'ES256',
      kid: 'project-key',
    });
    expect(await emu.context.jwt.verify(token)).toMatchObject({ sub: 'x' });
    const { keys } = emu.context.jwt.publicJwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: 'project-key', kty: 'EC' });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('stops start-up at a failing migration, naming the file', async () => {
    const dir = await writeProject({
      'migrations/20240101000000_ok.sql': 'create table ok_table (id int);',
      'migrations/20240102000000_broken.sql':
        'create table half (id int);\ncreate tabel oops (id int);',
      'migrations/20240103000000_never.sql': 'create table never_run (id int);',
    });
    const error = await startTestEmulator({ engine, projectDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupSqlError);
    expect((error as Error).message).toMatch(
      /^migration 20240102000000_broken\.sql failed: syntax error at or near "tabel"/,
    );
    expect((error as StartupSqlError).step).toBe('migration 20240102000000_broken.sql');
  }, 120_000);

  it('names the seed file when the seed fails', async () => {
    const dir = await writeProject({ 'seed.sql': 'insert into missing_table values (1);' });
    await expect(startTestEmulator({ engine, projectDir: dir })).rejects.toThrow(
      /^seed .*seed\.sql failed: relation "missing_table" does not exist/,
    );
  }, 120_000);
});

describe('a PGlite data folder', () => {
  it('keeps data across restarts, without re-running migrations or the seed', async () => {
    const dir = await writeProject({
      'migrations/20240101000000_init.sql':
        'create table visits (id serial primary key, note text);',
      'seed.sql': `insert into visits (note) values ('seeded');`,
    });
    const dataDir = join(await mkdtemp(join(tmpdir(), 'emu-data-')), 'pgdata');
    const first = await startTestEmulator({ engine: 'pglite', projectDir: dir, dataDir });
    await first.db.query(`insert into visits (note) values ('written')`);
    await first.stop();

    const second = await startTestEmulator({ engine: 'pglite', projectDir: dir, dataDir });
    try {
      const { rows } = await second.db.query('select note from visits order by id');
      expect(rows).toEqual([{ note: 'seeded' }, { note: 'written' }]);
    } finally {
      await second.stop();
    }
  }, 240_000);
});
