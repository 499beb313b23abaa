import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import type { QueryState } from '../db/state.js';
import { compileCondition, UnsupportedFilter, type Condition, type Row } from './filter-eval.js';
import { allOf, compileLogic } from './logic-filter.js';
import { parseOrder, type OrderTerm } from './sort-order.js';

/** What a live query needs to know about its select, read from the builder's state. */
export interface LiveSpec {
  readonly schema: string;
  readonly table: string;
  /** The row passes the query's filters (client-side evaluation). */
  readonly matches: (row: Row) => boolean;
  /** The query has filters (without, every row of the table belongs). */
  readonly filtered: boolean;
  readonly order: readonly OrderTerm[];
  readonly limit?: number;
  /** The selected columns of a full row (`select` with plain columns and aliases). */
  readonly project: (row: Row) => Row;
  /** Set when the query cannot be evaluated on the client: why, for `state.reason`. */
  readonly refetchReason?: string;
  /** A Realtime `filter` (`col=op.value`) equivalent to one of the query's filters, if any. */
  readonly serverFilter?: string;
}

const MODIFIERS = new Set(['select', 'order', 'limit', 'offset']);
const SERVER_OPS = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in']);
const LOGIC = /^(not\.)?(or|and)$/;

/**
 * Reads a select's state: table, filters (compiled to a predicate), order, limit, projection,
 * and a Realtime filter candidate. What it cannot evaluate on the client (embeds, casts, JSON
 * paths, nested logic, full-text search, offsets, …) sets `refetchReason` instead of failing.
 *
 * @example
 * ```ts
 * const spec = liveSpec(db.from('movies').select('id, title').gt('year', 1990).state, ['id']);
 * spec.matches({ id: 1, title: 'Heat', year: 1995 }); // true
 * ```
 */
export function liveSpec(state: QueryState, primaryKey: readonly string[]): LiveSpec {
  if (state.method !== 'GET')
    throw new SupabaseRxInputError(`liveQuery needs a select, got ${state.method}`);
  const path = new URL(state.url).pathname.split('/');
  if (path.includes('rpc'))
    throw new SupabaseRxInputError('liveQuery needs a select on a table, not rpc()');
  const table = decodeURIComponent(path[path.length - 1] ?? '');
  const reasons: string[] = [];
  const conditions: Condition[] = [];
  let serverFilter: string | undefined;
  let order: OrderTerm[] = [];
  let limit: number | undefined;
  let select = '*';
  for (const [key, value] of state.params) {
    if (key === 'select') select = value;
    else if (key === 'order') order = parseOrder(value);
    else if (key === 'limit') limit = Number(value);
    else if (key === 'offset') {
      if (Number(value) !== 0) reasons.push('offset (range not starting at 0)');
    } else if (
      MODIFIERS.has(key.split('.').pop() ?? '') ||
      (key.includes('.') && !LOGIC.test(key))
    ) {
      reasons.push(`${key} (embedded resource)`);
    } else {
      try {
        conditions.push(LOGIC.test(key) ? compileLogic(key, value) : compileCondition(key, value));
        serverFilter ??= serverFilterFor(key, value);
      } catch (e) {
        if (!(e instanceof UnsupportedFilter)) throw e;
        reasons.push(e.message);
      }
    }
  }
  const columns = parseSelect(select, reasons);
  if (columns !== '*') {
    // Keys and order columns are compared on rows of both sources (changes carry real names).
    const selected = new Set(columns.filter((c) => c.as === c.from).map((c) => c.as));
    const needed = [...primaryKey, ...order.map((t) => t.column)];
    const missing = needed.filter((c) => !selected.has(c));
    if (missing.length > 0) reasons.push(`select without ${missing.join(', ')} (key or order)`);
  }
  if (order.some((t) => t.column.includes('->') || t.column.includes('('))) {
    reasons.push('order on a JSON path or embedded resource');
  }
  const cond = allOf(conditions);
  return {
    schema: state.schema,
    table,
    matches: (row) => cond(row) === true,
    filtered: conditions.length > 0 || reasons.length > 0,
    order,
    limit,
    project: columns === '*' ? (row) => row : projector(columns),
    refetchReason: reasons.length > 0 ? reasons.join('; ') : undefined,
    serverFilter,
  };
}

function serverFilterFor(column: string, expr: string): string | undefined {
  if (LOGIC.test(column)) return undefined;
  const op = expr.slice(0, expr.indexOf('.'));
  return SERVER_OPS.has(op) ? `${column}=${expr}` : undefined;
}

interface Column {
  readonly as: string;
  readonly from: string;
}

/** `*` or plain columns with optional aliases; anything else is noted as a refetch reason. */
function parseSelect(select: string, reasons: string[]): '*' | Column[] {
  const items = select
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0 || items.includes('*')) {
    if (items.some((i) => i !== '*')) reasons.push(`select ${select}`);
    return '*';
  }
  const out: Column[] = [];
  for (const item of items) {
    const m = /^(?:([A-Za-z_][\w$]*):)?([A-Za-z_][\w$]*)$/.exec(item);
    if (!m) {
      reasons.push(`select ${item}`);
      return '*';
    }
    out.push({ as: m[1] ?? m[2]!, from: m[2]! });
  }
  return out;
}

function projector(columns: readonly Column[]): (row: Row) => Row {
  return (row) => {
    const out: Row = {};
    for (const c of columns) out[c.as] = row[c.from];
    return out;
  };
}
