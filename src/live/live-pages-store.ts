import type { Row } from './filter-eval.js';
import type { LiveStatus } from './live-store.js';
import type { LiveSpec } from './query-spec.js';
import { applyChange, keyOf, type RowChange } from './reconcile.js';
import { isOlder } from './row-version.js';
import { rowComparator, type OrderTerm } from './sort-order.js';
import { SortedView } from './sorted-view.js';

/** What {@link livePages} emits: the rows loaded so far, kept true by Realtime. */
export interface LivePagesState<R> {
  /** The loaded rows in `(orderBy, key)` order (a new array at each emission). */
  readonly rows: readonly R[];
  /** A further page exists past the loaded range (as the last page said). */
  readonly hasMore: boolean;
  /** `'connecting'` until the first page, `'live'`, `'resyncing'` after a drop, `'error'`. */
  readonly status: LiveStatus;
  /** A page (first, next or resync) is being fetched. */
  readonly loading: boolean;
  /** With `status: 'error'`: the channel's error or the failed page's. `rows` are kept. */
  readonly error?: unknown;
}

/** Which fetch: the first page, the next one, or the loaded range again (after a rejoin). */
export type PageKind = 'first' | 'next' | 'resync';

/** The inputs of the state machine. */
export type LivePagesEvent =
  | { readonly type: 'change'; readonly change: RowChange }
  | { readonly type: 'status'; readonly status: string; readonly error?: unknown }
  | { readonly type: 'pg-ready' }
  | { readonly type: 'next' }
  | { readonly type: 'fetch-start'; readonly kind: PageKind }
  | { readonly type: 'page'; readonly kind: PageKind; readonly rows: readonly Row[] }
  | { readonly type: 'fetch-error'; readonly error: unknown };

/** What the stream must do after an event. */
export interface LivePagesOutput {
  readonly emit: boolean;
  /** Fetch this (`'await-ready'`: start the wait for "Subscribed to PostgreSQL"). */
  readonly fetch: PageKind | 'await-ready' | null;
}

const NOTHING: LivePagesOutput = { emit: false, fetch: null };

/**
 * The state machine of {@link livePages}, without I/O. The loaded range runs from the start of
 * the order to the last row of the last page (its cursor), or to the end once a page said there
 * is no more. A change is applied when its row falls inside the range (a row that moves past the
 * end leaves). Changes seen while a page is in flight are buffered; when the page lands, its row
 * of a key such a change touched is skipped (the change is newer than the request), the other
 * rows go in, and the buffered changes are applied again against the new range.
 *
 * @example
 * ```ts
 * const store = new LivePagesStore(spec, order, 'id', 20);
 * store.handle({ type: 'status', status: 'SUBSCRIBED' }); // { emit: false, fetch: 'first' }
 * ```
 */
export class LivePagesStore {
  readonly #spec: LiveSpec;
  readonly #pk: readonly string[];
  readonly #pageSize: number;
  readonly #view: SortedView;
  readonly #compare: (a: Row, b: Row) => number;
  readonly #order: readonly OrderTerm[];
  readonly #waitForReady: boolean;
  readonly #versionColumn: string | undefined;
  /** The range spec: the query's filters and "not past the loaded end". */
  readonly #rangeSpec: LiveSpec;
  /** The last loaded row's cursor columns; `null` with `#hasMore` false: the range is unbounded. */
  #end: Row | null = null;
  #hasMore = true;
  #loaded = false;
  #fetching: PageKind | null = null;
  /** The page whose fetch failed last, until a page lands. */
  #failed: PageKind | null = null;
  #buffer: RowChange[] = [];
  #channelUp = false;
  #awaiting: PageKind | null = null;
  #status: LiveStatus = 'connecting';
  #error: unknown = undefined;
  #version = 0;
  #cache: { version: number; state: LivePagesState<Row> } | undefined;

  constructor(
    spec: LiveSpec,
    order: readonly OrderTerm[],
    key: string,
    pageSize: number,
    waitForReady = false,
    version?: string,
  ) {
    this.#versionColumn = version;
    this.#spec = spec;
    this.#pk = [key];
    this.#order = order;
    this.#pageSize = pageSize;
    this.#waitForReady = waitForReady;
    this.#compare = rowComparator(order, [key]);
    this.#view = new SortedView(this.#compare, (r) => keyOf(r, this.#pk)!);
    this.#rangeSpec = { ...spec, matches: (row) => spec.matches(row) && this.#inRange(row) };
  }

  /** The cursor `(orderBy value, key value)` of the loaded end, or `null` when unbounded. */
  get end(): Row | null {
    return this.#hasMore ? this.#end : null;
  }

