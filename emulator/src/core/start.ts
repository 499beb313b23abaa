import { loadProjectConfig } from '../config/load-config.js';
import type { EmulatorConfig, EmulatorContext, JwtKeys, Mailbox } from '../context.js';
import { bootstrapDatabase, StartupSqlError } from '../db/bootstrap.js';
import { createEngine } from '../db/create-engine.js';
import { openBootstrappedPglite } from '../db/pglite-template.js';
import type { Engine } from '../db/engine.js';
import { applyMigrations, listMigrations, runSeed, type MigrationFile } from '../db/migrations.js';
import { makeApiKeys, type ApiKeys } from '../jwt/api-keys.js';
import { createJwtKeys } from '../jwt/jwt-keys.js';
import { loadSigningKeys } from '../jwt/signing-keys.js';
import { MemoryMailbox } from '../mailbox/memory-mailbox.js';
import { bootstrapRealtime } from '../realtime/bootstrap.js';
import { createChangeFeed, type ChangeFeed } from '../realtime/changes/change-feed.js';
import {
  createRealtimeServer,
  type RealtimeServer,
  type RealtimeServerOptions,
} from '../realtime/realtime-server.js';
import { createApp, listen } from '../server.js';
import {
  createFunctionsService,
  type FunctionsOptions,
  type FunctionsService,
} from '../functions/functions-service.js';
import { createStorageService } from '../storage/service.js';
import { createEmulatorContext } from './context-impl.js';
import { join } from 'node:path';

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

async function prepareDatabase(
  engine: Engine,
  fresh: boolean,
  migrations: MigrationFile[],
  seedPaths: string[],
  options: EmulatorOptions,
): Promise<void> {
  // In memory, the template already holds them (this finds nothing left to apply).
  await applyMigrations(engine, migrations);
  if (options.sql) {
    await engine.exec(options.sql).catch((e: unknown) => {
      throw new StartupSqlError('the extra SQL (option sql)', e);
    });
  }
  if (fresh && options.seed !== false) await runSeed(engine, seedPaths);
}

async function makeKeys(
  secret: string,
  signingKeysPath: string | undefined,
): Promise<{ jwt: JwtKeys; apiKeys: ApiKeys }> {
  const signingKeys = signingKeysPath ? await loadSigningKeys(signingKeysPath) : [];
  const jwt = await createJwtKeys({ secret, signingKeys });
  return { jwt, apiKeys: await makeApiKeys(secret) };
}

// `[api] schemas` lists what may be exposed; only those that exist are.
async function existingSchemas(engine: Engine, wanted: string[]): Promise<string[]> {
  const { rows } = await engine.query<{ nspname: string }>(
    'select nspname from pg_namespace where nspname = any($1::text[])',
    [wanted],
  );
  const present = new Set(rows.map((r) => r.nspname));
  return wanted.filter((s) => present.has(s));
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
  const rawEngine = await opening;
  const mailbox = new MemoryMailbox();
  let stopListening: (() => Promise<void>) | undefined;
  let realtime: RealtimeServer | undefined;
  let changeFeed: ChangeFeed | undefined;
  let functions: FunctionsService | undefined;
  try {
    const fresh = inMemory || (await bootstrapDatabase(rawEngine)).fresh;
    if (!inMemory) await bootstrapRealtime(rawEngine);
    await prepareDatabase(rawEngine, fresh, migrations, project.seedPaths, options);
    config.api.schemas = await existingSchemas(rawEngine, config.api.schemas);

    const context = createEmulatorContext({
      engine: rawEngine,
      config,
      keys: { ...apiKeys, jwtSecret: config.auth.jwtSecret },
      jwt,
      mailbox,
    });
    stopListening = await context.listenForSchemaReload();
    const { changeFeed: makeFeed, ...realtimeOptions } = options.realtime ?? {};
    const feed = await (makeFeed ?? createChangeFeed)(context);
    changeFeed = feed;
    const realtimeServer = createRealtimeServer(context, { ...realtimeOptions, changeFeed });
    realtime = realtimeServer;
    // Objects' bytes live under the data folder; in memory when the database is.
    const storage = await createStorageService(context, {
      dir: options.dataDir ? join(options.dataDir, 'storage') : undefined,
    });
    const host = options.hostname ?? '127.0.0.1';
    const url = () => `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
    if (options.functions !== false) {
      functions = await createFunctionsService(context, {
        ...options.functions,
        supabaseDir: project.dir,
        dbUrl: options.databaseUrl ?? '',
        url,
      });
    }
    const app = createApp(context, {
      realtime: realtimeServer.routes,
      storage: storage.routes,
      functions: functions?.routes,
    });
    const server = await listen(app, {
      port: config.port,
      hostname: options.hostname,
    });
    server.server.on('upgrade', realtimeServer.handleUpgrade);
    // Services that build links (auth emails) read the port actually taken.
    config.port = server.port;

    let stopping: Promise<void> | undefined;
    return {
      url: url(),
      port: server.port,
      ...apiKeys,
      jwtSecret: config.auth.jwtSecret,
      db: context.engine,
      mailbox,
      config,
      context,
      realtime: realtimeServer,
      changeFeed: feed,
      functions,
      stop() {
        stopping ??= (async () => {
          await functions?.close();
          // Upgraded sockets are no longer the HTTP server's: they are closed first, by Realtime.
          await realtimeServer.close();
          await changeFeed?.close().catch(() => undefined);
          await server.close();
          await stopListening?.().catch(() => undefined);
          await rawEngine.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await functions?.close().catch(() => undefined);
    await realtime?.close().catch(() => undefined);
    await changeFeed?.close().catch(() => undefined);
    await stopListening?.().catch(() => undefined);
    await rawEngine.close().catch(() => undefined);
    throw error;
  }
}
