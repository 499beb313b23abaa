import type { Row } from './filter-eval.js';
import type { LiveSpec } from './query-spec.js';
import { applyChange, keyOf, type RowChange } from './reconcile.js';
import { rowComparator } from './sort-order.js';
import { SortedView } from './sorted-view.js';

/** The status of a live query. */
export type LiveStatus = 'connecting' | 'live' | 'resyncing' | 'error';

/**
 * What a live query emits: the rows, the status, and how it keeps them (`mode`).
 *
 * - `mode: 'incremental'`: changes are evaluated on the client (filters, order, window).
 * - `mode: 'refetch'`: the query cannot be evaluated on the client (`reason` says why), so any
 *   change of the table refetches it (coalesced).
 */
export interface LiveQueryState<R> {
  readonly data: readonly R[];
  readonly status: LiveStatus;
  /** Set while `status` is `'error'`: the channel's or the last fetch's error. */
  readonly error?: unknown;
  readonly mode: 'incremental' | 'refetch';
  readonly reason?: string;
  /**
   * The snapshot had as many rows as the server's row cap (`maxRows`, PostgREST's default
   * 1,000) and no smaller `limit` was asked: the table may hold more than `data` shows.
   */
  readonly capped: boolean;
}

/** The inputs of a live query's state machine. */
export type LiveEvent =
  | { readonly type: 'change'; readonly change: RowChange }
  | { readonly type: 'status'; readonly status: string; readonly error?: unknown }
  | { readonly type: 'fetch-start' }
  | { readonly type: 'snapshot'; readonly rows: readonly Row[] }
  | { readonly type: 'fetch-error'; readonly error: unknown }
  /** Realtime's "Subscribed to PostgreSQL" (or the wait for it timed out). */
  | { readonly type: 'pg-ready' };

/** What the stream must do after an event. */
export interface LiveOutput {
  /** The public state changed. */
  readonly emit: boolean;
  /**
   * `'now'`: (re)fetch at once; `'later'`: a coalesced refetch; `'await-ready'`: joined, start
   * the wait for Realtime's confirmation that the change feed is on (then `pg-ready`).
   */
  readonly fetch: 'now' | 'later' | 'await-ready' | null;
}

/**
 * The state machine of a live query, without I/O: fed the channel's statuses and changes and the
 * snapshots the stream fetches, it keeps the view and says when to fetch and when to emit.
 * Changes that arrive while a fetch is in flight are buffered and applied on top of its
 * snapshot (by primary key, so applying one the snapshot already has is harmless).
 *
 * @example
 * ```ts
 * const store = new LiveStore(spec, ['id'], 1000);
 * store.handle({ type: 'status', status: 'SUBSCRIBED' }); // { emit: false, fetch: 'now' }
 * ```
 */
export class LiveStore {
  readonly #spec: LiveSpec;
  readonly #pk: readonly string[];
  readonly #maxRows: number;
  readonly #view: SortedView;
  #buffer: RowChange[] | null = [];
  #hasSnapshot = false;
  #channelUp = false;
  #joinedOnce = false;
  #fetching = false;
  #dirty = false;
  #status: LiveStatus = 'connecting';
  #error: unknown = undefined;
  #capped = false;
  #limit: number | undefined;
  #version = 0;
  #cache: { version: number; state: LiveQueryState<Row> } | undefined;
  readonly #waitForReady: boolean;
  readonly #versionColumn: string | undefined;
  #awaitingReady = false;

