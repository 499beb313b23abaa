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
    throw new SupabaseRxInputError(
      `${method}: ${name} must be an integer ≥ ${min}, got ${typeof value === 'number' ? value : (JSON.stringify(value) ?? typeof value)}`,
    );
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
    throw new SupabaseRxInputError(
      `${method}: ${name} must be a non-empty string, got ${JSON.stringify(value) ?? typeof value}`,
    );
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
    throw new SupabaseRxInputError(
      `${method}: ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value) ?? typeof value}`,
    );
  }
}
