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
}

const OPS = new Set<FilterOp>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in']);
const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);

/**
 * Parses a filter string; `undefined` when it is not one Realtime accepts.
 *
 * @example
 * ```ts
 * parseChangeFilter('room_id=eq.1'); // { column: 'room_id', op: 'eq', values: ['1'] }
 * parseChangeFilter('id=in.(1,2)'); // { column: 'id', op: 'in', values: ['1', '2'] }
 * ```
 */
export function parseChangeFilter(filter: string): ChangeFilter | undefined {
  const eq = filter.indexOf('=');
  const dot = filter.indexOf('.', eq + 1);
  if (eq <= 0 || dot < 0) return undefined;
  const column = filter.slice(0, eq);
  const op = filter.slice(eq + 1, dot) as FilterOp;
  const raw = filter.slice(dot + 1);
  if (!OPS.has(op)) return undefined;
  if (op !== 'in') return { column, op, values: [raw] };
  if (!raw.startsWith('(') || !raw.endsWith(')')) return undefined;
  const values = raw
    .slice(1, -1)
    .split(',')
    .map((v) => v.trim().replace(/^"(.*)"$/, '$1'));
  return values.length > 100 ? undefined : { column, op, values };
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
  if (filter.op === 'in') return filter.values.some((v) => compare(value, v, type) === 0);
  const order = compare(value, filter.values[0], type);
  if (order === undefined) return false;
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
