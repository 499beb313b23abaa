import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupSqlError } from './bootstrap.js';
import type { Engine } from './engine.js';

/** One file of `supabase/migrations/`. */
export interface MigrationFile {
  /** The file name, e.g. `20240101000000_init.sql`. */
  file: string;
  /** The part before the first `_` (the CLI's version key), or the whole name without `.sql`. */
  version: string;
  /** The part after the first `_`, without `.sql`. */
  name: string;
  path: string;
  /** The file's text, when it has been read already (applied as is instead of reading the file). */
  sql?: string;
}

/**
 * Lists the `.sql` files of a migrations folder in file-name order (the order the CLI applies
 * them). A missing folder is no migrations.
 *
 * @example
 * ```ts
 * const files = await listMigrations('supabase/migrations');
 * ```
 */
export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const base = file.slice(0, -'.sql'.length);
      const cut = base.indexOf('_');
      return {
        file,
        version: cut > 0 ? base.slice(0, cut) : base,
        name: cut > 0 ? base.slice(cut + 1) : '',
        path: join(dir, file),
      };
    });
}

/**
 * Applies the migrations not yet recorded in `supabase_migrations.schema_migrations`, each in
 * its own transaction together with its record. The first failure stops everything with an error
 * that names the file. Resolves to the files applied.
 *
 * @example
 * ```ts
 * await applyMigrations(engine, await listMigrations('supabase/migrations'));
 * ```
 */
export async function applyMigrations(
  engine: Engine,
  migrations: MigrationFile[],
): Promise<MigrationFile[]> {
  const { rows } = await engine.query<{ version: string }>(
    'select version from supabase_migrations.schema_migrations',
  );
  const applied = new Set(rows.map((r) => r.version));
  const done: MigrationFile[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const sql = migration.sql ?? (await readFile(migration.path, 'utf8'));
    try {
      await engine.transaction(async (tx) => {
        await tx.exec(sql);
        await tx.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [migration.version, migration.name, [sql]],
        );
      });
    } catch (error) {
      throw new StartupSqlError(`migration ${migration.file}`, error);
    }
    done.push(migration);
  }
  return done;
}

/**
 * Runs seed files in order (each in one transaction). A missing file is skipped, as the CLI
 * does; a failing one stops start-up with an error naming it.
 *
 * @example
 * ```ts
 * await runSeed(engine, ['supabase/seed.sql']);
 * ```
 */
export async function runSeed(engine: Engine, paths: string[]): Promise<string[]> {
  const done: string[] = [];
  for (const path of paths) {
    let sql: string;
    try {
      sql = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    try {
      await engine.transaction((tx) => tx.exec(sql));
    } catch (error) {
      throw new StartupSqlError(`seed ${path}`, error);
    }
    done.push(path);
  }
  return done;
}
