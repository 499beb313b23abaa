import { describe, expect, it } from 'vitest';
import { liveSpec } from '../../../src/live/query-spec.js';
import { applyChange, keyOf, type RowChange } from '../../../src/live/reconcile.js';
import { rowComparator } from '../../../src/live/sort-order.js';
import { SortedView } from '../../../src/live/sorted-view.js';
import { testClient } from '../db/helpers.js';

const { db } = testClient();
const PK = ['id'];
// Open tasks by priority (desc), 3 at most.
const windowed = liveSpec(
  db
    .from('tasks')
    .select('id, prio, done')
    .eq('done', false)
    .order('prio', { ascending: false })
    .limit(3).state,
  PK,
);
const unbounded = liveSpec(
  db.from('tasks').select('id, prio, done').eq('done', false).order('prio').state,
  PK,
);

const ins = (row: Record<string, unknown>): RowChange => ({
  eventType: 'INSERT',
  new: row,
  old: {},
});
const upd = (
  row: Record<string, unknown>,
  old: Record<string, unknown> = { id: row.id },
): RowChange => ({
  eventType: 'UPDATE',
  new: row,
  old,
});
const del = (id: number): RowChange => ({ eventType: 'DELETE', new: {}, old: { id } });

function viewOf(spec: typeof windowed, rows: Record<string, unknown>[]) {
  const view = new SortedView(rowComparator(spec.order, PK), (r) => keyOf(r, PK)!);
  view.reset(rows);
  return view;
}

const three = () => [
  { id: 1, prio: 9, done: false },
  { id: 2, prio: 5, done: false },
  { id: 3, prio: 1, done: false },
];

type Case = [
  title: string,
  change: RowChange,
  ids: number[],
  result: { changed: boolean; refill: boolean },
];

const WINDOW_CASES: Case[] = [
  [
    'an insert into the middle pushes the last row out',
    ins({ id: 4, prio: 6, done: false }),
    [1, 4, 2],
    { changed: true, refill: false },
  ],
  [
    'an insert past the end of a full window is not shown',
    ins({ id: 4, prio: 0, done: false }),
    [1, 2, 3],
    { changed: false, refill: false },
  ],
  [
    'an insert outside the filter is ignored',
    ins({ id: 4, prio: 99, done: true }),
    [1, 2, 3],
    { changed: false, refill: false },
  ],
  [
    'an update moving a row out of the filter removes it and refills',
    upd({ id: 2, prio: 5, done: true }),
    [1, 3],
    { changed: true, refill: true },
  ],
  [
    'an update moving a row into the filter inserts it',
    upd({ id: 7, prio: 7, done: false }),
    [1, 7, 2],
    { changed: true, refill: false },
  ],
  [
    'a reorder inside the window moves the row',
    upd({ id: 3, prio: 10, done: false }),
    [3, 1, 2],
    { changed: true, refill: false },
  ],
  [
    'a row moved to the last place of a full window asks for a refill',
    upd({ id: 1, prio: 0, done: false }),
    [2, 3],
    { changed: true, refill: true },
  ],
  [
    'a DELETE carrying only the key removes the row and refills',
    del(2),
    [1, 3],
    { changed: true, refill: true },
  ],
  [
    'a DELETE of a row not shown changes nothing',
    del(42),
    [1, 2, 3],
    { changed: false, refill: false },
  ],
  [
    'an UPDATE changing the key replaces the old row',
    upd({ id: 8, prio: 5, done: false }, { id: 2 }),
    [1, 8, 3],
    { changed: true, refill: false },
  ],
  [
    'a second copy of the same INSERT is idempotent',
    ins({ id: 2, prio: 5, done: false }),
    [1, 2, 3],
    { changed: true, refill: false },
  ],
];

describe('applyChange on a limit(3) window', () => {
  it.each(WINDOW_CASES)('%s', (_, change, ids, result) => {
    const view = viewOf(windowed, three());
    expect(applyChange(view, windowed, PK, change, { limit: 3 })).toEqual(result);
    expect(view.rows.map((r) => r.id)).toEqual(ids);
  });

  it('projects the changed row to the selected columns', () => {
    const view = viewOf(windowed, three());
    applyChange(view, windowed, PK, ins({ id: 4, prio: 6, done: false, secret: 'x' }), {
      limit: 3,
    });
    expect(view.get(keyOf({ id: 4 }, PK)!)).toEqual({ id: 4, prio: 6, done: false });
  });

  it('a window that is not full takes rows past its end, and a removal needs no refill', () => {
    const view = viewOf(windowed, three().slice(0, 2));
    expect(
      applyChange(view, windowed, PK, ins({ id: 4, prio: 0, done: false }), { limit: 3 }),
    ).toEqual({
      changed: true,
      refill: false,
    });
    const small = viewOf(windowed, three().slice(0, 2));
    expect(applyChange(small, windowed, PK, del(1), { limit: 3 })).toEqual({
      changed: true,
      refill: false,
    });
  });
});

