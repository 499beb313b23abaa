/**
 * The `filter` of a postgres_changes binding, as Realtime reads it: `column=op.value` with the
 * operators `eq neq lt lte gt gte in` (`in` takes `(a,b,c)`), evaluated against a change's row
 * with the column's type. Pure.
 */
export type FilterOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';

export interface ChangeFilter {
  column: string;
  op: FilterOp;
  /** One value, or the list of an `in`. */
  values: string[];
  /** `not.` before the operator. */
  negate: boolean;
}

const OPS = new Set<FilterOp>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in']);
const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);

// A value as the filter builder writes it: bare, or in double quotes with `\` escapes.
function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length < 2 || !v.startsWith('"') || !v.endsWith('"')) return v;
  return v.slice(1, -1).replace(/\\(.)/g, '$1');
}

// Splits on commas outside double quotes and parentheses.
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses one condition `column=[not.]op.value`; a string naming what is wrong when Realtime
 * would refuse it.
 *
 * @example
 * ```ts
 * parseChangeFilter('room_id=eq.1'); // { column: 'room_id', op: 'eq', values: ['1'], negate: false }
 * parseChangeFilter('id=in.(1,2)'); // { column: 'id', op: 'in', values: ['1', '2'], negate: false }
 * ```
 */
export function parseChangeFilter(condition: string): ChangeFilter | string {
  const eq = condition.indexOf('=');
  if (eq <= 0) return `"${condition}"`;
  const column = condition.slice(0, eq).trim();
  let rest = condition.slice(eq + 1);
  const negate = rest.startsWith('not.');
  if (negate) rest = rest.slice(4);
  const dot = rest.indexOf('.');
  const op = (dot < 0 ? rest : rest.slice(0, dot)) as FilterOp;
  if (dot < 0 || !OPS.has(op)) return `"${condition}"`;
  const raw = rest.slice(dot + 1);
  if (op !== 'in') return { column, op, values: [unquote(raw)], negate };
  if (!raw.startsWith('(') || !raw.endsWith(')'))
    return '`in` filter value must be wrapped by parentheses';
  const values = splitTopLevel(raw.slice(1, -1)).map(unquote);
  if (values.length > 100) return '`in` filter value can have at most 100 values';
  return { column, op, values, negate };
}

/**
 * Parses a binding's filter: conditions joined by top-level commas, all of which must hold.
 * Throws nothing: a string is Realtime's reason for refusing it.
 *
 * @example
 * ```ts
 * parseChangeFilters('id=gt.0,id=lt.100'); // two conditions
 * parseChangeFilters('id=like.1'); // 'Error parsing `filter` params: "id=like.1"'
 * ```
 */
export function parseChangeFilters(filter: string): ChangeFilter[] | string {
  const out: ChangeFilter[] = [];
  for (const part of splitTopLevel(filter)) {
    const parsed = parseChangeFilter(part.trim());
    if (typeof parsed === 'string') return `Error parsing \`filter\` params: ${parsed}`;
    out.push(parsed);
  }
  return out;
}

function compare(a: unknown, b: string, type: string): number | undefined {
  if (a === null || a === undefined) return undefined;
  if (NUMERIC.has(type)) {
    const x = Number(a);
    const y = Number(b);
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : Math.sign(x - y);
  }
  if (type === 'bool') {
    const y = b === 't' || b === 'true' ? true : b === 'f' || b === 'false' ? false : undefined;
    return y === undefined ? undefined : a === y ? 0 : 1;
  }
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  return x === b ? 0 : x < b ? -1 : 1;
}

/**
 * Whether a row passes the filter; a missing column or a NULL never does (SQL's comparison).
 *
 * @example
 * ```ts
 * passesChangeFilter({ column: 'n', op: 'gt', values: ['2'] }, { n: 10 }, 'int4'); // true
 * ```
 */
export function passesChangeFilter(
  filter: ChangeFilter,
  row: Record<string, unknown> | undefined,
  type: string,
): boolean {
  if (!row || !(filter.column in row)) return false;
  const value = row[filter.column];
  const holds = holdsFor(filter, value, type);
  // SQL: a comparison with NULL is unknown, and `not unknown` is still unknown.
  return holds === undefined ? false : holds !== filter.negate;
}

function holdsFor(filter: ChangeFilter, value: unknown, type: string): boolean | undefined {
  if (value === null || value === undefined) return undefined;
  if (filter.op === 'in') return filter.values.some((v) => compare(value, v, type) === 0);
  const order = compare(value, filter.values[0], type);
  if (order === undefined) return undefined;
  switch (filter.op) {
    case 'eq':
      return order === 0;
    case 'neq':
      return order !== 0;
    case 'lt':
      return order < 0;
    case 'lte':
      return order <= 0;
    case 'gt':
      return order > 0;
    default:
      return order >= 0;
  }
}
