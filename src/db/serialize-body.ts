import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

function replacer(this: unknown, key: string, value: unknown): unknown {
  const type = typeof value;
  // supabase-js sends bigints as JSON strings.
  if (type === 'bigint') return `${value}`;
  // JSON.stringify would drop these silently and send a body the caller did not mean.
  if (type === 'function' || type === 'symbol') {
    throw new SupabaseRxInputError(
      `Request body is not serialisable: ${type} at ${key === '' ? 'the top level' : `key "${key}"`}`,
    );
  }
  return value;
}

/**
 * Serialises a request body as supabase-js does (`JSON.stringify`, bigints as strings), but
 * throws a `SupabaseRxInputError` for what JSON cannot carry (cycles, functions, symbols) instead
 * of sending a different body.
 *
 * @example
 * ```ts
 * serializeBody({ id: 1n, tags: ['a'] }); // '{"id":"1","tags":["a"]}'
 * ```
 */
export function serializeBody(body: unknown): string | undefined {
  try {
    return JSON.stringify(body, replacer);
  } catch (e) {
    if (e instanceof SupabaseRxInputError) throw e;
    throw new SupabaseRxInputError(`Request body is not serialisable: ${(e as Error).message}`);
  }
}
