/**
 * Client-side evaluation of PostgREST filters (`column=op.value`, `or=(…)`, `and=(…)`), so a
 * live query can tell whether a changed row belongs to its result. Pure: no I/O.
 */

/** A row as PostgREST or Realtime hands it over. */
export type Row = Record<string, unknown>;

/** A compiled filter: `true` when the row passes. */
export type Predicate = (row: Row) => boolean;

/** SQL's three-valued result: `null` is unknown (a comparison with NULL). */
export type Condition = (row: Row) => boolean | null;

/** Why a filter cannot be evaluated on the client (the live query falls back to refetching). */
export class UnsupportedFilter extends Error {
  override name = 'UnsupportedFilter';
}

const COMPARISONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;

/**
 * Parses one filter value (`op.value` or `not.op.value`) on `column` into a predicate.
 * Throws {@link UnsupportedFilter} for an operator it does not evaluate (`fts`, `match`, …).
 *
 * @example
 * ```ts
 * compileFilter('year', 'gte.1999')({ year: 2001 }); // true
 * compileFilter('title', 'not.ilike.*heat*')({ title: 'Heat' }); // false
 * ```
 */
export function compileFilter(column: string, expr: string): Predicate {
  const cond = compileCondition(column, expr);
  return (row) => cond(row) === true;
}

/**
 * Like {@link compileFilter} but keeps SQL's unknown (`null`), as `and`/`or`/`not` need it.
 *
 * @example
 * ```ts
 * compileCondition('year', 'gt.2000')({ year: null }); // null
 * ```
 */
export function compileCondition(column: string, expr: string): Condition {
  if (column.includes('->') || column.includes('.') || column.includes('(')) {
    throw new UnsupportedFilter(`filter on ${column} (JSON path or embedded resource)`);
  }
  let negate = false;
  let rest = expr;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) throw new UnsupportedFilter(`filter ${column}=${expr}`);
  const op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  const test = compileOp(column, op, value);
  // SQL's three-valued logic: NOT unknown is still unknown.
  if (!negate) return (row) => test(row[column]);
  return (row) => {
    const r = test(row[column]);
    return r === null ? null : !r;
  };
}

/** `true`, `false` or `null` (SQL unknown) for one column value. */
type Test = (v: unknown) => boolean | null;

function compileOp(column: string, op: string, raw: string): Test {
  if ((COMPARISONS as readonly string[]).includes(op)) {
    return (v) => (v === null || v === undefined ? null : compareOp(op, compareValues(v, raw)));
  }
  switch (op) {
    case 'like':
    case 'ilike': {
      const re = likeRegExp(raw, op === 'ilike');
      return (v) => (v === null || v === undefined ? null : re.test(String(v)));
    }
    case 'is':
      return isTest(column, raw);
    case 'isdistinct':
      return (v) => (v === null || v === undefined ? true : compareValues(v, raw) !== 0);
    case 'in': {
      const list = parseList(raw, '(', ')');
      return (v) => {
        if (v === null || v === undefined) return null;
        return list.some((item) => compareValues(v, item) === 0);
      };
    }
    case 'cs':
    case 'cd': {
      if (!raw.startsWith('{')) throw new UnsupportedFilter(`${op} on a JSON or range value`);
      const list = parseList(raw, '{', '}');
      return (v) => {
        if (v === null || v === undefined) return null;
        if (!Array.isArray(v)) return null;
        const has = (arr: readonly unknown[], x: string) =>
          arr.some((a) => compareValues(a, x) === 0);
        if (op === 'cs') return list.every((x) => has(v, x));
        return v.every((a) => list.some((x) => compareValues(a, x) === 0));
      };
    }
    default:
      throw new UnsupportedFilter(`operator ${op} on ${column}`);
  }
}

function compareOp(op: string, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'neq':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'gte':
      return c >= 0;
    case 'lt':
      return c < 0;
    default:
      return c <= 0;
  }
}

function isTest(column: string, raw: string): Test {
  switch (raw.toLowerCase()) {
    case 'null':
      return (v) => v === null || v === undefined;
    case 'true':
      return (v) => v === true;
    case 'false':
      return (v) => v === false;
    case 'unknown':
      return (v) => v === null || v === undefined;
    default:
      throw new UnsupportedFilter(`is.${raw} on ${column}`);
  }
}

/**
 * Compares a row value with a filter's text the way Postgres would after casting the text to the
 * column's type: numbers numerically, booleans by `true`/`false`, everything else as strings
 * (code-unit order, i.e. the "C" collation).
 *
 * @example
 * ```ts
 * compareValues(10, '9'); // 1
 * ```
 */
export function compareValues(v: unknown, raw: string): number {
  if (typeof v === 'number') {
    const n = Number(raw);
    return v === n ? 0 : v < n ? -1 : v > n ? 1 : String(v) < raw ? -1 : 1;
  }
  if (typeof v === 'boolean') {
    const b = ['true', 't', 'yes', 'on', '1'].includes(raw.toLowerCase());
    return v === b ? 0 : v ? 1 : -1;
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === raw ? 0 : s < raw ? -1 : 1;
}

/** `like`/`ilike` pattern (`%` or PostgREST's `*` for any run, `_` for one char) → RegExp. */
export function likeRegExp(pattern: string, insensitive: boolean): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) src += escapeRe(pattern[++i]!);
    else if (ch === '%' || ch === '*') src += '[\\s\\S]*';
    else if (ch === '_') src += '[\\s\\S]';
    else src += escapeRe(ch);
  }
  return new RegExp(`^${src}$`, insensitive ? 'i' : '');
}

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Splits `(a,"b,c",d)` (or `{…}`) into its items, honouring double quotes and `\` escapes.
 *
 * @example
 * ```ts
 * parseList('(1,"a,b")', '(', ')'); // ['1', 'a,b']
 * ```
 */
export function parseList(raw: string, open: string, close: string): string[] {
  if (!raw.startsWith(open) || !raw.endsWith(close)) {
    throw new UnsupportedFilter(`list value ${raw}`);
  }
  const body = raw.slice(1, -1);
  if (body === '') return [];
  return splitTopLevel(body).map(unquote);
}

function unquote(item: string): string {
  const t = item.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return t;
}

/**
 * Splits on commas outside parentheses and double quotes.
 *
 * @example
 * ```ts
 * splitTopLevel('a.eq.1,and(b.eq.2,c.eq.3)'); // ['a.eq.1', 'and(b.eq.2,c.eq.3)']
 * ```
 */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
