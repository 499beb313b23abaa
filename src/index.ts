import type { SupabaseClientOptions } from './client-options.js';
import { SupabaseClient } from './client.js';

/**
 * Creates a Supabase client whose every operation is a cold Observable.
 *
 * @example
 * ```ts
 * import { createClient } from 'supabase-rx';
 * import { firstValueFrom } from 'rxjs';
 *
 * const supabase = createClient('http://127.0.0.1:54321', anonKey);
 * const { data } = await firstValueFrom(supabase.from('movies').select('title').limit(3));
 * ```
 */
export function createClient<
  Database = any,
  SchemaName extends string & keyof Database = 'public' extends keyof Database
    ? 'public'
    : string & keyof Database,
>(
  supabaseUrl: string,
  supabaseKey: string,
  options?: SupabaseClientOptions<SchemaName>,
): SupabaseClient<Database, SchemaName> {
  return new SupabaseClient<Database, SchemaName>(supabaseUrl, supabaseKey, options);
}

export { SupabaseClient, projectUrls, type ProjectUrls } from './client.js';
export type { SupabaseClientOptions, SupportedStorage } from './client-options.js';
export { SupabaseRxError, SupabaseRxInputError } from './http/supabase-rx-error.js';
export {
  HttpAbortError,
  HttpBodyError,
  HttpNetworkError,
  HttpTimeoutError,
} from './http/errors.js';
export type { HttpRequest, HttpResponse, TokenSource } from './http/types.js';
export { createTransport, type Transport, type TransportOptions } from './http/transport.js';
export * from './postgrest.js';
export * from './auth.js';
export * from './realtime.js';
export * from './functions.js';
export * from './storage.js';
export { VERSION } from './version.js';
