import { RealtimeError } from './errors.js';

/** The change events a binding can listen to. */
export type PostgresChangesEvent = 'INSERT' | 'UPDATE' | 'DELETE' | '*';

/** Anything with `build()` (a filter builder) serialises to the filter string. */
export interface FilterBuildable {
  build(): string;
}

/** What a user passes to `on('postgres_changes', filter)`. */
export interface PostgresChangesFilter {
  event: PostgresChangesEvent;
  schema: string;
  table?: string;
  /** `column=op.value[,…]`, or a builder. */
  filter?: string | FilterBuildable;
  /** A column subset of the change payload. */
  select?: readonly string[];
}

/** A binding as it goes in the join payload: the user's filter with `filter` as a string. */
export interface PostgresBinding {
  readonly event: PostgresChangesEvent;
  readonly schema: string;
  readonly table?: string;
  readonly filter?: string;
  readonly select?: readonly string[];
}

/** The id the server gave a binding (an integer hash on Supabase; compared, never interpreted). */
export type BindingId = number | string;

const EVENTS: readonly string[] = ['INSERT', 'UPDATE', 'DELETE', '*'];

/** realtime-js's message when the join reply's bindings do not line up with the client's. */
export const BINDINGS_MISMATCH_MESSAGE =
  'mismatch between server and client bindings for postgres changes';

/**
 * Checks a `postgres_changes` filter and gives the binding sent in the join payload: the user's
 * object in its own key order, a builder `filter` turned to its string (as realtime-js does).
 * Bad fields → {@link RealtimeError} `invalid_filter` naming the field.
 *
 * @example
 * ```ts
 * postgresBinding({ event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' });
 * ```
 */
export function postgresBinding(filter: PostgresChangesFilter): PostgresBinding {
  if (typeof filter !== 'object' || filter === null) {
    throw bad(`postgres_changes filter must be an object, got ${JSON.stringify(filter)}`);
  }
  const { event, schema, table, select } = filter;
  if (!EVENTS.includes(event)) {
    throw bad(
      `postgres_changes event ${JSON.stringify(event)} must be one of INSERT, UPDATE, DELETE, *`,
    );
  }
  if (typeof schema !== 'string' || schema === '') {
    throw bad(`postgres_changes schema must be a non-empty string, got ${JSON.stringify(schema)}`);
  }
  if (table !== undefined && typeof table !== 'string') {
    throw bad(`postgres_changes table must be a string, got ${JSON.stringify(table)}`);
  }
  if (
    select !== undefined &&
    !(Array.isArray(select) && select.every((c) => typeof c === 'string'))
  ) {
    throw bad(
      `postgres_changes select must be an array of column names, got ${JSON.stringify(select)}`,
    );
  }
  const raw = filter.filter;
  if (raw === undefined || typeof raw === 'string') return { ...filter } as PostgresBinding;
  if (typeof raw === 'object' && raw !== null && typeof raw.build === 'function') {
    const built = raw.build();
    if (typeof built !== 'string')
      throw bad(`postgres_changes filter builder gave ${typeof built}, not a string`);
    return { ...filter, filter: built } as PostgresBinding;
  }
  throw bad(
    `postgres_changes filter must be a string or a filter builder, got ${JSON.stringify(raw)}`,
  );
}

/**
 * Whether two bindings are one subscription to the server (same event, schema, table, filter and
 * select; absent ≡ null). realtime-js ignores such a duplicate `on()`.
 *
 * @example
 * ```ts
 * isSamePostgresBinding({ event: '*', schema: 'public' }, { event: '*', schema: 'public', table: undefined }); // true
 * ```
 */
export function isSamePostgresBinding(a: PostgresBinding, b: PostgresBinding): boolean {
  return (
    a.event === b.event &&
    same(a.schema, b.schema) &&
    same(a.table, b.table) &&
    same(a.filter, b.filter) &&
    same(a.select?.join(), b.select?.join())
  );
}

/**
 * The server id of each client binding, from the join reply's `postgres_changes` echo (i-th entry
 * for the i-th binding, compared by event, schema, table and filter). `undefined` when the reply
 * has no echo (realtime-js then keeps the bindings without ids). A mismatch →
 * {@link RealtimeError} `bindings_mismatch` with realtime-js's message.
 *
 * @example
 * ```ts
 * serverBindingIds([{ event: '*', schema: 'public' }], [{ id: 222, event: '*', schema: 'public', table: null }]); // [222]
 * ```
 */
export function serverBindingIds(
  client: readonly PostgresBinding[],
  server: unknown,
): BindingId[] | undefined {
  if (server === undefined) return undefined;
  const echo = Array.isArray(server) ? (server as Record<string, unknown>[]) : [];
  return client.map((binding, i) => {
    const entry = echo[i];
    const matches =
      typeof entry === 'object' &&
      entry !== null &&
      entry.event === binding.event &&
      same(entry.schema, binding.schema) &&
      same(entry.table, binding.table) &&
      same(entry.filter, binding.filter);
    if (!matches) {
      throw new RealtimeError(BINDINGS_MISMATCH_MESSAGE, 'bindings_mismatch', {
        cause: { index: i, client: binding, server: entry ?? null },
      });
    }
    return entry.id as BindingId;
  });
}

/**
 * Whether a `postgres_changes` message (raw `{ ids, data }`) is for a binding: its server id is in
 * `ids` and its event is `*` or the change type (case-insensitive), as realtime-js routes.
 *
 * @example
 * ```ts
 * matchesPostgresBinding({ id: 111, event: 'INSERT' }, { ids: [111], data: { type: 'INSERT' } }); // true
 * ```
 */
export function matchesPostgresBinding(
  binding: { readonly id: BindingId | undefined; readonly event: string },
  payload: unknown,
): boolean {
  const { id, event } = binding;
  if (!id || typeof payload !== 'object' || payload === null) return false;
  const { ids, data } = payload as { ids?: unknown; data?: { type?: unknown } };
  if (!Array.isArray(ids) || !ids.includes(id)) return false;
  if (event === '*') return true;
  const type = data?.type;
  return typeof type === 'string' && event.toLowerCase() === type.toLowerCase();
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? undefined) === (b ?? undefined);
}

function bad(message: string): RealtimeError {
  return new RealtimeError(message, 'invalid_filter');
}
