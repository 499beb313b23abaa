import { join } from 'node:path';
import { loadProjectConfig } from '../config/load-config.js';
import type { EmulatorConfig, EmulatorContext, JwtKeys, Mailbox } from '../context.js';
import { createEngine } from '../db/create-engine.js';
import type { Engine } from '../db/engine.js';
import { listMigrations } from '../db/migrations.js';
import { openBootstrappedPglite } from '../db/pglite-template.js';
import type { FunctionsOptions, FunctionsService } from '../functions/functions-service.js';
import { makeApiKeys, type ApiKeys } from '../jwt/api-keys.js';
import { createJwtKeys } from '../jwt/jwt-keys.js';
import { loadSigningKeys } from '../jwt/signing-keys.js';
import type { ChangeFeed } from '../realtime/changes/change-feed.js';
import type { RealtimeServer, RealtimeServerOptions } from '../realtime/realtime-server.js';

/** Options of `startEmulator`; each one overrides what `config.toml` says. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; `0` takes a free one. Default `[api] port`, else 54321. */
  port?: number;
  /** Host to listen on. Default `127.0.0.1`. */
  hostname?: string;
  /** The Supabase CLI project folder (`supabase/`, or the folder holding it). Default `<cwd>/supabase`. */
  projectDir?: string;
  /** A PostgreSQL server to run on instead of embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data folder, kept across restarts (in memory when absent). */
  dataDir?: string;
  /** The HS256 JWT secret (`[auth] jwt_secret`). */
  jwtSecret?: string;
  /** Schemas exposed by the REST API (`[api] schemas`). */
  schemas?: string[];
  /** Row cap of every read (`[api] max_rows`). */
  maxRows?: number;
  /** A JSON file of JWKs that sign tokens (`[auth] signing_keys_path`). */
  signingKeysPath?: string;
  /** Extra SQL run after the migrations (and before the seed), at every start. */
  sql?: string;
  /** Run the seed on a fresh database (default true). */
  seed?: boolean;
  /** The Realtime service: payload limit, socket idle timeout, the Postgres changes feed. */
  realtime?: Pick<RealtimeServerOptions, 'maxPayloadBytes' | 'idleTimeoutMs'> & {
    /** Makes the feed of Postgres changes (default `createChangeFeed`; closed by `stop()`). */
    changeFeed?: (ctx: EmulatorContext) => Promise<ChangeFeed>;
  };
  /** Edge Functions (`/functions/v1`): where they run, boot timeout, logs; `false` serves none. */
  functions?: FunctionsOptions | false;
}

/** A running emulator. */
export interface EmulatorHandle {
  /** `http://127.0.0.1:<port>`: give it to `createClient` as the Supabase URL. */
  url: string;
  port: number;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** The database, to arrange and check data directly (as the superuser, RLS does not apply). */
  db: Engine;
  /** Emails and SMS the auth service sent. */
  mailbox: Mailbox;
  config: EmulatorConfig;
  /** The context the services run on. */
  context: EmulatorContext;
  /** The Realtime service (open sockets, topics), for tests to inspect. */
  realtime: RealtimeServer;
  /**
   * The feed of Postgres changes the Realtime service delivers from. It owns the capture queue,
   * so tests subscribe to this one rather than starting a second feed on the same database.
   */
  changeFeed: ChangeFeed;
  /** The Edge Functions service (`undefined` with `functions: false`). */
  functions?: FunctionsService;
  /** Closes the HTTP server (and its open connections), then the database. */
  stop(): Promise<void>;
}

async function makeKeys(
  secret: string,
  signingKeysPath: string | undefined,
): Promise<{ jwt: JwtKeys; apiKeys: ApiKeys }> {
  const signingKeys = signingKeysPath ? await loadSigningKeys(signingKeysPath) : [];
  const jwt = await createJwtKeys({ secret, signingKeys });
  return { jwt, apiKeys: await makeApiKeys(secret) };
}

/**
 * Starts a local Supabase-compatible stack: reads the project folder's `config.toml`, opens
 * Postgres (PGlite, or a server by URL), bootstraps it like Supabase, applies migrations, the
 * extra SQL and the seed, and serves `/rest/v1`, `/auth/v1`, `/realtime/v1` and `/functions/v1`
 * on one loopback port.
 *
 * @example
 * ```ts
 * import { startEmulator } from 'supabase-rx-emulator';
 *
 * const emu = await startEmulator({ port: 0, sql: 'create table notes (id serial primary key, body text)' });
 * const res = await fetch(`${emu.url}/rest/v1/notes`, { headers: { apikey: emu.anonKey } });
 * await emu.stop();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const project = await loadProjectConfig(options.projectDir);
  const config = project.config;
  if (options.port !== undefined) config.port = options.port;
  if (options.jwtSecret !== undefined) config.auth.jwtSecret = options.jwtSecret;
  if (options.schemas !== undefined) config.api.schemas = [...options.schemas];
  if (options.maxRows !== undefined) config.api.maxRows = options.maxRows;

  // In memory, PGlite starts from a template with the bootstrap and the migrations (much faster);
  // it is always fresh. It opens (reading and compiling, much of it off this thread) while the
  // keys are made.
  const inMemory = !options.databaseUrl && !options.dataDir;
  const migrations = await listMigrations(join(project.dir, 'migrations'));
  // The services' modules load meanwhile too (see serve.ts).
  const serving = import('./serve.js');
  serving.catch(() => undefined);
  const opening = inMemory
    ? openBootstrappedPglite({ migrations })
    : createEngine({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  opening.catch(() => undefined); // awaited below; a failure meanwhile is no unhandled rejection
  const { jwt, apiKeys } = await makeKeys(
    config.auth.jwtSecret,
    options.signingKeysPath ?? project.signingKeysPath,
  ).catch(async (error: unknown) => {
    await opening.then((engine) => engine.close()).catch(() => undefined);
    throw error;
  });
  const engine = await opening;
  const { serveEmulator } = await serving.catch(async (error: unknown) => {
    await engine.close().catch(() => undefined);
    throw error;
  });
  return serveEmulator({ engine, inMemory, migrations, project, config, apiKeys, jwt, options });
}
