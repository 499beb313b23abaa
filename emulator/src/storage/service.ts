import { join } from 'node:path';
import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import type { ByteStore } from './byte-store.js';
import { DiskByteStore } from './disk-byte-store.js';
import { MemoryByteStore } from './memory-byte-store.js';
import { storageRoutes } from './routes.js';
import { readStorageSettings, type StorageSettings } from './settings.js';

/** A running Storage service. */
export interface StorageService {
  routes: Hono;
  store: ByteStore;
  settings: StorageSettings;
}

/**
 * Starts the Storage service on a context: reads `[storage]` from config.toml, creates (or
 * updates) the buckets it declares, and keeps objects' bytes in `dir` (in memory without one),
 * removing at start the files no object row points at.
 *
 * @example
 * ```ts
 * const storage = await createStorageService(ctx, { dir: '/data/storage' });
 * app.route('/storage/v1', storage.routes);
 * ```
 */
export async function createStorageService(
  ctx: EmulatorContext,
  options: { dir?: string } = {},
): Promise<StorageService> {
  const settings = readStorageSettings(ctx.config.raw);
  let store: ByteStore;
  if (options.dir) {
    const disk = await DiskByteStore.open(options.dir);
    const { rows } = await ctx.engine.query<{ key: string }>(
      `select bucket_id || '/' || version as key from storage.objects where version is not null`,
    );
    await disk.sweep(new Set(rows.map((r) => r.key)));
    store = disk;
  } else store = new MemoryByteStore();
  for (const bucket of settings.buckets) {
    await ctx.engine.query(
      `insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
       values ($1, $1, $2, $3, $4)
       on conflict (id) do update set public = excluded.public,
         file_size_limit = excluded.file_size_limit, allowed_mime_types = excluded.allowed_mime_types,
         updated_at = now()`,
      [bucket.id, bucket.public, bucket.fileSizeLimit, bucket.allowedMimeTypes],
    );
  }
  const resumableDir = options.dir ? join(options.dir, '.tus') : undefined;
  return { routes: storageRoutes({ ctx, store, settings }, { resumableDir }), store, settings };
}
