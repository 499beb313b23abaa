import type { Filter, FilterOperator } from '../ast.js';
import { Cursor } from './cursor.js';
import { readQuoted } from './field.js';

const SIMPLE_OPERATORS = new Set<FilterOperator>([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'isdistinct',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxr',
  'nxl',
  'adj',
]);
const FTS_OPERATORS = new Set<FilterOperator>(['fts', 'plfts', 'phfts', 'wfts']);
/** Operators that accept `(any)` / `(all)`. */
const QUANTIFIABLE = new Set<FilterOperator>([
  'eq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
]);

/** The operator part of a filter, without its column. */
export type OperatorExpression = Omit<Filter, 'type' | 'field'>;

/**
 * Whether a query-string value looks like a filter (`op.value`, `not.op.value`, `fts(cfg).q`),
 * which is how PostgREST tells filters from rpc arguments and unrelated parameters.
 *
 * @example
 * hasOperator('eq.1'); // true
 * hasOperator('hello'); // false
 */
export function hasOperator(value: string): boolean {
  const parts = value.split('.');
  // `not.op.value`: PostgREST wants both an operator and a value after `not`.
  if (parts[0] === 'not' && parts.length > 2) return true;
  if (parts[0] === 'is' || parts[0] === 'in') return true;
  const head = parts[0].replace(/\((any|all)\)$/, '');
  if (
    parts.length > 1 &&
    (SIMPLE_OPERATORS.has(head as FilterOperator) || FTS_OPERATORS.has(head as FilterOperator))
  ) {
    return true;
  }
  const paren = value.split('(');
  return paren.length > 1 && FTS_OPERATORS.has(paren[0] as FilterOperator);
}

/**
 * Parses a filter's value, `[not.]op[(any|all)|(config)].operand`, as PostgREST does: the
 * operand of a simple operator is the rest of the text verbatim; `in.(…)` is a list whose items
 * may be `"quoted"` with backslash escapes; quantified operators take `{a,b}`; `is` takes
 * `null|true|false|unknown` (any case). `inLogic` reads the operand as inside `or=(…)`: it ends at
 * `,` or `)` unless `"quoted"` or a `{…}` array.
 *
 * @example
 * parseOperatorExpression(new Cursor('filter', 'not.in.(1,"a,b")'));
 * // { negated: true, operator: 'in', value: ['1', 'a,b'] }
 */
export function parseOperatorExpression(c: Cursor, inLogic = false): OperatorExpression {
  const negated = c.take('not.');
  const start = c.pos;
  const m = /^[a-z]+/.exec(c.input.slice(c.pos));
  const word = m?.[0] ?? '';
  c.pos += word.length;
  const op = word as FilterOperator;
  if (word === 'in' && c.peek() === '.') {
    c.pos++;
    return { negated, operator: 'in', value: readList(c) };
  }
  if (word === 'is' && c.peek() === '.') {
    c.pos++;
    const v = /^(not_null|null|true|false|unknown)/i.exec(c.input.slice(c.pos));
    if (!v) c.fail(['null or trilean value (unknown, true, false)']);
    c.pos += v[0].length;
    return { negated, operator: 'is', value: v[0].toLowerCase() };
  }
  if (FTS_OPERATORS.has(op)) {
    let language: string | undefined;
    if (c.take('(')) {
      const l = /^[\p{L}\p{N}_ $]+/u.exec(c.input.slice(c.pos));
      if (!l) c.fail(['letter or digit']);
      c.pos += l[0].length;
      language = l[0].trim();
      c.expect(')');
    }
    c.expect('.');
    return {
      negated,
      operator: op,
      value: readSingle(c, inLogic),
      ...(language !== undefined && { language }),
    };
  }
  if (SIMPLE_OPERATORS.has(op)) {
    let quantifier: 'any' | 'all' | undefined;
    if (QUANTIFIABLE.has(op) && (c.startsWith('(any)') || c.startsWith('(all)'))) {
      quantifier = c.input.slice(c.pos + 1, c.pos + 4) as 'any' | 'all';
      c.pos += 5;
    }
    if (c.peek() !== '.') {
      c.pos = start;
      failUnknown(c, word);
    }
    c.pos++;
    if (quantifier) return { negated, operator: op, quantifier, value: readArray(c) };
    return { negated, operator: op, value: readSingle(c, inLogic) };
  }
  c.pos = start;
  failUnknown(c, word);
}

function failUnknown(c: Cursor, _word: string): never {
  const dot = c.input.indexOf('.', c.pos);
  if (dot < 0) c.fail(['operator (eq, gt, ...)']);
  const op = c.input.slice(c.pos, dot);
  c.pos = dot + 1;
  c.failWith(`unknown single value operator ${op}`);
}

function readSingle(c: Cursor, inLogic: boolean): string {
  if (!inLogic) return c.rest();
  if (c.peek() === '"') {
    const save = c.pos;
    const v = readQuoted(c);
    if (c.done || c.peek() === ',' || c.peek() === ')') return v;
    c.pos = save;
  }
  if (c.peek() === '{') {
    const close = c.input.indexOf('}', c.pos);
    if (close > 0 && !c.input.slice(c.pos + 1, close).includes('{')) {
      const v = c.input.slice(c.pos, close + 1);
      c.pos = close + 1;
      return v;
    }
  }
  const start = c.pos;
  while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
  return c.input.slice(start, c.pos);
}

/** `(a,"b,c",d)` → items; quoted items unescape `\x`; spaces around the parens are ignored. */
function readList(c: Cursor): string[] {
  c.skipSpaces();
  c.expect('(');
  c.skipSpaces();
  // `in.()` is an empty list (supabase-js sends it for `.in(col, [])`): it matches nothing.
  if (c.take(')')) {
    c.skipSpaces();
    return [];
  }
  const items: string[] = [];
  for (;;) {
    items.push(readListItem(c, ',)'));
    if (c.take(',')) continue;
    c.skipSpaces();
    c.expect(')');
    c.skipSpaces();
    return items;
  }
}

function readListItem(c: Cursor, stops: string): string {
  if (c.peek() === '"') {
    const save = c.pos;
    const v = readQuoted(c);
    if (c.done || stops.includes(c.peek())) return v;
    c.pos = save;
  }
  const start = c.pos;
  while (!c.done && !stops.includes(c.peek())) c.pos++;
  return c.input.slice(start, c.pos);
}

/** `{a,"b,c"}` for quantified operators. */
function readArray(c: Cursor): string[] {
  c.expect('{');
  if (c.take('}')) return [];
  const items: string[] = [];
  for (;;) {
    items.push(readListItem(c, ',}'));
    if (c.take(',')) continue;
    c.expect('}');
    return items;
  }
}

/**
 * Parses one filter value on its own (a query parameter's value).
 *
 * @example
 * parseFilterValue('gte.4'); // { negated: false, operator: 'gte', value: '4' }
 */
export function parseFilterValue(value: string): OperatorExpression {
  const c = new Cursor('filter', value);
  const expr = parseOperatorExpression(c);
  if (!c.done) c.fail(['end of input']);
  return expr;
}
