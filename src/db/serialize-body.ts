import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/** `JSON.stringify` with supabase-js's bigints-as-strings, refusing what JSON would drop. */
function stringify(value: unknown, what: string): string | undefined {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown): unknown {
    const type = typeof v;
    // supabase-js sends bigints as JSON strings.
    if (type === 'bigint') return `${v as bigint}`;
    // JSON.stringify would drop these silently and send a body the caller did not mean.
    if (type === 'function' || type === 'symbol') {
      throw new SupabaseRxInputError(
        `${what} is not serialisable: ${type} at ${key === '' ? 'the top level' : `key "${key}"`}`,
      );
    }
    return v;
  });
}

/**
 * Serialises a request body as supabase-js does (`JSON.stringify`, bigints as strings), but
 * throws a `SupabaseRxInputError` for what JSON cannot carry (cycles, functions, symbols) instead
 * of sending a different body or letting `JSON.stringify`'s `TypeError` out. `what` names the
 * value in the message (`'insert(): values'`).
 *
 * @example
 * ```ts
 * serializeBody({ id: 1n, tags: ['a'] }); // '{"id":"1","tags":["a"]}'
 * const row: Record<string, unknown> = {};
 * row.self = row;
 * serializeBody(row, 'insert(): values'); // throws: insert(): values is not serialisable: …
 * ```
 */
export function serializeBody(body: unknown, what = 'Request body'): string | undefined {
  try {
    return stringify(body, what);
  } catch (e) {
    if (e instanceof SupabaseRxInputError) throw e;
    // V8 says "Converting circular structure to JSON …", other engines otherwise.
    const reason = /circular|cyclic/i.test((e as Error).message)
      ? 'it contains itself (a cycle)'
      : (e as Error).message;
    throw new SupabaseRxInputError(`${what} is not serialisable: ${reason}`);
  }
}
