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

// `/` and `\\` (which URL parsers read as `/`) end the path segment, `?` starts the query, `#`
// the fragment (never sent).
const PATH_BREAKERS = /[/\\?#]/;
// `.` and `..` (also written `%2e`) are resolved away by URL parsers: the request would go elsewhere.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Throws a `SupabaseRxInputError` unless `value` is a non-empty string that stays inside one URL
 * path segment: no `/`, `\`, `?` or `#`, and not `.` or `..`. Names with these are refused rather
 * than percent-encoded: supabase-js sends them to another URL (`from('a?b')` queries table `a`,
 * `from('../auth/v1/admin/users')` leaves the REST API), so no working code holds them, and an
 * error that names the character says more than the 404 of a table no one meant.
 *
 * @example
 * ```ts
 * assertPathName('movies', 'from()', 'table name'); // ok
 * assertPathName('movies?id=eq.1', 'from()', 'table name'); // throws: must not hold "?"
 * ```
 */
export function assertPathName(
  value: unknown,
  method: string,
  name: string,
): asserts value is string {
  assertName(value, method, name);
  const char = PATH_BREAKERS.exec(value)?.[0];
  if (char !== undefined || DOT_SEGMENT.test(value)) {
    throw new SupabaseRxInputError(
      `${method}: ${name} must not ${char === undefined ? 'be' : 'hold'} ${JSON.stringify(char ?? value)}, ` +
        `which would take the request out of its URL path segment; got ${JSON.stringify(value)}`,
    );
  }
}

// What a fetch header value cannot carry (control characters, code points past U+00FF): fetch
// would throw a TypeError that looks like a network failure.
// eslint-disable-next-line no-control-regex
const NOT_IN_HEADER = /[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/u;

/**
 * Throws a `SupabaseRxInputError` unless `value` is a non-empty string that a header can carry
 * (the schema travels in `Accept-Profile` / `Content-Profile`, not in the URL's path, so `/` or
 * `?` are harmless there; a newline or a code point past U+00FF is not).
 *
 * @example
 * ```ts
 * assertHeaderName('inventory', 'schema()', 'schema name'); // ok
 * assertHeaderName('a\nb', 'schema()', 'schema name'); // throws
 * ```
 */
export function assertHeaderName(
  value: unknown,
  method: string,
  name: string,
): asserts value is string {
  assertName(value, method, name);
  const char = NOT_IN_HEADER.exec(value)?.[0];
  if (char !== undefined) {
    throw new SupabaseRxInputError(
      `${method}: ${name} is sent in a header and must not hold ${JSON.stringify(char)} ` +
        `(U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); got ${JSON.stringify(value)}`,
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
