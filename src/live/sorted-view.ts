import type { Row } from './filter-eval.js';

/**
 * The rows of a live query, kept in the query's order: a sorted array plus a key → row map.
 * Finding a row's place is a binary search (O(log n) comparisons); inserting or removing it is
 * one `splice` (a memory move, no comparisons). The comparator must be a total order (the
 * primary key breaks ties), so a row's current place is found by searching for the row itself.
 *
 * @example
 * ```ts
 * const view = new SortedView((a, b) => (a.id as number) - (b.id as number), (r) => String(r.id));
 * view.upsert({ id: 2 }); view.upsert({ id: 1 });
 * view.rows; // [{ id: 1 }, { id: 2 }]
 * ```
 */
export class SortedView {
  readonly #rows: Row[] = [];
  readonly #byKey = new Map<string, Row>();
  readonly #compare: (a: Row, b: Row) => number;
  readonly #keyOf: (row: Row) => string;

  constructor(compare: (a: Row, b: Row) => number, keyOf: (row: Row) => string) {
    this.#compare = compare;
    this.#keyOf = keyOf;
  }

  /** The rows in order. Read-only: callers copy it before handing it out. */
  get rows(): readonly Row[] {
    return this.#rows;
  }

  get size(): number {
    return this.#rows.length;
  }

  get(key: string): Row | undefined {
    return this.#byKey.get(key);
  }

  /** The index of the first row not before `row` (binary search). */
  #lowerBound(row: Row): number {
    let lo = 0;
    let hi = this.#rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(this.#rows[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where the row with `key` is, or -1. */
  indexOfKey(key: string): number {
    const row = this.#byKey.get(key);
    if (row === undefined) return -1;
    const i = this.#lowerBound(row);
    return this.#rows[i] === row ? i : -1;
  }

  /** Inserts `row` or replaces the row with its key; gives the row's index afterwards. */
  upsert(row: Row): number {
    const key = this.#keyOf(row);
    const old = this.#byKey.get(key);
    if (old !== undefined) {
      const at = this.#lowerBound(old);
      // Same place: replace in place, no move.
      const before = at > 0 ? this.#rows[at - 1] : undefined;
      const after = this.#rows[at + 1];
      if (
        (before === undefined || this.#compare(before, row) < 0) &&
        (after === undefined || this.#compare(row, after) < 0)
      ) {
        this.#rows[at] = row;
        this.#byKey.set(key, row);
        return at;
      }
      this.#rows.splice(at, 1);
    }
    const i = this.#lowerBound(row);
    this.#rows.splice(i, 0, row);
    this.#byKey.set(key, row);
    return i;
  }

  /** Removes the row with `key`; gives its former index, or -1 if absent. */
  remove(key: string): number {
    const i = this.indexOfKey(key);
    if (i < 0) return -1;
    this.#rows.splice(i, 1);
    this.#byKey.delete(key);
    return i;
  }

  /** Removes and returns the last row. */
  pop(): Row | undefined {
    const row = this.#rows.pop();
    if (row !== undefined) this.#byKey.delete(this.#keyOf(row));
    return row;
  }

  /** Replaces every row (a snapshot): sorted once, O(n log n). */
  reset(rows: readonly Row[]): void {
    this.#rows.length = 0;
    this.#byKey.clear();
    for (const r of rows) this.#byKey.set(this.#keyOf(r), r);
    for (const r of this.#byKey.values()) this.#rows.push(r);
    this.#rows.sort(this.#compare);
  }
}
