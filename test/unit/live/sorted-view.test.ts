import { describe, expect, it } from 'vitest';
import { parseOrder, rowComparator } from '../../../src/live/sort-order.js';
import { SortedView } from '../../../src/live/sorted-view.js';

const key = (r: Record<string, unknown>) => String(r.id);

describe('parseOrder', () => {
  it.each([
    ['year', [{ column: 'year', ascending: true, nullsFirst: false }]],
    ['year.desc', [{ column: 'year', ascending: false, nullsFirst: true }]],
    ['year.desc.nullslast', [{ column: 'year', ascending: false, nullsFirst: false }]],
    ['year.asc.nullsfirst', [{ column: 'year', ascending: true, nullsFirst: true }]],
    [
      'a,b.desc',
      [
        { column: 'a', ascending: true, nullsFirst: false },
        { column: 'b', ascending: false, nullsFirst: true },
      ],
    ],
  ])('%s', (value, expected) => {
    expect(parseOrder(value)).toEqual(expected);
  });
});

describe('rowComparator', () => {
  it('orders by the terms, nulls as Postgres places them, ties by primary key', () => {
    const cmp = rowComparator(parseOrder('score.desc'), ['id']);
    const rows = [
      { id: 3, score: 5 },
      { id: 1, score: 5 },
      { id: 2, score: null },
      { id: 4, score: 9 },
    ];
    expect([...rows].sort(cmp).map((r) => r.id)).toEqual([2, 4, 1, 3]);
    const asc = rowComparator(parseOrder('score'), ['id']);
    expect([...rows].sort(asc).map((r) => r.id)).toEqual([1, 3, 4, 2]);
  });
});

/** A seeded PRNG (mulberry32), so the random walk is the same every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SortedView', () => {
  // half 2: blocks of 2–4 rows, so the walk splits, merges and empties blocks all the time.
  it.each([
    ['one block', undefined],
    ['blocks of 2–4 rows', 2],
  ])(
    'upsert, remove and pop keep the order a full sort gives (5,000 random operations, %s)',
    (_, half) => {
      const cmp = rowComparator(parseOrder('score.desc,name'), ['id']);
      const view = new SortedView(cmp, key, half);
      const naive = new Map<string, Record<string, unknown>>();
      const rnd = prng(42);
      for (let i = 0; i < 5000; i++) {
        const id = Math.floor(rnd() * 300);
        const op = rnd();
        if (op < 0.6) {
          const row = {
            id,
            score: rnd() < 0.1 ? null : Math.floor(rnd() * 20),
            name: `n${id % 7}`,
          };
          view.upsert(row);
          naive.set(String(id), row);
        } else if (op < 0.95) {
          view.remove(String(id));
          naive.delete(String(id));
        } else {
          const last = view.pop();
          if (last) naive.delete(key(last));
        }
        if (i % 250 === 0 || i === 4999) {
          const sorted = [...naive.values()].sort(cmp);
          expect(view.rows).toEqual(sorted);
          expect(view.size).toBe(naive.size);
          sorted.forEach((r, at) => expect(view.indexOfKey(key(r))).toBe(at));
        }
      }
    },
  );

  it.each([undefined, 1])(
    'replaces a row in place when its position does not change, and reports indexes (half %s)',
    (half) => {
      const view = new SortedView(rowComparator(parseOrder('n'), ['id']), key, half);
      view.reset([
        { id: 1, n: 1 },
        { id: 2, n: 2 },
        { id: 3, n: 3 },
      ]);
      expect(view.upsert({ id: 2, n: 2, extra: true })).toBe(1);
      expect(view.upsert({ id: 1, n: 9 })).toBe(2);
      expect(view.rows.map((r) => r.id)).toEqual([2, 3, 1]);
      expect(view.indexOfKey('3')).toBe(1);
      expect(view.remove('404')).toBe(-1);
      expect(view.remove('2')).toBe(0);
    },
  );

  it('rows is a new array after a change and the same one until then', () => {
    const view = new SortedView(rowComparator([], ['id']), key, 1);
    view.reset([{ id: 3 }, { id: 1 }, { id: 2 }]);
    const first = view.rows;
    expect(view.rows).toBe(first);
    view.upsert({ id: 0 });
    expect(first.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(view.rows.map((r) => r.id)).toEqual([0, 1, 2, 3]);
    expect(view.upsert({ id: 4 })).toBe(4);
    expect(view.remove('0')).toBe(0);
    expect(view.pop()).toEqual({ id: 4 });
    expect(view.rows.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('reset dedupes by key (last wins) and sorts', () => {
    const view = new SortedView(rowComparator([], ['id']), key);
    view.reset([{ id: 2 }, { id: 1, v: 'a' }, { id: 1, v: 'b' }]);
    expect(view.rows).toEqual([{ id: 1, v: 'b' }, { id: 2 }]);
  });
});
