import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

/**
 * Throws a `SupabaseRxInputError` unless `value` is an integer ≥ `min`.
 *
 * @example
 * ```ts
 * assertInteger(10, 'limit()', 'rows'); // ok
 * assertInteger(-1, 'limit()', 'rows'); // throws
 * ```
 */
export function assertInteger(value: unknown, method: string, name: string, min = 0): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    reject(method, name, `an integer ≥ ${min}`, value);
  }
}

/**
 * Throws a `SupabaseRxInputError` unless `value` is a non-empty string.
 *
 * @example
 * ```ts
 * assertName('movies', 'from()', 'table name'); // ok
 * assertName('  ', 'from()', 'table name'); // throws
 * ```
 */
export function assertName(value: unknown, method: string, name: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    reject(method, name, 'a non-empty string', value);
  }
}

/**
 * Throws a `SupabaseRxInputError` unless `value` is one of `allowed` (or `undefined`).
 *
 * @example
 * ```ts
 * assertOneOf('exact', ['exact', 'planned', 'estimated'], 'select()', 'count'); // ok
 * ```
 */
export function assertOneOf(
  value: unknown,
  allowed: readonly string[],
  method: string,
  name: string,
): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    reject(method, name, `one of ${allowed.join(', ')}`, value);
  }
}

/** The one message shape of every check above: `<method>: <name> must be <expected>, got <value>`. */
function reject(method: string, name: string, expected: string, value: unknown): never {
  const got = typeof value === 'number' ? value : (JSON.stringify(value) ?? typeof value);
  throw new SupabaseRxInputError(`${method}: ${name} must be ${expected}, got ${got}`);
}

/**
 * Whether `value` is a plain object: not `null`, not an array (a row, a filter map, rpc args).
 *
 * @example
 * ```ts
 * isRecord({ a: 1 }); // true
 * isRecord([1]); // false
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
