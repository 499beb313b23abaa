import { AsyncResource } from 'node:async_hooks';
import type { EmulatorContext, RequestAuth } from '../../context.js';
import { CAPTURE_CHANNEL } from './capture-sql.js';
import { ChangeFeedError, invalidFilterColumn, unableToSubscribe } from './change-feed-error.js';
import { parseChangeFilters, passesChangeFilter, type ChangeFilter } from './change-filter.js';
import { changeData, type CapturedChange, type ChangeData } from './change-row.js';
import { publishedTables, type PublishedTable } from './published-tables.js';
import { visibleToSubscriber, type RlsCandidate } from './rls-check.js';

export { ChangeFeedError } from './change-feed-error.js';
export type { ChangeData } from './change-row.js';
export { installChangeCapture } from './install-capture.js';

/** One `postgres_changes` binding of a channel's join. */
export interface ChangeBinding {
  event: 'INSERT' | 'UPDATE' | 'DELETE' | '*';
  schema: string;
  table?: string;
  filter?: string;
}

/** A live subscription of one channel's bindings. */
export interface ChangeSubscriber {
  /** The server ids, one per binding, in binding order (Realtime echoes them in the join reply). */
  readonly ids: number[];
  /** Re-checks later deliveries with new claims (access_token push). */
  setAuth(auth: RequestAuth): void;
  unsubscribe(): void;
}

/** The Postgres changes of the published tables, per subscriber, in commit order. */
export interface ChangeFeed {
  /**
   * Validates the bindings (bad filter → ChangeFeedError with Realtime's reason text), installs
   * capture on the tables, and resolves once changes committed from now on are delivered.
   * onChange gets the ids of the matching bindings.
   */
  subscribe(
    bindings: ChangeBinding[],
    auth: RequestAuth,
    onChange: (ids: number[], data: ChangeData) => void,
  ): Promise<ChangeSubscriber>;
  close(): Promise<void>;
}

interface ResolvedBinding {
  id: number;
  event: ChangeBinding['event'];
  schema: string;
  table?: string;
  filters: ChangeFilter[];
}

interface Subscription {
  bindings: ResolvedBinding[];
  auth: RequestAuth;
  onChange: (ids: number[], data: ChangeData) => void;
}

const BATCH = 500;
const EVENTS = new Set(['INSERT', 'UPDATE', 'DELETE', '*']);

function matchingIds(sub: Subscription, data: ChangeData, table: PublishedTable): number[] {
  const row = data.type === 'DELETE' ? data.old_record : data.record;
  return sub.bindings
    .filter(
      (b) =>
        (b.event === '*' || b.event === data.type) &&
        b.schema === data.schema &&
        (b.table === undefined || b.table === data.table) &&
        b.filters.every((f) =>
          passesChangeFilter(
            f,
            row,
            table.columns.find((c) => c.name === f.column)?.type ?? 'text',
          ),
        ),
    )
    .map((b) => b.id);
}

/**
 * Starts the feed on a database the emulator bootstrapped (which holds the publication and the
 * capture queue, see `installChangeCapture`) and LISTENs for captured changes. One feed per
 * database: it owns the queue, emptying it as it delivers. Each subscriber gets the changes of the tables its
 * bindings name (tables in the publication), filtered, and checked against RLS under its role
 * and claims at delivery, as Supabase's walrus does.
 *
 * @example
 * ```ts
 * const feed = await createChangeFeed(ctx);
 * const sub = await feed.subscribe([{ event: '*', schema: 'public', table: 'msgs' }], auth, (ids, data) => send(ids, data));
 * sub.unsubscribe();
 * await feed.close();
 * ```
 */
