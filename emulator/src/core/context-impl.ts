import type {
  EmulatorConfig,
  EmulatorContext,
  JwtKeys,
  Mailbox,
  RequestAuth,
  RequestSettings,
} from '../context.js';
import type { Engine, Queryable } from '../db/engine.js';
import { authenticateRequest } from './request-auth.js';
import { RoleAccess } from './role-access.js';
import { runAs } from './run-as.js';
import { watchSchemaChanges } from './schema-watch.js';

/** What the context is built from. */
export interface ContextParts {
  engine: Engine;
  config: EmulatorConfig;
  keys: { anonKey: string; serviceRoleKey: string; jwtSecret: string };
  jwt: JwtKeys;
  mailbox: Mailbox;
}

/**
 * Builds the `EmulatorContext` every service receives. Its `engine` invalidates the schema
 * cache on DDL run through it; `listenForSchemaReload` adds PostgREST's `NOTIFY pgrst`.
 *
 * @example
 * ```ts
 * const ctx = createEmulatorContext({ engine, config, keys, jwt, mailbox: new MemoryMailbox() });
 * const auth = await ctx.authenticate(request);
 * const rows = await ctx.runAs({ auth, method: 'GET', path: '/rest/v1/t', headers: {} }, (tx) => tx.query('select 1'));
 * ```
 */
export function createEmulatorContext(parts: ContextParts): EmulatorContext & {
  /** LISTENs on `pgrst`: `reload schema` (or an empty payload) invalidates the schema cache. */
  listenForSchemaReload(): Promise<() => Promise<void>>;
} {
  let generation = 1;
  const invalidateSchema = () => {
    generation += 1;
  };
  const engine = watchSchemaChanges(parts.engine, invalidateSchema);
  const { config } = parts;
  const roles = new RoleAccess(engine, () => generation);

  return {
    engine,
    config,
    keys: parts.keys,
    jwt: parts.jwt,
    mailbox: parts.mailbox,
    authenticate(request: Request): Promise<RequestAuth> {
      return authenticateRequest(request, parts.jwt, parts.keys);
    },
    async runAs<T>(settings: RequestSettings, fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const schema = settings.schema ?? config.api.schemas[0] ?? 'public';
      // As behind PostgREST, the token's role must be one `authenticator` may become.
      await roles.check(settings.auth.role);
      return runAs(engine, settings, [schema, ...config.api.extraSearchPath], fn);
    },
    schemaGeneration: () => generation,
    invalidateSchema,
    listenForSchemaReload() {
      return parts.engine.listen('pgrst', (payload) => {
        const what = payload.trim().toLowerCase();
        if (what === '' || what === 'reload schema') invalidateSchema();
      });
    },
  };
}
