import type { Row } from './filter-eval.js';
import type { LiveSpec } from './query-spec.js';
import { isOlder } from './row-version.js';
import type { SortedView } from './sorted-view.js';

/** A row change as Realtime delivers it (realtime-js's `postgres_changes` payload). */
export interface RowChange {
  readonly eventType: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly new: Row;
  readonly old: Row;
}

/** How a view is kept (see {@link applyChange}). */
export interface ApplyOptions {
  /** The window of a `limit` query. */
  readonly limit?: number;
  /** The view holds every row of the query (no window, not capped). */
  readonly complete?: boolean;
  /** A column every write increases: a change older than the shown row is dropped. */
  readonly version?: string;
}

/** What applying one change did. */
export interface ApplyResult {
  /** The view's rows changed. */
  readonly changed: boolean;
  /** The window of a `limit` query may now miss rows the server has: refetch it. */
  readonly refill: boolean;
}

/** The key of a row as a string (composite keys as a JSON array), or `undefined` if incomplete. */
export function keyOf(row: Row, primaryKey: readonly string[]): string | undefined {
  if (primaryKey.length === 1) {
    const v = row[primaryKey[0]!];
    return v === undefined || v === null ? undefined : JSON.stringify(v);
  }
  const vs = primaryKey.map((k) => row[k]);
  return vs.some((v) => v === undefined || v === null) ? undefined : JSON.stringify(vs);
}

/**
 * Applies one change to a live view: a row that now matches the filters is inserted or moved to
 * its place, one that no longer does (or is deleted; a DELETE may carry only the key) is removed.
 * With a `limit` (the window), a full window keeps `limit` rows: a row pushed past the end goes,
 * and a row that leaves — or moves to the last place, where rows beyond the window might now
 * come first, so it is taken out until the refill says — asks for a refill.
 *
 * `complete`: the view holds every row of the query (no window, not capped). Then an UPDATE of a
 * row the view lacks, though the change shows the row belonged before it, is an old change that
 * arrived after a snapshot read once the row was gone, and is dropped (see `belongedBefore`).
 *
 * `version`: an INSERT or UPDATE whose row is older than the shown one (by that column) arrived
 * after a snapshot that already had a later write, and is dropped.
 *
 * @example
 * ```ts
 * applyChange(view, spec, ['id'], { eventType: 'DELETE', new: {}, old: { id: 3 } }, { limit: 10 });
 * // { changed: true, refill: false } when row 3 was shown
 * ```
 */
export function applyChange(
  view: SortedView,
  spec: LiveSpec,
  primaryKey: readonly string[],
  change: RowChange,
  options: ApplyOptions = {},
): ApplyResult {
  const { limit, complete = false, version } = options;
  const full = limit !== undefined && view.size >= limit;
  const oldKey = keyOf(change.old, primaryKey);
  if (change.eventType === 'DELETE') {
    const removed = oldKey !== undefined && view.remove(oldKey) >= 0;
    return { changed: removed, refill: removed && full };
  }
  const key = keyOf(change.new, primaryKey);
  if (key !== undefined && isOlder(change.new, view.get(key), version)) return UNCHANGED;
  let removed = false;
  // An UPDATE that changed the key: the old row goes.
  if (oldKey !== undefined && oldKey !== key) removed = view.remove(oldKey) >= 0;
  if (key === undefined) return { changed: removed, refill: removed && full };
  if (!spec.matches(change.new)) {
    removed = view.remove(key) >= 0 || removed;
    return { changed: removed, refill: removed && full };
  }
  const wasShown = view.get(key) !== undefined;
  if (
    !wasShown &&
    !removed &&
    change.eventType === 'UPDATE' &&
    complete &&
    belongedBefore(spec, change)
  ) {
    // The row was in the query's rows before this update, yet the view (a complete one: no
    // window) does not have it: the snapshot was read after the row was deleted or left, and
    // this is an older change that reached us after it. Showing it would bring the row back
    // until the change that took it out arrives.
    return UNCHANGED;
  }
  const at = view.upsert(spec.project(change.new));
  if (limit === undefined) return { changed: true, refill: false };
  if (view.size > limit) {
    const dropped = view.pop();
    // Past the end of a full window: a row we do not show (it was not shown before either).
    if (dropped !== undefined && keyOf(dropped, primaryKey) === key && !wasShown && !removed) {
      return { changed: false, refill: false };
    }
    return { changed: true, refill: wasShown && at >= limit };
  }
  if ((wasShown || removed) && full && at === view.size - 1) {
    // Rows beyond the window may now come before it: it is not known to be in the window, so
    // it goes until the refill says (the view shows only rows known to belong).
    view.remove(key);
    return { changed: true, refill: true };
  }
  return { changed: true, refill: false };
}

const UNCHANGED: ApplyResult = { changed: false, refill: false };

/**
 * An UPDATE's row was one of the query's rows before it, as far as the change tells: every row
 * is when the query has no filter; with filters, only an `old` row with every column (`REPLICA
 * IDENTITY FULL`) that passed them tells.
 */
function belongedBefore(spec: LiveSpec, change: RowChange): boolean {
  if (!spec.filtered) return true;
  const old = Object.keys(change.old);
  return old.length >= Object.keys(change.new).length && spec.matches(change.old);
}
