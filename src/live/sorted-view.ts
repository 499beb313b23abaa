import type { Row } from './filter-eval.js';

/** Rows per block after a split or a reset; a block splits past twice this. */
const HALF = 128;

/**
 * The rows of a live query, kept in the query's order: sorted blocks of at most `2 × half` rows
 * (a two-level sorted list) plus a key → row map. Finding a row's place is a binary search over
 * the blocks' last rows, then within one block (O(log n) comparisons); inserting or removing it
 * is a `splice` of that block only. One flat array of 10,000 rows made every move shift up to
 * 10,000 slots (5–10 µs per change, most of liveQuery's cost in `bench/live-query.ts`). A row's
 * index is the sum of the sizes of the blocks before it (n / half additions, no comparisons).
 * The comparator must be a total order (the primary key breaks ties), so a row's current place is
 * found by searching for the row itself.
 *
 * @example
 * ```ts
 * const view = new SortedView((a, b) => (a.id as number) - (b.id as number), (r) => String(r.id));
 * view.upsert({ id: 2 }); view.upsert({ id: 1 });
 * view.rows; // [{ id: 1 }, { id: 2 }]
 * ```
 */
export class SortedView {
  #blocks: Row[][] = [];
  #size = 0;
  /** `rows`, built on demand and kept until the next change. */
  #flat: readonly Row[] | undefined;
  readonly #byKey = new Map<string, Row>();
  readonly #compare: (a: Row, b: Row) => number;
  readonly #keyOf: (row: Row) => string;
  readonly #half: number;

  /** `half`: block size after a split (tests pass a small one to exercise splits and merges). */
  constructor(compare: (a: Row, b: Row) => number, keyOf: (row: Row) => string, half = HALF) {
    this.#compare = compare;
    this.#keyOf = keyOf;
    this.#half = Math.max(1, Math.floor(half));
  }

  /**
   * The rows in order: a new array after each change, the same one until the next (never mutated
   * afterwards, so it can be handed out as is).
   */
  get rows(): readonly Row[] {
    // `concat` copies as fast as one `slice` of a flat array; `flat()` and a push loop are 4–10×
    // slower in V8 (bench/live-query.ts measures it per frame).
    this.#flat ??= ([] as Row[]).concat(...this.#blocks);
    return this.#flat;
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): Row | undefined {
    return this.#byKey.get(key);
  }

  /** The block that holds (or would hold) `row`: the first whose last row is not before it. */
  #blockOf(row: Row): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid]!;
      if (this.#compare(block[block.length - 1]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index in `block` of the first row not before `row`. */
  #lowerBound(block: readonly Row[], row: Row): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(block[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #offset(b: number): number {
    let n = 0;
    for (let j = 0; j < b; j++) n += this.#blocks[j]!.length;
    return n;
  }

  /** Where `row` (a row of the view) is: [block, index in block], or null. */
  #locate(row: Row): [number, number] | null {
    if (this.#blocks.length === 0) return null;
    const b = this.#blockOf(row);
    const i = this.#lowerBound(this.#blocks[b]!, row);
    return this.#blocks[b]![i] === row ? [b, i] : null;
  }

  /** Where the row with `key` is, or -1. */
  indexOfKey(key: string): number {
    const row = this.#byKey.get(key);
    const at = row === undefined ? null : this.#locate(row);
    return at === null ? -1 : this.#offset(at[0]) + at[1];
  }

  /** Inserts `row` or replaces the row with its key; gives the row's index afterwards. */
  upsert(row: Row): number {
    const key = this.#keyOf(row);
    const old = this.#byKey.get(key);
    this.#byKey.set(key, row);
    this.#flat = undefined;
    const at = old === undefined ? null : this.#locate(old);
    if (at !== null) {
      const [b, i] = at;
      const block = this.#blocks[b]!;
      // Same place: replace in place, no move.
      const before = i > 0 ? block[i - 1] : this.#blocks[b - 1]?.at(-1);
      const after = i + 1 < block.length ? block[i + 1] : this.#blocks[b + 1]?.[0];
      if (
        (before === undefined || this.#compare(before, row) < 0) &&
        (after === undefined || this.#compare(row, after) < 0)
      ) {
        block[i] = row;
        return this.#offset(b) + i;
      }
      this.#removeAt(b, i);
    }
    this.#size++;
    if (this.#blocks.length === 0) {
      this.#blocks.push([row]);
      return 0;
    }
    const b = this.#blockOf(row);
    const block = this.#blocks[b]!;
    const i = this.#lowerBound(block, row);
    block.splice(i, 0, row);
    if (block.length > 2 * this.#half) this.#blocks.splice(b + 1, 0, block.splice(this.#half));
    return this.#offset(b) + i;
  }

  /** Removes the row with `key`; gives its former index, or -1 if absent. */
  remove(key: string): number {
    const row = this.#byKey.get(key);
    const at = row === undefined ? null : this.#locate(row);
    if (at === null) return -1;
    const index = this.#offset(at[0]) + at[1];
    this.#byKey.delete(key);
    this.#flat = undefined;
    this.#removeAt(at[0], at[1]);
    return index;
  }

  /** Takes out the row at [b, i]; drops an empty block, merges a small one into the next. */
  #removeAt(b: number, i: number): void {
    const block = this.#blocks[b]!;
    block.splice(i, 1);
    this.#size--;
    if (block.length === 0) this.#blocks.splice(b, 1);
    else if (block.length < this.#half / 2) {
      const next = this.#blocks[b + 1];
      if (next !== undefined && block.length + next.length <= 2 * this.#half) {
        for (const r of next) block.push(r);
        this.#blocks.splice(b + 1, 1);
      }
    }
  }

  /** Removes and returns the last row. */
  pop(): Row | undefined {
    const last = this.#blocks.length - 1;
    if (last < 0) return undefined;
    const row = this.#blocks[last]!.at(-1)!;
    this.#byKey.delete(this.#keyOf(row));
    this.#flat = undefined;
    this.#removeAt(last, this.#blocks[last]!.length - 1);
    return row;
  }

  /** Replaces every row (a snapshot): sorted once, O(n log n). */
  reset(rows: readonly Row[]): void {
    this.#byKey.clear();
    for (const r of rows) this.#byKey.set(this.#keyOf(r), r);
    const sorted = [...this.#byKey.values()].sort(this.#compare);
    this.#blocks = [];
    for (let i = 0; i < sorted.length; i += this.#half) {
      this.#blocks.push(sorted.slice(i, i + this.#half));
    }
    this.#size = sorted.length;
    this.#flat = undefined;
  }
}
