import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

function describeType(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return `a symbol (${String(value)})`;
  return 'a plain object (it would be sent as "[object Object]")';
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A filter value as the text PostgREST receives (`eq.<text>`), as supabase-js forms it
 * (`${value}`, arrays joined by `,`), but a `SupabaseRxInputError` naming the method for what has
 * no text form: a symbol, a function, a plain object (send JSON with `JSON.stringify`, or use
 * `contains()`), an array that contains itself. Dates, numbers, bigints and booleans pass as
 * `${value}`.
 *
 * @example
 * ```ts
 * filterText(1999, 'eq'); // '1999'
 * filterText(Symbol('x'), 'eq'); // throws: eq(): a filter value cannot be a symbol (Symbol(x))
 * ```
 */
export function filterText(value: unknown, method: string, seen: unknown[] = []): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (seen.includes(value)) {
      throw new SupabaseRxInputError(
        `${method}(): a filter value holds an array that contains itself`,
      );
    }
    const inner = [...seen, value];
    return value.map((v: unknown) => (v == null ? '' : filterText(v, method, inner))).join(',');
  }
  if (typeof value === 'function' || typeof value === 'symbol' || isPlainObject(value)) {
    throw new SupabaseRxInputError(`${method}(): a filter value cannot be ${describeType(value)}`);
  }
  try {
    return `${value as string}`;
  } catch (e) {
    // A class instance whose toString / Symbol.toPrimitive throws or returns a symbol.
    throw new SupabaseRxInputError(
      `${method}(): a filter value has no text form: ${(e as Error).message}`,
    );
  }
}
