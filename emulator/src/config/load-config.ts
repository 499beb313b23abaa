import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import type { EmulatorConfig } from '../context.js';
import { CLI_DEFAULTS } from './defaults.js';

/**
 * A config.toml the emulator cannot use; the message names the file and the setting.
 *
 * @example
 * ```ts
 * await loadProjectConfig('supabase').catch((e) => e instanceof ConfigError && console.error(e.message));
 * ```
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Table = Record<string, unknown>;

// The CLI lets any string value be `env(NAME)`, read from the environment.
function substituteEnv(value: unknown): unknown {
  if (typeof value === 'string') {
    const match = /^env\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(value.trim());
    return match ? (process.env[match[1]] ?? '') : value;
  }
  if (Array.isArray(value)) return value.map(substituteEnv);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v)]));
  }
  return value;
}

function table(raw: Table, key: string): Table {
  const value = raw[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {};
}

function pick<T>(
  file: string,
  section: Table,
  name: string,
  check: (v: unknown) => v is T,
  what: string,
  fallback: T,
): T {
  const value = section[name];
  if (value === undefined || value === '') return fallback;
  if (!check(value))
    throw new ConfigError(`${file}: ${name} must be ${what}, got ${JSON.stringify(value)}`);
  return value;
}

const isPort = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 65536;
const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A Supabase CLI project folder as the emulator reads it. */
export interface ProjectConfig {
  config: EmulatorConfig;
  /** The `supabase/` folder (absolute); config.toml and migrations/ are looked for here. */
  dir: string;
  /** Whether a config.toml was found. */
  found: boolean;
  /** Seed files to run on a fresh database (`[db.seed] sql_paths`, default `./seed.sql`). */
  seedPaths: string[];
  /** `[auth] signing_keys_path`, resolved against the project folder. */
  signingKeysPath?: string;
}

/**
 * Reads `config.toml` from a Supabase CLI project folder (the `supabase/` folder itself, or a
 * folder that contains one), filling in the CLI's defaults. A missing folder or file gives the
 * defaults; a file that is not valid TOML, or a setting of the wrong type, throws `ConfigError`.
 *
 * @example
 * ```ts
 * const { config, dir } = await loadProjectConfig('./supabase');
 * console.log(config.port, config.api.schemas); // 54321 ['public', 'graphql_public']
 * ```
 */
export async function loadProjectConfig(projectDir?: string): Promise<ProjectConfig> {
  let dir = resolve(projectDir ?? join(process.cwd(), 'supabase'));
  let text = await readText(join(dir, 'config.toml'));
  if (text === undefined) {
    // Be forgiving: the folder given may be the project's root, which holds `supabase/`.
    const nested = await readText(join(dir, 'supabase', 'config.toml'));
    if (nested !== undefined) {
      dir = join(dir, 'supabase');
      text = nested;
    }
  }
  const file = join(dir, 'config.toml');
  let raw: Table = {};
  if (text !== undefined) {
    try {
      raw = substituteEnv(parse(text)) as Table;
    } catch (error) {
      throw new ConfigError(`${file} is not valid TOML: ${(error as Error).message}`);
    }
  }
  const api = table(raw, 'api');
  const auth = table(raw, 'auth');
  const seed = table(table(raw, 'db'), 'seed');

  const config: EmulatorConfig = {
    port: pick(file, api, 'port', isPort, 'a port number', CLI_DEFAULTS.port),
    api: {
      schemas: pick(file, api, 'schemas', isStringList, 'a list of schema names', [
        ...CLI_DEFAULTS.schemas,
      ]),
      extraSearchPath: pick(
        file,
        api,
        'extra_search_path',
        isStringList,
        'a list of schema names',
        [...CLI_DEFAULTS.extraSearchPath],
      ),
      maxRows: pick(
        file,
        api,
        'max_rows',
        isPositiveInt,
        'a positive integer',
        CLI_DEFAULTS.maxRows,
      ),
    },
    auth: {
      jwtSecret: pick(file, auth, 'jwt_secret', isString, 'a string', CLI_DEFAULTS.jwtSecret),
      jwtExpiry: pick(
        file,
        auth,
        'jwt_expiry',
        isPositiveInt,
        'a number of seconds',
        CLI_DEFAULTS.jwtExpiry,
      ),
      siteUrl: pick(file, auth, 'site_url', isString, 'a URL', CLI_DEFAULTS.siteUrl),
      raw: auth,
    },
    raw,
  };
  if (config.auth.jwtSecret.length < 16) {
    throw new ConfigError(`${file}: [auth] jwt_secret must be at least 16 characters long`);
  }

  const seedEnabled = seed.enabled !== false;
  const seedList = pick(file, seed, 'sql_paths', isStringList, 'a list of paths', ['./seed.sql']);
  const keysPath = pick(file, auth, 'signing_keys_path', isString, 'a path', '');
  const inDir = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  return {
    config,
    dir,
    found: text !== undefined,
    seedPaths: seedEnabled ? seedList.map(inDir) : [],
    signingKeysPath: keysPath ? inDir(keysPath) : undefined,
  };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
