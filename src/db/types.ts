/**
 * Database description types, shaped like the output of `supabase gen types typescript`
 * (`Database['public']['Tables']['movies']['Row']` …), and the response type of every query.
 */

/** A table as generated types describe it. */
export interface GenericTable {
  Row: Record<string, unknown>;
  Insert: Record<string, unknown>;
  Update: Record<string, unknown>;
  Relationships?: unknown;
}

/** A view (updatable views also carry `Insert` / `Update`). */
export interface GenericView {
  Row: Record<string, unknown>;
  Insert?: Record<string, unknown>;
  Update?: Record<string, unknown>;
  Relationships?: unknown;
}

/** A Postgres function callable through `rpc()`. */
export interface GenericFunction {
  Args: Record<string, unknown> | never;
  Returns: unknown;
}

/** One schema of a generated `Database` type. */
export interface GenericSchema {
  Tables: Record<string, GenericTable>;
  Views: Record<string, GenericView>;
  Functions: Record<string, GenericFunction>;
}

/**
 * The row type used where the select-string type parser cannot tell the shape (embeds, casts,
 * JSON paths, aggregates, spreads …): every column is `unknown`. Narrow it with `returns<T>()` or
 * `overrideTypes<T>()`.
 */
export type LooseRow = Record<string, unknown>;

/**
 * What every database query emits, once: supabase-js's result without `error` (errors go to the
 * error channel as `PostgrestError`).
 *
 * @example
 * ```ts
 * const { data, count } = await firstValueFrom(db.from('movies').select('*', { count: 'exact' }));
 * ```
 */
export interface PostgrestResponse<T> {
  /** The rows (or row, or text for `csv()` / text `explain()`); `null` for empty bodies and HEAD. */
  data: T;
  /** Filled when a `count` was requested and the server sent a total; otherwise `null`. */
  count: number | null;
  status: number;
  statusText: string;
}

/** The `count` option values PostgREST understands. */
export type CountOption = 'exact' | 'planned' | 'estimated';
