/**
 * `supabase-rx/storage`: the Storage client alone (as `@supabase/storage-js` is to supabase-js).
 *
 * @example
 * ```ts
 * import { StorageClient, StorageApiError } from 'supabase-rx/storage';
 * ```
 */
export * from './storage/index.js';
