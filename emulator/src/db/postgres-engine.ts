import pg from 'pg';
import type { Engine, Queryable, QueryResult } from './engine.js';

// Parse bigint the way PGlite does (a number while it is exact, else a string), so that both
// engines give callers the same values. Other types keep node-postgres's defaults, which PGlite
// shares (numeric as a string, json parsed, timestamps as Date).
const INT8 = 20;
const INT8_ARRAY = 1016;
function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return parseInt8;
    if (oid === INT8_ARRAY) {
      const parseArray = pg.types.getTypeParser(1009 as never); // text[]: keeps each item exact
      return (text: string) => mapDeep(parseArray(text), (v) => parseInt8(String(v)));
    }
    return pg.types.getTypeParser(oid, format);
  },
};

function mapDeep(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapDeep(v, fn));
  return value === null ? null : fn(value);
}

function normalise<R>(result: pg.QueryResult): QueryResult<R> {
  return {
    rows: result.rows as R[],
    fields: (result.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rowCount: result.rowCount ?? result.rows.length,
  };
}

/**
 * A transaction's session that sends `BEGIN` with its first statement: one round trip fewer per
 * transaction when that statement has no parameters (one simple-protocol message; Postgres runs
 * what follows an explicit `BEGIN` inside that transaction). A request's settings are such a
 * statement (`runAs`): 4 → 3 round trips per small select, measured in issue 12.
 */
function transactionSession(client: pg.PoolClient): Queryable & { begun: boolean } {
  const session = {
    begun: false,
    async query<R>(sql: string, params?: unknown[]) {
      if (!session.begun) {
        session.begun = true;
        if (!params || params.length === 0) {
          const results: pg.QueryResult | pg.QueryResult[] = await client.query(`begin;\n${sql}`);
          return normalise<R>(Array.isArray(results) ? results[results.length - 1]! : results);
        }
        await client.query('begin');
      }
      return normalise<R>(await client.query(sql, params));
    },
    async exec(sql: string) {
      const text = session.begun ? sql : `begin;\n${sql}`;
      session.begun = true;
      await client.query(text);
    },
  };
  return session;
}

/** Options of the PostgreSQL server engine. */
export interface PostgresEngineOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Pool size (default 10). */
  max?: number;
}

/**
 * A PostgreSQL server reached by URL, through a `pg` pool. Each transaction runs on one
 * checked-out connection, so requests run side by side as they would behind PostgREST.
 *
 * @example
 * ```ts
 * const engine = await createPostgresEngine({ url: 'postgres://postgres:postgres@127.0.0.1:5432/app' });
 * await engine.transaction((tx) => tx.query('insert into notes(body) values ($1)', ['hi']));
 * await engine.close();
 * ```
 */
export async function createPostgresEngine(options: PostgresEngineOptions): Promise<Engine> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types: typeParsers,
    // Supabase's search path for the postgres role: extensions resolve without a schema.
    options: '-c search_path="$user",public,extensions',
  });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', () => undefined);
  // Fail at start-up, with the server's message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const listeners = new Set<pg.PoolClient>();
  let closed = false;
  const guard = () => {
    if (closed) throw new Error('The database engine is closed.');
  };

  return {
    kind: 'postgres',
    async query<R = Record<string, unknown>>(sql: string, params?: unknown[]) {
      guard();
      return normalise<R>(await pool.query(sql, params));
    },
    async exec(sql: string) {
      guard();
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard();
      const client = await pool.connect();
      let broken: Error | undefined;
      const session = transactionSession(client);
      try {
        const result = await fn(session);
        if (session.begun) await client.query('commit');
        return result;
      } catch (error) {
        if (session.begun) await client.query('rollback').catch((e: Error) => (broken = e));
        throw error;
      } finally {
        // A connection that could not even roll back is not given back to the pool.
        client.release(broken);
      }
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      guard();
      const client = await pool.connect();
      const quoted = `"${channel.replaceAll('"', '""')}"`;
      const handler = (msg: pg.Notification) => {
        if (msg.channel === channel) onNotify(msg.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`listen ${quoted}`);
      listeners.add(client);
      return async () => {
        if (!listeners.delete(client)) return;
        client.off('notification', handler);
        await client.query(`unlisten ${quoted}`).catch(() => undefined);
        client.release();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const client of listeners) client.release();
      listeners.clear();
      await pool.end();
    },
  };
}
