/**
 * `supabase-rx/postgrest`: the database client alone (as `@supabase/postgrest-js` is to
 * supabase-js), for apps that need nothing else.
 *
 * @example
 * ```ts
 * import { PostgrestClient, PostgrestError } from 'supabase-rx/postgrest';
 * ```
 */
export * from './db/index.js';
export { SupabaseRxError, SupabaseRxInputError } from './http/supabase-rx-error.js';
