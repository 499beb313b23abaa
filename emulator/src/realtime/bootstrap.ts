import { StartupSqlError } from '../db/bootstrap.js';
import type { Engine } from '../db/engine.js';
import { installChangeCapture } from './changes/install-capture.js';
import { REALTIME_SCHEMA_SQL } from './schema-sql.js';

/**
 * Creates the `realtime` schema the channel server authorises private channels with, and the
 * `supabase_realtime` publication with the change capture queue. Runs before migrations, since
 * on Supabase the publication exists before any migration alters it.
 *
 * @example
 * ```ts
 * await bootstrapRealtime(engine); // realtime.messages and realtime.topic() exist
 * ```
 */
export async function bootstrapRealtime(engine: Engine): Promise<void> {
  await engine.exec(REALTIME_SCHEMA_SQL).catch((e: unknown) => {
    throw new StartupSqlError('creating the realtime schema', e);
  });
  await installChangeCapture(engine).catch((e: unknown) => {
    throw new StartupSqlError('creating the realtime change capture', e);
  });
}