export async function createChangeFeed(ctx: EmulatorContext): Promise<ChangeFeed> {
  const db = ctx.engine;
  // Changes captured while no feed ran have no one to go to.
  await db.query('delete from realtime.emulator_changes');
  const subs = new Set<Subscription>();
  const tables = new Map<number, PublishedTable>();
  let generation = ctx.schemaGeneration();
  let nextId = 1000 + Math.floor(Math.random() * 1_000_000);
  const pending: string[] = [];
  let draining: Promise<void> | undefined;
  let closed = false;

  async function tableOf(change: CapturedChange): Promise<PublishedTable | undefined> {
    if (ctx.schemaGeneration() !== generation) {
      generation = ctx.schemaGeneration();
      tables.clear();
    }
    let table = tables.get(change.relid);
    if (!table) {
      const found = await publishedTables(db, change.schema_name, change.table_name, false);
      table = found.tables[0];
      if (table) tables.set(change.relid, table);
    }
    return table;
  }

  async function deliver(ids: string[]): Promise<void> {
    const { rows } = await db.query<CapturedChange>(
      `select id::text as id, relid::int as relid, schema_name, table_name, type, record,
              old_record, commit_timestamp
         from realtime.emulator_changes where id = any($1::bigint[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const changes: RlsCandidate[] = [];
    for (const id of ids) {
      const change = byId.get(id);
      const table = change && (await tableOf(change));
      if (change && table) changes.push({ data: changeData(change, table), table });
    }
    for (const sub of [...subs]) {
      const matched = changes
        .map((c) => ({ ...c, ids: matchingIds(sub, c.data, c.table) }))
        .filter((c) => c.ids.length > 0);
      if (matched.length === 0) continue;
      const visible = await visibleToSubscriber(ctx, sub.auth, matched);
      matched.forEach((c, i) => {
        if (!visible[i] || !subs.has(sub)) return;
        // A failing subscriber must not cost the others their changes.
        try {
          sub.onChange(c.ids, c.data);
        } catch {
          /* the channel server reports its own errors */
        }
      });
    }
    await db.query('delete from realtime.emulator_changes where id = any($1::bigint[])', [ids]);
  }

  async function drain(): Promise<void> {
    while (pending.length > 0 && !closed) {
      // A failed batch (the database closing) must not stop later ones.
      await deliver(pending.splice(0, BATCH)).catch(() => undefined);
    }
    draining = undefined;
  }

  // PGlite calls listeners from inside the query that notified (one of its serial jobs): the
  // drain must run in the feed's own async context, or its queries would wait on that job.
  const scope = new AsyncResource('supabase-rx-change-feed');
  const unlisten = await db.listen(CAPTURE_CHANNEL, (payload) => {
    pending.push(payload.trim());
    draining ??= scope.runInAsyncScope(drain);
  });

  async function resolve(binding: ChangeBinding): Promise<ResolvedBinding> {
    const { schema, table } = binding;
    const event = String(binding.event).toUpperCase() as ChangeBinding['event'];
    if (!EVENTS.has(event) || typeof schema !== 'string' || schema === '')
      throw unableToSubscribe(binding);
    let filters: ChangeFilter[] = [];
    if (binding.filter !== undefined && binding.filter.trim() !== '') {
      const parsed = parseChangeFilters(binding.filter);
      if (typeof parsed === 'string') throw new ChangeFeedError(parsed);
      filters = parsed;
    }
    const found = await publishedTables(db, schema, table);
    if (table !== undefined && found.tables.length === 0) throw unableToSubscribe(binding, filters);
    for (const t of found.tables) tables.set(t.relid, t);
    const unknown = filters.find((f) => !found.tables[0]?.columns.some((c) => c.name === f.column));
    if (unknown && table !== undefined) throw invalidFilterColumn(binding, filters, unknown.column);
    return { id: nextId++, event, schema, table, filters };
  }

  return {
    async subscribe(bindings, auth, onChange) {
      if (closed) throw new Error('The change feed is closed.');
      const resolved: ResolvedBinding[] = [];
      for (const b of bindings) resolved.push(await resolve(b));
      const sub: Subscription = { bindings: resolved, auth, onChange };
      subs.add(sub);
      return {
        ids: resolved.map((b) => b.id),
        setAuth(next) {
          sub.auth = next;
        },
        unsubscribe() {
          subs.delete(sub);
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      subs.clear();
      await draining;
      await unlisten().catch(() => undefined);
    },
  };
}
