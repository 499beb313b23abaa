import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadProjectConfig } from '../../src/config/load-config.js';

async function project(toml?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'emu-config-'));
  if (toml !== undefined) await writeFile(join(dir, 'config.toml'), toml);
  return dir;
}

describe('loadProjectConfig', () => {
  afterEach(() => {
    delete process.env.EMU_TEST_SECRET;
  });

  it("gives the Supabase CLI's defaults when there is no project folder", async () => {
    const { config, found, seedPaths, signingKeysPath } = await loadProjectConfig(
      join(tmpdir(), 'no-such-dir-xyz'),
    );
    expect(found).toBe(false);
    expect(config).toEqual({
      port: 54321,
      api: {
        schemas: ['public', 'graphql_public'],
        extraSearchPath: ['public', 'extensions'],
        maxRows: 1000,
      },
      auth: {
        jwtSecret: 'super-secret-jwt-token-with-at-least-32-characters-long',
        jwtExpiry: 3600,
        siteUrl: 'http://127.0.0.1:3000',
        raw: {},
      },
      raw: {},
    });
    expect(seedPaths).toEqual([join(tmpdir(), 'no-such-dir-xyz', 'seed.sql')]);
    expect(signingKeysPath).toBeUndefined();
  });

  it('reads [api] and [auth], keeping the rest of [auth] raw', async () => {
    const dir = await project(`
project_id = "demo"
[api]
port = 6000
schemas = ["public", "api"]
extra_search_path = ["public"]
max_rows = 50

[auth]
site_url = "http://localhost:5173"
jwt_expiry = 600
jwt_secret = "a-custom-secret-that-is-long-enough"
signing_keys_path = "./keys.json"
enable_signup = false

[auth.email]
enable_confirmations = true
`);
    const { config, found, signingKeysPath } = await loadProjectConfig(dir);
    expect(found).toBe(true);
    expect(config.port).toBe(6000);
    expect(config.api).toEqual({
      schemas: ['public', 'api'],
      extraSearchPath: ['public'],
      maxRows: 50,
    });
    expect(config.auth).toMatchObject({
      jwtSecret: 'a-custom-secret-that-is-long-enough',
      jwtExpiry: 600,
      siteUrl: 'http://localhost:5173',
    });
    expect(config.auth.raw).toMatchObject({
      enable_signup: false,
      email: { enable_confirmations: true },
    });
    expect(config.raw.project_id).toBe('demo');
    expect(signingKeysPath).toBe(join(dir, 'keys.json'));
  });

  it('substitutes env(NAME) values, as the CLI does', async () => {
    process.env.EMU_TEST_SECRET = 'secret-from-the-environment-0123456789';
    const dir = await project('[auth]\njwt_secret = "env(EMU_TEST_SECRET)"\n');
    expect((await loadProjectConfig(dir)).config.auth.jwtSecret).toBe(
      'secret-from-the-environment-0123456789',
    );
  });

  it('finds supabase/ inside a project root', async () => {
    const root = await mkdtemp(join(tmpdir(), 'emu-root-'));
    await mkdir(join(root, 'supabase'));
    await writeFile(join(root, 'supabase', 'config.toml'), '[api]\nmax_rows = 7\n');
    const { config, dir } = await loadProjectConfig(root);
    expect(config.api.maxRows).toBe(7);
    expect(dir).toBe(join(root, 'supabase'));
  });

  it('reads [db.seed] sql_paths, and no seed when disabled', async () => {
    const dir = await project('[db.seed]\nsql_paths = ["./a.sql", "/abs/b.sql"]\n');
    expect((await loadProjectConfig(dir)).seedPaths).toEqual([join(dir, 'a.sql'), '/abs/b.sql']);
    const off = await project('[db.seed]\nenabled = false\n');
    expect((await loadProjectConfig(off)).seedPaths).toEqual([]);
  });

  it('refuses a file that is not TOML, naming it', async () => {
    const dir = await project('[api\nport = ');
    const error = await loadProjectConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(join(dir, 'config.toml'));
    expect((error as Error).message).toContain('is not valid TOML');
  });

  it.each([
    ['[api]\nport = "eighty"', /port must be a port number, got "eighty"/],
    ['[api]\nport = 70000', /port must be a port number/],
    ['[api]\nmax_rows = -1', /max_rows must be a positive integer/],
    ['[api]\nschemas = "public"', /schemas must be a list of schema names/],
    ['[auth]\njwt_secret = "short"', /jwt_secret must be at least 16 characters/],
  ])('refuses a wrong setting with a message naming it: %j', async (toml, message) => {
    await expect(loadProjectConfig(await project(toml))).rejects.toThrow(message);
  });
});
