import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { findDeno } from './deno-binary.js';
import { startDenoFunction } from './deno-worker.js';
import type { FunctionHost } from './function-host.js';
import { FunctionPool } from './function-pool.js';
import { startNodeFunction } from './node-host.js';
import { functionEnv, functionSettings, readFunctionsEnv } from './project-functions.js';
import { functionsRoutes } from './routes.js';

/** Options of the Edge Functions service (`startEmulator({ functions })`). */
export interface FunctionsOptions {
  /**
   * Where handlers run: `'deno'` (a Deno process per function, as `supabase functions serve`),
   * `'node'` (in the emulator's process, for web-standard handlers), or `'auto'` (default: Deno
   * when its binary is found — the `deno` npm package, `SUPABASE_RX_DENO`, or the `PATH` —
   * else Node).
   */
  runtime?: 'auto' | 'deno' | 'node';
  /** The Deno binary to use (default: found as `runtime: 'auto'` says). */
  denoPath?: string;
  /** How long a function may take to boot before the relay answers `BOOT_ERROR` (default 20 s). */
  bootTimeoutMs?: number;
  /** Where functions' console output and the relay's diagnostics go (default: stderr, prefixed). */
  log?: (name: string, line: string) => void;
}

/** The running Edge Functions service. */
export interface FunctionsService {
  /** The routes to mount at `/functions/v1`. */
  routes: Hono;
  /** `'deno'` or `'node'`: where handlers run. */
  runtime: 'deno' | 'node';
  /** The functions booted now (name, runtime, Deno process id). */
  running(): Promise<{ name: string; runtime: 'deno' | 'node'; pid?: number }[]>;
  /** Stops every function (their processes are gone when it resolves). */
  close(): Promise<void>;
}

const defaultLog = (name: string, line: string) =>
  process.stderr.write(`[functions/${name}] ${line}\n`);

/**
 * The `/functions/v1` service for a Supabase project folder: functions from
 * `functions/<name>/index.ts` (or `[functions.<name>] entrypoint`), booted on their first call,
 * with `Deno.env` from `functions/.env` plus `SUPABASE_URL`, `SUPABASE_ANON_KEY`,
 * `SUPABASE_SERVICE_ROLE_KEY`, `SUPABASE_DB_URL`. Throws when `runtime: 'deno'` is asked for and
 * no Deno binary is found.
 *
 * @example
 * ```ts
 * const functions = await createFunctionsService(ctx, { supabaseDir: '/app/supabase', dbUrl: '' });
 * app.route('/functions/v1', functions.routes);
 * await functions.close();
 * ```
 */
export async function createFunctionsService(
  ctx: EmulatorContext,
  options: FunctionsOptions & { supabaseDir: string; dbUrl: string; url: () => string },
): Promise<FunctionsService> {
  const asked = options.runtime ?? 'auto';
  const deno = asked === 'node' ? undefined : (options.denoPath ?? findDeno());
  if (asked === 'deno' && !deno) {
    throw new Error(
      "functions.runtime is 'deno' but no Deno binary was found: install the `deno` npm package, or set SUPABASE_RX_DENO or functions.denoPath",
    );
  }
  const runtime = deno ? 'deno' : 'node';
  const dotenv = await readFunctionsEnv(options.supabaseDir);
  const log = options.log ?? defaultLog;
  const settings = (name: string) => functionSettings(ctx.config.raw, options.supabaseDir, name);

  const boot = (name: string): Promise<FunctionHost> => {
    const own = settings(name);
    const raw = (
      ctx.config.raw.functions as Record<string, { import_map?: unknown }> | undefined
    )?.[name];
    const boot = {
      name,
      entrypoint: own.entrypoint,
      env: functionEnv(dotenv, {
        url: options.url(),
        anonKey: ctx.keys.anonKey,
        serviceRoleKey: ctx.keys.serviceRoleKey,
        dbUrl: options.dbUrl,
      }),
      bootTimeoutMs: options.bootTimeoutMs ?? 20_000,
      log: (line: string) => log(name, line),
      importMap:
        typeof raw?.import_map === 'string' && raw.import_map
          ? new URL(raw.import_map, `file://${options.supabaseDir}/`).pathname
          : undefined,
    };
    return deno ? startDenoFunction(deno, boot) : startNodeFunction(boot);
  };
  const pool = new FunctionPool(boot);
  return {
    routes: functionsRoutes({ ctx, pool, settings, log }),
    runtime,
    async running() {
      return (await pool.list()).map(({ name, host }) => ({
        name,
        runtime: host.runtime,
        pid: host.pid,
      }));
    },
    close: () => pool.close(),
  };
}
