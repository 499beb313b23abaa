import type { Queryable } from '../../db/engine.js';
import { CAPTURE_SQL } from './capture-sql.js';

/**
 * Creates the `supabase_realtime` publication (when missing) and the capture queue and trigger
 * function. Supabase has the publication before any migration runs, so the realtime bootstrap
 * (`bootstrapRealtime`, also behind the PGlite template) runs this before migrations: a
 * migration's `alter publication supabase_realtime add table …` then works as on Supabase.
 * Idempotent.
 *
 * @example
 * ```ts
 * await installChangeCapture(engine); // before applyMigrations
 * ```
 */
export async function installChangeCapture(db: Queryable): Promise<void> {
  await db.exec(CAPTURE_SQL);
}
