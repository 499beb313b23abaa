import { invalid } from './frame-checks.js';

/** A column of a change, as the server lists it. */
export interface PostgresColumn {
  readonly name: string;
  readonly type: string;
}

/** The `data` of a server `postgres_changes` message (§4.10). */
export interface PostgresChangeData {
  schema: string;
  table: string;
  commit_timestamp: string;
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  columns: readonly PostgresColumn[];
  record?: Record<string, unknown> | null;
  old_record?: Record<string, unknown> | null;
  errors: string[] | null;
}

/** What a `postgres_changes` listener receives, as realtime-js hands it over. */
export interface PostgresChangePayload<T extends Record<string, unknown> = Record<string, any>> {
  schema: string;
  table: string;
  commit_timestamp: string;
  eventType: 'INSERT' | 'UPDATE' | 'DELETE';
  new: Partial<T>;
  old: Partial<T>;
  errors: string[] | null;
}

/**
 * Whether a channel message payload is a postgres change (`{ ids, data }`), the test realtime-js
 * applies before converting.
 *
 * @example
 * ```ts
 * isPostgresChangeMessage({ ids: [1], data: {} }); // true
 * ```
 */
export function isPostgresChangeMessage(
  payload: unknown,
): payload is { ids: unknown; data: unknown } {
  return typeof payload === 'object' && payload !== null && 'ids' in payload;
}

/**
 * The listener payload of a change: `new` = converted `record` (INSERT/UPDATE), `old` = converted
 * `old_record` (UPDATE/DELETE), else `{}`; `columns` dropped. A `data` that is not an object →
 * {@link RealtimeError} `invalid_frame`.
 *
 * @example
 * ```ts
 * toPostgresChangePayload({ schema: 'public', table: 't', commit_timestamp: 'x', type: 'INSERT',
 *   columns: [{ name: 'id', type: 'int8' }], record: { id: '5' }, errors: null }).new; // { id: 5 }
 * ```
 */
export function toPostgresChangePayload(data: PostgresChangeData): PostgresChangePayload {
  if (typeof data !== 'object' || data === null) {
    throw invalid(`postgres_changes data must be an object, got ${JSON.stringify(data)}`);
  }
  const { schema, table, commit_timestamp, type, errors } = data;
  const columns = Array.isArray(data.columns) ? data.columns : [];
  const withNew = type === 'INSERT' || type === 'UPDATE';
  const withOld = type === 'UPDATE' || type === 'DELETE';
  return {
    schema,
    table,
    commit_timestamp,
    eventType: type,
    new: withNew ? convertRecord(columns, data.record) : {},
    old: withOld ? convertRecord(columns, data.old_record) : {},
    errors,
  };
}

/**
 * Converts each field of a record from Postgres text form by its column's type; fields without
 * a column stay as they are.
 *
 * @example
 * ```ts
 * convertRecord([{ name: 'ok', type: 'bool' }], { ok: 't', x: '1' }); // { ok: true, x: '1' }
 * ```
 */
export function convertRecord(
  columns: readonly PostgresColumn[],
  record: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!record) return out;
  for (const key of Object.keys(record)) {
    const type = columns.find((c) => c.name === key)?.type;
    const value =
      typeof type === 'string' && type !== '' ? convertCell(type, record[key]) : record[key];
    // defineProperty: a column named `__proto__` stays a plain field.
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Converts one value by Postgres type, as realtime-js 2.119 does: `bool` `t`/`f`, numeric types
 * by `parseFloat`, `json`/`jsonb` parsed, `timestamp` with `T`, arrays (`_type`) element-wise;
 * anything it cannot convert is returned unchanged.
 *
 * @example
 * ```ts
 * convertCell('_int4', '{1,2}'); // [1, 2]
 * ```
 */
export function convertCell(type: string, value: unknown): unknown {
  if (type.startsWith('_')) return toArray(value, type.slice(1));
  switch (type) {
    case 'bool':
      return value === 't' ? true : value === 'f' ? false : value;
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'numeric':
    case 'oid':
      return toNumber(value);
    case 'json':
    case 'jsonb':
      return toJson(value);
    case 'timestamp':
      // Only the first space: the ISO form PostgREST returns.
      return typeof value === 'string' ? value.replace(' ', 'T') : value;
    default:
      return value;
  }
}

function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const n = parseFloat(value);
  return Number.isNaN(n) ? value : n;
}

function toJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function toArray(value: unknown, elementType: string): unknown {
  if (typeof value !== 'string' || !value.startsWith('{') || !value.endsWith('}')) return value;
  const inner = value.slice(1, -1);
  let items: unknown[];
  try {
    // Numbers, booleans and quoted strings parse as JSON; anything else falls back to a naive
    // comma split (quotes kept), as realtime-js does.
    items = JSON.parse(`[${inner}]`) as unknown[];
  } catch {
    items = inner ? inner.split(',') : [];
  }
  return items.map((item) => convertCell(elementType, item));
}
