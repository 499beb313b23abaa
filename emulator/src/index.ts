/**
 * supabase-rx-emulator: a local Supabase-compatible stack on real Postgres (PGlite or a
 * PostgreSQL server), for tests and demos. `startEmulator()` is the entry point.
 */
export { startEmulator, type EmulatorHandle, type EmulatorOptions } from './core/start.js';
export type { FunctionsOptions, FunctionsService } from './functions/functions-service.js';
export { createEmulatorContext } from './core/context-impl.js';
export { UnknownRoleError } from './core/unknown-role-error.js';
export { RoleDeniedError } from './core/role-access.js';
export { createApp } from './server.js';
export {
  createRealtimeServer,
  type RealtimeServer,
  type RealtimeServerOptions,
} from './realtime/realtime-server.js';
export {
  ChangeFeedError,
  createChangeFeed,
  installChangeCapture,
  type ChangeBinding,
  type ChangeData,
  type ChangeFeed,
  type ChangeSubscriber,
} from './realtime/changes/change-feed.js';
export { MemoryMailbox } from './mailbox/memory-mailbox.js';
export { createEngine, type EngineOptions } from './db/create-engine.js';
export { StartupSqlError } from './db/bootstrap.js';
export { ConfigError, loadProjectConfig, type ProjectConfig } from './config/load-config.js';
export { CLI_DEFAULTS, CLI_DEMO_KEYS, CLI_OPAQUE_KEYS } from './config/defaults.js';
export { makeApiKeys } from './jwt/api-keys.js';
export { createJwtKeys } from './jwt/jwt-keys.js';
export { SigningKeysError } from './jwt/signing-keys.js';
export {
  JwtError,
  type EmulatorConfig,
  type EmulatorContext,
  type JwtKeys,
  type Mailbox,
  type MailMessage,
  type RequestAuth,
  type RequestSettings,
} from './context.js';
export type { Engine, Queryable, QueryResult } from './db/engine.js';
export { genTypes, type GenTypesOptions } from './gen-types/gen-types.js';
export { GenTypesError } from './gen-types/gen-types-error.js';
