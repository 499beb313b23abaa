/**
 * Whether a key is one of Supabase's new API keys (`sb_publishable_…`, `sb_secret_…`), which are
 * not JWTs: supabase-js never sends them as a bearer token to Edge Functions. Legacy JWT keys and
 * other `sb_` keys (`sb_temp_…`) keep the bearer fallback.
 *
 * @example
 * ```ts
 * isNewApiKey('sb_publishable_abc'); // true
 * isNewApiKey('eyJhbGciOi…');       // false
 * ```
 */
export function isNewApiKey(key: string): boolean {
  return key.startsWith('sb_publishable_') || key.startsWith('sb_secret_');
}
