import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** One function's settings from `[functions.<name>]` of config.toml. */
export interface FunctionSettings {
  /** `verify_jwt` (default `true`, as the CLI): a valid JWT is required before the handler runs. */
  verifyJwt: boolean;
  /** `enabled = false` hides the function (404), as the CLI skips it. */
  enabled: boolean;
  /** The entry module: `entrypoint` resolved against the project folder, else `functions/<name>/index.ts`. */
  entrypoint: string;
}

/**
 * `[functions.<name>]` of a parsed config.toml for one function: `verify_jwt`, `enabled` and
 * `entrypoint` with the CLI's defaults.
 *
 * @example
 * ```ts
 * functionSettings({ functions: { webhook: { verify_jwt: false } } }, '/app/supabase', 'webhook');
 * // { verifyJwt: false, enabled: true, entrypoint: '/app/supabase/functions/webhook/index.ts' }
 * ```
 */
export function functionSettings(
  rawConfig: Record<string, unknown>,
  supabaseDir: string,
  name: string,
): FunctionSettings {
  const all = rawConfig.functions;
  const own =
    all && typeof all === 'object' && Object.hasOwn(all, name)
      ? ((all as Record<string, unknown>)[name] as Record<string, unknown> | undefined)
      : undefined;
  const entry = typeof own?.entrypoint === 'string' && own.entrypoint ? own.entrypoint : '';
  return {
    verifyJwt: own?.verify_jwt !== false,
    enabled: own?.enabled !== false,
    entrypoint: entry
      ? isAbsolute(entry)
        ? entry
        : join(supabaseDir, entry)
      : join(supabaseDir, 'functions', name, 'index.ts'),
  };
}

/**
 * Parses a dotenv file's text: `KEY=value` lines, `#` comments, optional `export `, single or
 * double quotes (double quotes read `\n`). Names starting with `SUPABASE_` are dropped, as the
 * CLI drops them (those are its own).
 *
 * @example
 * ```ts
 * parseEnv('STRIPE_KEY="sk_test"\n# note\nSUPABASE_URL=x'); // { STRIPE_KEY: 'sk_test' }
 * ```
 */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line
      .slice(0, eq)
      .replace(/^export\s+/, '')
      .trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || key.startsWith('SUPABASE_')) continue;
    let value = line.slice(eq + 1).trim();
    if (/^"(.*)"$/.test(value)) value = value.slice(1, -1).replace(/\\n/g, '\n');
    else if (/^'(.*)'$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    env[key] = value;
  }
  return env;
}

/**
 * Reads `supabase/functions/.env` (no file: no variables).
 *
 * @example
 * ```ts
 * const env = await readFunctionsEnv('/app/supabase');
 * ```
 */
export async function readFunctionsEnv(supabaseDir: string): Promise<Record<string, string>> {
  try {
    return parseEnv(await readFile(join(supabaseDir, 'functions', '.env'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

/** What the CLI sets for every function, beside the project's `.env`. */
export interface PlatformEnv {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  dbUrl: string;
}

/**
 * A function's environment: the project's `.env`, then `SUPABASE_URL`, `SUPABASE_ANON_KEY`,
 * `SUPABASE_SERVICE_ROLE_KEY` and `SUPABASE_DB_URL` as the CLI sets them (they win).
 *
 * @example
 * ```ts
 * functionEnv({ A: '1' }, { url: 'http://127.0.0.1:54321', anonKey, serviceRoleKey, dbUrl: '' });
 * ```
 */
export function functionEnv(
  dotenv: Record<string, string>,
  platform: PlatformEnv,
): Record<string, string> {
  return {
    ...dotenv,
    SUPABASE_URL: platform.url,
    SUPABASE_ANON_KEY: platform.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: platform.serviceRoleKey,
    SUPABASE_DB_URL: platform.dbUrl,
  };
}