  /**
   * `waitForReady`: after each join, fetch only once `pg-ready` comes (see `LiveOutput`).
   * `version`: liveQuery's option of that name (a change older than the shown row is dropped).
   */
  constructor(
    spec: LiveSpec,
    primaryKey: readonly string[],
    maxRows: number,
    waitForReady = false,
    version?: string,
  ) {
    this.#waitForReady = waitForReady;
    this.#versionColumn = version;
    this.#spec = spec;
    this.#pk = primaryKey;
    this.#maxRows = maxRows;
    this.#limit = spec.limit;
    this.#view = new SortedView(rowComparator(spec.order, primaryKey), (r) =>
      keyOf(r, primaryKey)!,
    );
  }

  get #incremental(): boolean {
    return this.#spec.refetchReason === undefined;
  }

  handle(event: LiveEvent): LiveOutput {
    switch (event.type) {
      case 'status':
        return this.#onStatus(event.status, event.error);
      case 'fetch-start':
        this.#fetching = true;
        this.#buffer ??= [];
        return { emit: false, fetch: null };
      case 'fetch-error':
        this.#fetching = false;
        // The next snapshot is taken after every change seen so far: nothing to replay.
        this.#buffer = null;
        return this.#set('error', event.error, false);
      case 'snapshot':
        return this.#onSnapshot(event.rows);
      case 'change':
        return this.#onChange(event.change);
      case 'pg-ready':
        if (!this.#awaitingReady) return NOTHING;
        this.#awaitingReady = false;
        return { emit: false, fetch: 'now' };
    }
  }

  #onStatus(status: string, error: unknown): LiveOutput {
    if (status === 'SUBSCRIBED') {
      this.#channelUp = true;
      this.#joinedOnce = true;
      const out = this.#hasSnapshot ? this.#set('resyncing', undefined, false) : NOTHING;
      this.#awaitingReady = this.#waitForReady;
      return { emit: out.emit, fetch: this.#waitForReady ? 'await-ready' : 'now' };
    }
    if (!this.#joinedOnce && status === 'CLOSED') return NOTHING;
    this.#channelUp = false;
    this.#awaitingReady = false;
    if (status === 'CLOSED') return this.#set(this.#hasSnapshot ? 'resyncing' : 'connecting');
    return this.#set('error', error ?? new Error(`channel ${status}`));
  }

  #onSnapshot(rows: readonly Row[]): LiveOutput {
    this.#fetching = false;
    const before = this.#view.rows;
    const { limit } = this.#spec;
    this.#capped = rows.length >= this.#maxRows && (limit === undefined || limit > this.#maxRows);
    this.#limit = this.#capped ? Math.min(limit ?? rows.length, rows.length) : limit;
    this.#view.reset(rows);
    let fetch: LiveOutput['fetch'] = null;
    const buffered = this.#buffer ?? [];
    this.#buffer = null;
    if (this.#incremental) {
      for (const change of buffered) {
        if (this.#apply(change).refill) fetch = 'later';
      }
    } else if (this.#dirty) fetch = 'later';
    this.#dirty = false;
    this.#hasSnapshot = true;
    const changed = !sameRows(before, this.#view.rows);
    const out = this.#set(this.#channelUp ? 'live' : this.#status, this.#error, changed);
    return { emit: out.emit, fetch };
  }

  #onChange(change: RowChange): LiveOutput {
    if (!this.#incremental) {
      if (this.#fetching || !this.#hasSnapshot) {
        this.#dirty = true;
        return NOTHING;
      }
      return { emit: false, fetch: 'later' };
    }
    this.#buffer?.push(change);
    if (!this.#hasSnapshot) return NOTHING;
    const r = this.#apply(change);
    if (r.changed) this.#version++;
    return { emit: r.changed, fetch: r.refill ? 'later' : null };
  }

  /** Without a window (no `limit`, not capped) the view holds every row of the query. */
  #apply(change: RowChange) {
    const limit = this.#limit;
    return applyChange(this.#view, this.#spec, this.#pk, change, {
      limit,
      complete: limit === undefined,
      version: this.#versionColumn,
    });
  }

  #set(status: LiveStatus, error?: unknown, changed = false): LiveOutput {
    const emit = changed || status !== this.#status || error !== this.#error;
    this.#status = status;
    this.#error = status === 'error' ? error : undefined;
    if (emit) this.#version++;
    return emit ? EMIT : NOTHING;
  }

  /** The public state, one object per version (so unchanged state is the same object). */
  state<R>(): LiveQueryState<R> {
    if (this.#cache?.version !== this.#version) {
      const state: LiveQueryState<Row> = {
        data: this.#view.rows,
        status: this.#status,
        ...(this.#status === 'error' ? { error: this.#error } : {}),
        mode: this.#incremental ? 'incremental' : 'refetch',
        ...(this.#spec.refetchReason ? { reason: this.#spec.refetchReason } : {}),
        capped: this.#capped,
      };
      this.#cache = { version: this.#version, state };
    }
    return this.#cache.state as unknown as LiveQueryState<R>;
  }
}

const NOTHING: LiveOutput = { emit: false, fetch: null };
const EMIT: LiveOutput = { emit: true, fetch: null };

function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  }
  return true;
}
