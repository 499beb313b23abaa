import { SupabaseRxInputError } from '../http/supabase-rx-error.js';

// supabase-js quotes an `in` list element only when it holds `,` `(` or `)`; PostgREST's grammar
// also needs quoting, with backslash escapes, for `"` and `\` (supabase-js misses them).
const NEEDS_QUOTES = /[,()"\\]/;

function quoteListValue(value: unknown): string {
  if (typeof value !== 'string') return `${value}`;
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
}

/**
 * Encodes the value list of `in()` / `notIn()`: duplicates dropped (first kept), strings holding
 * `,` `(` `)` double-quoted as supabase-js does, and — a deliberate fix over supabase-js — strings
 * holding `"` or `\` quoted with those characters backslash-escaped, as PostgREST's grammar requires.
 *
 * @example
 * ```ts
 * encodeInList(['a', 'b,c', 'say "hi"', 1, null]); // '(a,"b,c","say \\"hi\\"",1,null)'
 * ```
 */
export function encodeInList(values: readonly unknown[]): string {
  if (!Array.isArray(values)) {
    throw new SupabaseRxInputError(`in()/notIn() expects an array of values, got ${typeof values}`);
  }
  let out = '';
  for (const value of new Set(values)) out += `,${quoteListValue(value)}`;
  return `(${out.slice(1)})`;
}

/**
 * Encodes the value of `contains()` / `containedBy()` / `overlaps()`: a string as is (range or
 * array literal), an array as `{a,b}`, an object as its JSON (jsonb containment).
 *
 * @example
 * ```ts
 * encodeContainer(['a', 'b']); // '{a,b}'
 * encodeContainer({ k: 1 }); // '{"k":1}'
 * ```
 */
export function encodeContainer(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  throw new SupabaseRxInputError(
    `Expected a string, an array or an object, got ${value === null ? 'null' : typeof value}`,
  );
}

// Every operator PostgREST knows, as one string (smaller in a bundle than a table). The first ten
// also take an `(any)` / `(all)` quantifier; the last four (full-text search) take a
// `(config)` argument.
const OPERATORS =
  'eq neq gt gte lt lte like ilike match imatch is isdistinct in cs cd sl sr nxl nxr adj ov fts plfts phfts wfts'.split(
    ' ',
  );
const QUANTIFIABLE_COUNT = 10;
const FTS_START = OPERATORS.length - 4;
const OPERATOR = /^(?:not\.)?([a-z]+)(?:\(([^()]*)\))?$/;

/**
 * Checks an operator given to `filter()` or `not()` against PostgREST's operator list
 * (`eq`, `in`, `cs`, `fts(english)`, `like(any)`, `not.eq` …) and throws a `SupabaseRxInputError`
 * naming it when PostgREST would reject it.
 *
 * @example
 * ```ts
 * assertOperator('not.in', 'filter'); // ok
 * assertOperator('equals', 'filter'); // throws SupabaseRxInputError
 * ```
 */
export function assertOperator(operator: string, method: 'filter' | 'not'): void {
  const [, base, arg] = OPERATOR.exec(typeof operator === 'string' ? operator : '') ?? [];
  const index = OPERATORS.indexOf(base);
  const ok =
    index >= 0 &&
    (method === 'filter' || !operator.startsWith('not.')) &&
    (arg === undefined ||
      (index < QUANTIFIABLE_COUNT && (arg === 'any' || arg === 'all')) ||
      (index >= FTS_START && arg.length > 0));
  if (!ok) {
    throw new SupabaseRxInputError(
      `${method}(): unknown operator ${JSON.stringify(operator)}; expected one of ` +
        `${OPERATORS.join(', ')}` +
        (method === 'filter' ? ' (optionally prefixed with "not.")' : ''),
    );
  }
}