describe('applyChange without a limit', () => {
  it('inserts, reorders and removes without refills', () => {
    const view = viewOf(unbounded, three());
    applyChange(view, unbounded, PK, ins({ id: 4, prio: 3, done: false }));
    applyChange(view, unbounded, PK, upd({ id: 1, prio: 0, done: false }));
    const r = applyChange(view, unbounded, PK, del(2));
    expect(r).toEqual({ changed: true, refill: false });
    expect(view.rows.map((x) => x.id)).toEqual([1, 3, 4]);
  });
});

describe('keyOf', () => {
  it('composite keys, missing parts', () => {
    expect(keyOf({ a: 1, b: 'x' }, ['a', 'b'])).toBe('[1,"x"]');
    expect(keyOf({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(keyOf({ id: 1 }, ['id'])).not.toBe(keyOf({ id: '1' }, ['id']));
  });
});

// A snapshot read after a row was deleted, then an older UPDATE of that row arriving late: in a
// view that holds every row of the query, it must not bring the row back.
describe('applyChange: a late UPDATE of a row the complete view lacks', () => {
  const all = liveSpec(db.from('tasks').select('id, prio, done').order('prio').state, PK);
  const rows = () => [
    { id: 1, prio: 1, done: false },
    { id: 2, prio: 2, done: false },
  ];
  const apply = (spec: typeof all, change: RowChange, complete: boolean) => {
    const view = viewOf(spec, rows());
    const result = applyChange(view, spec, PK, change, { complete });
    return { result, ids: view.rows.map((r) => r.id) };
  };
  const full = (row: Record<string, unknown>) => ({ ...row });
  it.each<[string, typeof all, RowChange, boolean, number[]]>([
    ['no filter: dropped', all, upd({ id: 7, prio: 3, done: false }), true, [1, 2]],
    ['no filter, an INSERT: added', all, ins({ id: 7, prio: 3, done: false }), true, [1, 2, 7]],
    [
      'not complete (a window, livePages): added',
      all,
      upd({ id: 7, prio: 3, done: false }),
      false,
      [1, 2, 7],
    ],
    [
      'filters, old row is the key only (may have entered them): added',
      unbounded,
      upd({ id: 7, prio: 3, done: false }),
      true,
      [1, 2, 7],
    ],
    [
      'filters, full old row that passed them: dropped',
      unbounded,
      upd({ id: 7, prio: 3, done: false }, full({ id: 7, prio: 0, done: false })),
      true,
      [1, 2],
    ],
    [
      'filters, full old row that failed them (entered the filter): added',
      unbounded,
      upd({ id: 7, prio: 3, done: false }, full({ id: 7, prio: 3, done: true })),
      true,
      [1, 2, 7],
    ],
    [
      'no filter, a key change from a shown row: moved',
      all,
      upd({ id: 7, prio: 3, done: false }, { id: 2 }),
      true,
      [1, 7],
    ],
  ])('%s', (_, spec, change, complete, ids) => {
    const out = apply(spec, change, complete);
    expect(out.ids).toEqual(ids);
    expect(out.result.changed).toBe(ids.join() !== '1,2');
  });
});

// A change committed before the snapshot (or a page) that already has a later write of its row.
describe('applyChange with a version column', () => {
  const spec = liveSpec(db.from('tasks').select('id, prio, done').order('prio').state, PK);
  const shown = () => [
    { id: 1, prio: 5, done: false },
    { id: 2, prio: 6, done: false },
  ];
  it.each<[string, RowChange, string | undefined, boolean, unknown[]]>([
    ['an older UPDATE: dropped', upd({ id: 2, prio: 3, done: false }), 'prio', false, [5, 6]],
    ['an older INSERT: dropped', ins({ id: 1, prio: 1, done: true }), 'prio', false, [5, 6]],
    ['a newer UPDATE: applied', upd({ id: 1, prio: 9, done: false }), 'prio', true, [6, 9]],
    ['the same version: applied', upd({ id: 2, prio: 6, done: true }), 'prio', true, [5, 6]],
    ['a row not shown: applied', upd({ id: 3, prio: 1, done: false }), 'prio', true, [1, 5, 6]],
    [
      'no version: the older UPDATE is applied',
      upd({ id: 2, prio: 3, done: false }),
      undefined,
      true,
      [3, 5],
    ],
    // A version that cannot be compared (null) never drops a change.
    [
      'an older UPDATE to null: cannot tell, applied',
      upd({ id: 2, prio: null, done: false }),
      'prio',
      true,
      [5, null],
    ],
  ])('%s', (_what, change, version, changed, prios) => {
    const view = viewOf(spec, shown());
    expect(applyChange(view, spec, PK, change, { version }).changed).toBe(changed);
    expect(view.rows.map((r) => r.prio)).toEqual(prios);
  });
});
