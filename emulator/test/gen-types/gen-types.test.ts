import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { genTypes, GenTypesError } from '../../src/index.js';
import { parseGenTypesCli } from '../../src/gen-types/gen-types-command.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/supabase', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixture', import.meta.url));
const ADMIN = process.env.TEST_DATABASE_URL;

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// What the Supabase CLI runs for `gen types --local`: postgres-meta's server in type-gen mode.
async function postgresMetaCli(url: string, schemas: string[]): Promise<string> {
  const require = createRequire(import.meta.url);
  const server = require.resolve('@supabase/postgres-meta/dist/server/server.js');
  const { stdout } = await promisify(execFile)(process.execPath, [server], {
    env: {
      PATH: process.env.PATH,
      PG_META_DB_URL: url,
      PG_META_GENERATE_TYPES: 'typescript',
      PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas.join(','),
      PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

describe('genTypes on PGlite', () => {
  let example: string;
  let fixture: string;
  beforeAll(async () => {
    example = await genTypes({ projectDir: EXAMPLE });
    fixture = await genTypes({ projectDir: FIXTURE });
  }, 120_000);

  it("writes the example project's tables, relationships and function", () => {
    for (const table of ['movies:', 'people:', 'reviews:', 'movie_actors:', 'watchlist:']) {
      expect(example).toContain(`      ${table} {`);
    }
    expect(example).toContain('foreignKeyName: "movies_director_id_fkey"');
    expect(example).toContain('average_stars: { Args: { movie: number }; Returns: number }');
    expect(example.startsWith('export type Json =')).toBe(true);
    expect(example.endsWith('} as const\n\n')).toBe(true);
  });

  it('writes views, enums, composite types, functions and both schemas of config.toml', () => {
    expect(fixture).toMatch(/^ {2}api: \{/m);
    expect(fixture).toMatch(/^ {2}public: \{/m);
    expect(fixture).toContain('kind: "created" | "deleted"');
    expect(fixture).toContain('mood: "happy" | "sad" | "ok"');
    expect(fixture).toContain('book_titles: {');
    expect(fixture).toContain('author_counts: {');
    expect(fixture).toContain('home: Database["public"]["CompositeTypes"]["address"] | null');
    expect(fixture).toContain('greet: { Args: { name?: string }; Returns: string }');
    expect(fixture).toContain('isOneToOne: true');
    expect(fixture).not.toContain('touch');
  });

  it('writes only the schemas asked for', async () => {
    const onlyApi = await genTypes({ projectDir: FIXTURE, schemas: ['api'] });
    expect(onlyApi).toMatch(/^ {2}api: \{/m);
    expect(onlyApi).not.toMatch(/^ {2}public: \{/m);
  }, 60_000);

  it('fails with a GenTypesError for a schema that does not exist', async () => {
    const run = genTypes({ projectDir: FIXTURE, schemas: ['public', 'nowhere'] });
    await expect(run).rejects.toBeInstanceOf(GenTypesError);
    await expect(run).rejects.toThrow(/no schema "nowhere"/);
  }, 60_000);

  it('fails with a GenTypesError for a folder that is no Supabase project', async () => {
    const run = genTypes({ projectDir: '/nonexistent/supabase' });
    await expect(run).rejects.toBeInstanceOf(GenTypesError);
    await expect(run).rejects.toThrow(/no Supabase project at \/nonexistent\/supabase/);
  });

  it.runIf(ADMIN)(
    "equals postgres-meta's CLI output on a PostgreSQL server, and genTypes there",
    async () => {
      for (const [dir, pglite, schemas] of [
        [EXAMPLE, example, ['public', 'graphql_public']],
        [FIXTURE, fixture, ['public', 'api']],
      ] as const) {
        const name = `gen_types_${randomBytes(6).toString('hex')}`;
        await asAdmin(`create database ${name}`);
        try {
          const url = new URL(ADMIN!);
          url.pathname = `/${name}`;
          const onServer = await genTypes({ projectDir: dir, databaseUrl: url.toString() });
          expect(onServer).toBe(pglite);
          expect(await postgresMetaCli(url.toString(), [...schemas])).toBe(pglite);
        } finally {
          await asAdmin(`drop database if exists ${name} with (force)`);
        }
      }
    },
    180_000,
  );
});

describe('parseGenTypesCli', () => {
  it.each([
    [['types'], {}],
    [['types', 'typescript', '--local'], {}],
    [['types', '--schema', 'public,api', '-s', 'x'], { schemas: ['public', 'api', 'x'] }],
    [
      ['types', '--project-dir', 'p', '--db-url', 'postgres://h/db'],
      { projectDir: 'p', databaseUrl: 'postgres://h/db' },
    ],
  ])('%j', (argv, options) => {
    expect(parseGenTypesCli(argv)).toEqual(options);
  });

  it.each([
    [[], /gen needs a subcommand/],
    [['typo'], /unknown command "gen typo"/],
    [['types', 'go'], /only TypeScript/],
    [['types', '--schema', ''], /needs a schema name/],
    [['types', '--db-url', 'mysql://x'], /postgres:\/\/ URL/],
  ])('%j throws', (argv, message) => {
    expect(() => parseGenTypesCli(argv)).toThrow(message);
  });
});