  #inRange(row: Row): boolean {
    if (!this.#loaded) return false;
    if (!this.#hasMore) return true;
    return this.#end !== null && this.#compare(row, this.#end) <= 0;
  }

  handle(event: LivePagesEvent): LivePagesOutput {
    switch (event.type) {
      case 'status':
        return this.#onStatus(event.status, event.error);
      case 'pg-ready': {
        const kind = this.#awaiting;
        this.#awaiting = null;
        return kind === null ? NOTHING : { emit: false, fetch: kind };
      }
      case 'next':
        if (this.#fetching !== null || !this.#channelUp) return NOTHING;
        // After a failed page, `next$` asks for that page again.
        if (this.#failed !== null) return { emit: false, fetch: this.#failed };
        if (!this.#loaded || !this.#hasMore) return NOTHING;
        return { emit: false, fetch: 'next' };
      case 'fetch-start':
        this.#fetching = event.kind;
        this.#buffer = [];
        return this.#bump();
      case 'page':
        return this.#onPage(event.kind, event.rows);
      case 'fetch-error':
        this.#failed = this.#fetching;
        this.#fetching = null;
        this.#buffer = [];
        return this.#set('error', event.error);
      case 'change':
        return this.#onChange(event.change);
    }
  }

  #onStatus(status: string, error: unknown): LivePagesOutput {
    if (status === 'SUBSCRIBED') {
      this.#channelUp = true;
      const kind: PageKind = this.#loaded ? 'resync' : 'first';
      const out = this.#loaded ? this.#set('resyncing') : NOTHING;
      if (!this.#waitForReady) return { emit: out.emit, fetch: kind };
      this.#awaiting = kind;
      return { emit: out.emit, fetch: 'await-ready' };
    }
    if (!this.#channelUp && status === 'CLOSED') return NOTHING;
    this.#channelUp = false;
    this.#awaiting = null;
    if (status === 'CLOSED') return this.#set(this.#loaded ? 'resyncing' : 'connecting');
    return this.#set('error', error ?? new Error(`channel ${status}`));
  }

  #onChange(change: RowChange): LivePagesOutput {
    if (this.#fetching !== null) this.#buffer.push(change);
    if (!this.#loaded) return NOTHING;
    const r = this.#apply(change);
    if (!r.changed) return NOTHING;
    return this.#bump();
  }

  #onPage(kind: PageKind, fetched: readonly Row[]): LivePagesOutput {
    this.#fetching = null;
    this.#failed = null;
    const buffered = this.#buffer;
    this.#buffer = [];
    // Keys a change touched since the request started: the change is newer than the page.
    const touched = new Set<string>();
    for (const c of buffered) {
      for (const row of [c.old, c.new]) {
        const k = keyOf(row, this.#pk);
        if (k !== undefined) touched.add(k);
      }
    }
    const before = this.#view.rows;
    const fresh = (rows: readonly Row[]) =>
      rows.map((r) => this.#pick(r, touched)).filter((r) => r !== undefined);
    if (kind === 'resync') {
      // The whole loaded range again: what is not in it is gone.
      const rows = fresh(fetched);
      const got = new Set(rows.map((r) => keyOf(r, this.#pk)!));
      const kept = before.filter((r) => {
        const k = keyOf(r, this.#pk)!;
        return touched.has(k) && !got.has(k);
      });
      this.#view.reset([...rows, ...kept]);
    } else {
      const rows = fetched.slice(0, this.#pageSize);
      this.#hasMore = fetched.length > this.#pageSize;
      const last = rows[rows.length - 1];
      if (last !== undefined) this.#end = this.#cursorRow(last);
      for (const r of fresh(rows)) this.#view.upsert(r);
      this.#loaded = true;
    }
    for (const c of buffered) this.#apply(c);
    const status = this.#channelUp ? 'live' : this.#status === 'error' ? 'resyncing' : this.#status;
    this.#set(status);
    // `loading` turned false: always a new state.
    return this.#bump();
  }

  #apply(change: RowChange) {
    return applyChange(this.#view, this.#rangeSpec, this.#pk, change, {
      version: this.#versionColumn,
    });
  }

  /**
   * A page's row as it goes in. Without a version, the row of a key a change touched since the
   * request started is not taken (the change is at least as new); with one, the newer row is.
   */
  #pick(fetched: Row, touched: ReadonlySet<string>): Row | undefined {
    const row = this.#spec.project(fetched);
    const key = keyOf(row, this.#pk)!;
    if (this.#versionColumn === undefined) return touched.has(key) ? undefined : row;
    const shown = this.#view.get(key);
    return isOlder(row, shown, this.#versionColumn) ? shown : row;
  }

  #cursorRow(row: Row): Row {
    const out: Row = {};
    for (const t of this.#order) out[t.column] = row[t.column];
    out[this.#pk[0]!] = row[this.#pk[0]!];
    return out;
  }

  #bump(): LivePagesOutput {
    this.#version++;
    return { emit: true, fetch: null };
  }

  #set(status: LiveStatus, error?: unknown): LivePagesOutput {
    const emit = status !== this.#status || error !== this.#error;
    this.#status = status;
    this.#error = status === 'error' ? error : undefined;
    if (emit) this.#version++;
    return emit ? { emit: true, fetch: null } : NOTHING;
  }

  /** The public state, one object per version. */
  state<R>(): LivePagesState<R> {
    if (this.#cache?.version !== this.#version) {
      const state: LivePagesState<Row> = {
        rows: this.#view.rows,
        hasMore: this.#hasMore,
        status: this.#status,
        loading: this.#fetching !== null,
        ...(this.#status === 'error' ? { error: this.#error } : {}),
      };
      this.#cache = { version: this.#version, state };
    }
    return this.#cache.state as unknown as LivePagesState<R>;
  }
}
