import { join } from 'node:path';
import type { ProjectConfig } from '../config/load-config.js';
import type { EmulatorConfig, JwtKeys } from '../context.js';
import { bootstrapDatabase, StartupSqlError } from '../db/bootstrap.js';
import type { Engine } from '../db/engine.js';
import { applyMigrations, runSeed, type MigrationFile } from '../db/migrations.js';
import type { ApiKeys } from '../jwt/api-keys.js';
import { MemoryMailbox } from '../mailbox/memory-mailbox.js';
import { bootstrapRealtime } from '../realtime/bootstrap.js';
import { createChangeFeed, type ChangeFeed } from '../realtime/changes/change-feed.js';
import { createRealtimeServer, type RealtimeServer } from '../realtime/realtime-server.js';
import { createApp, listen } from '../server.js';
import { createFunctionsService, type FunctionsService } from '../functions/functions-service.js';
import { createStorageService } from '../storage/service.js';
import { createEmulatorContext } from './context-impl.js';
import type { EmulatorHandle, EmulatorOptions } from './start.js';

/** What `startEmulator` has ready when the database is open. */
export interface ServeInput {
  /** The open database (closed by `stop()`, or when serving fails). */
  engine: Engine;
  /** PGlite in memory, started from a template that holds the bootstrap and the migrations. */
  inMemory: boolean;
  migrations: MigrationFile[];
  project: ProjectConfig;
  config: EmulatorConfig;
  apiKeys: ApiKeys;
  jwt: JwtKeys;
  options: EmulatorOptions;
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
 * The part of `startEmulator` once the database is open: bootstraps it unless it came from a
 * template, applies the migrations, the extra SQL and the seed, and starts every service on one
 * port. Its own module, loaded while the database opens: the services' modules (the server, auth,
 * storage, realtime, functions) are most of what the command loads.
 *
 * @example
 * ```ts
 * const { serveEmulator } = await import('./serve.js');
 * const emu = await serveEmulator({ engine, inMemory: true, migrations, project, config, apiKeys, jwt, options });
 * ```
 */
export async function serveEmulator(input: ServeInput): Promise<EmulatorHandle> {
  const { engine, inMemory, migrations, project, config, apiKeys, jwt, options } = input;
  const mailbox = new MemoryMailbox();
  let stopListening: (() => Promise<void>) | undefined;
  let realtime: RealtimeServer | undefined;
  let changeFeed: ChangeFeed | undefined;
  let functions: FunctionsService | undefined;
  try {
    const fresh = inMemory || (await bootstrapDatabase(engine)).fresh;
    if (!inMemory) await bootstrapRealtime(engine);
    await prepareDatabase(engine, fresh, migrations, project.seedPaths, options);
    config.api.schemas = await existingSchemas(engine, config.api.schemas);

    const context = createEmulatorContext({
      engine,
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
          await engine.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await functions?.close().catch(() => undefined);
    await realtime?.close().catch(() => undefined);
    await changeFeed?.close().catch(() => undefined);
    await stopListening?.().catch(() => undefined);
    await engine.close().catch(() => undefined);
    throw error;
  }
}
