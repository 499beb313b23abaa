import { AUTH_SCHEMA_SQL } from '../auth/schema-sql.js';
import { STORAGE_SCHEMA_SQL } from '../storage/schema-sql.js';
import { DATABASE_SQL, ROLES_SQL } from './bootstrap-sql.js';
import type { Engine } from './engine.js';

// Errors two emulators can get when they create the same cluster-wide role at the same moment
// on a shared server; the loser simply tries again and then finds the role there.
const RACE_CODES = new Set(['23505', '42710', 'XX000', '40001', '40P01']);

async function retryOnRace(run: () => Promise<void>, attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RACE_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
}

/**
 * A start-up step that failed, naming the step (bootstrap, auth schema, a migration, the seed).
 *
 * @example
 * ```ts
 * await startEmulator().catch((e) => e instanceof StartupSqlError && console.error(e.step, e.cause));
 * ```
 */
export class StartupSqlError extends Error {
  /**
   * @param step What was being run, e.g. `migration 20240101000000_init.sql`.
   * @param cause The database's error.
   */
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${step} failed: ${detail}`);
    this.name = 'StartupSqlError';
  }
}

/**
 * Makes a database look like a Supabase project's: roles (created only when missing), the
 * `extensions` and `auth` schemas, `auth.uid()`/`auth.role()`/`auth.jwt()`/`auth.email()`,
 * Supabase's grants on `public`, then the auth service's tables (`AUTH_SCHEMA_SQL`) and the
 * storage schema (`STORAGE_SCHEMA_SQL`).
 *
 * Resolves to whether the database was fresh (never bootstrapped before), which decides whether
 * the seed runs.
 *
 * @example
 * ```ts
 * const { fresh } = await bootstrapDatabase(engine);
 * if (fresh) await runSeed(engine, seedFiles);
 * ```
 */
export async function bootstrapDatabase(engine: Engine): Promise<{ fresh: boolean }> {
  const { rows } = await engine.query<{ fresh: boolean }>(
    `select to_regclass('supabase_migrations.schema_migrations') is null as fresh`,
  );
  const fresh = rows[0]?.fresh ?? true;
  await retryOnRace(() => engine.exec(ROLES_SQL)).catch((e: unknown) => {
    throw new StartupSqlError('creating the Supabase roles', e);
  });
  await engine.exec(DATABASE_SQL).catch((e: unknown) => {
    throw new StartupSqlError('bootstrapping the database', e);
  });
  await engine.exec(AUTH_SCHEMA_SQL).catch((e: unknown) => {
    throw new StartupSqlError('creating the auth schema', e);
  });
  await engine.exec(STORAGE_SCHEMA_SQL).catch((e: unknown) => {
    throw new StartupSqlError('creating the storage schema', e);
  });
  return { fresh };
}
