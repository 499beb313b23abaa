/**
 * The one small interface both Postgres engines implement (embedded PGlite, a PostgreSQL server
 * via `pg`). Everything above it is engine-agnostic.
 */
export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  /** Column names and type OIDs, in select order. */
  fields: { name: string; dataTypeID: number }[];
  /** Rows affected by INSERT/UPDATE/DELETE, else rows returned. */
  rowCount: number;
}

/** What runs SQL: an engine, or the session of one of its transactions. */
export interface Queryable {
  /** One statement, parameters bound as `$1…$n` (never spliced). */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Several statements, no parameters (migrations, bootstrap). */
  exec(sql: string): Promise<void>;
}

/** A Postgres the emulator runs on: embedded PGlite or a PostgreSQL server (`createEngine`). */
export interface Engine extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` inside BEGIN … COMMIT (ROLLBACK when it throws) on one session. PGlite is a single
   * session: its engine serialises transactions and queries.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to an unlisten function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
