/**
 * `supabase-rx/functions`: the Edge Functions client alone (as `@supabase/functions-js` is to
 * supabase-js).
 *
 * @example
 * ```ts
 * import { FunctionsClient, FunctionsHttpError } from 'supabase-rx/functions';
 * ```
 */
export * from './functions/index.js';
export { SupabaseRxError, SupabaseRxInputError } from './http/supabase-rx-error.js';
