import { defer, filter, NEVER, Observable, of, type Observable as Obs } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import {
  livePages,
  type LiveChannel,
  type LivePagesOptions,
  type LivePagesQuery,
  type LivePagesState,
} from '../../../src/operators/index.js';
import type { RowChange } from '../../../src/live/reconcile.js';
import { testClient } from '../db/helpers.js';

const { db } = testClient();
type R = { id: number; n: number };

/** A pageable query: each request (with its `or`/`limit`) is answered by `answer`. */
function source(answer: (req: { or?: string; limit?: number }, i: number) => Obs<{ data: R[] }>) {
  const state = db.from('items').select('id, n').state;
  const requests: { or?: string; limit?: number; order: string[] }[] = [];
  const make = (req: { or?: string; limit?: number; order: string[] }): LivePagesQuery<R> => {
    const obs = defer(() => {
      requests.push(req);
      return answer(req, requests.length - 1);
    });
    return Object.assign(obs, {
      state,
      or: (f: string) => make({ ...req, or: f }),
      limit: (l: number) => make({ ...req, limit: l }),
      order: (c: string, o?: { ascending?: boolean }) =>
        make({ ...req, order: [...req.order, `${c}.${o?.ascending === false ? 'desc' : 'asc'}`] }),
    }) as unknown as LivePagesQuery<R>;
  };
  return { query: make({ order: [] }), requests };
}

function fakeRealtime(status$: Obs<string>, changes$: Obs<RowChange>) {
  const calls = { removed: 0 };
  const realtime: LivePagesOptions['realtime'] = {
    channel() {
      return {
        status$: new Observable<{ status: string }>((s) =>
          status$.subscribe({ next: (status) => s.next({ status }) }),
        ),
        // As Realtime: each binding gets the changes of its event only.
        on: ((type: string, binding?: { event: string }) =>
          type === 'system'
            ? NEVER
            : changes$.pipe(
                filter((c) => binding?.event === '*' || c.eventType === binding?.event),
              )) as unknown as LiveChannel['on'],
      };
    },
    removeChannel() {
      calls.removed++;
      return of('ok');
    },
  };
  return { realtime, calls };
}

const row = (id: number, n = 0): R => ({ id, n });
const rows = (...ids: number[]) => ids.map((id) => row(id));
const ins = (id: number, n = 0): RowChange => ({ eventType: 'INSERT', new: row(id, n), old: {} });
const upd = (id: number, n: number): RowChange => ({
  eventType: 'UPDATE',
  new: row(id, n),
  old: { id },
});
const del = (id: number): RowChange => ({ eventType: 'DELETE', new: {}, old: { id } });
const st = (
  status: LivePagesState<R>['status'],
  data: R[],
  hasMore: boolean,
  loading = false,
): LivePagesState<R> => ({ rows: data, hasMore, status, loading });
const S = { s: 'SUBSCRIBED', c: 'CLOSED' };

/** Rows 1..10 of a table, paged by `or` cursor on id (`id.gt.k`) and `limit`. */
const table =
  (data: R[]) =>
  (req: { or?: string; limit?: number }): R[] => {
    const m = req.or ? /^id\.(gt|lte)\.(\d+)$/.exec(req.or) : null;
    let out = [...data].sort((a, b) => a.id - b.id);
    if (m) out = out.filter((r) => (m[1] === 'gt' ? r.id > Number(m[2]) : r.id <= Number(m[2])));
    return req.limit ? out.slice(0, req.limit) : out;
  };

const opts = (
  m: { scheduler: LivePagesOptions['scheduler'] },
  realtime: LivePagesOptions['realtime'],
  next$: Obs<unknown>,
): LivePagesOptions => ({
  realtime,
  orderBy: 'id',
  key: 'id',
  pageSize: 2,
  next$,
  readyTimeout: false,
  batch: 'none',
  scheduler: m.scheduler,
});

describe('livePages (marbles)', () => {
  it(
    'subscribes first, pages with a keyset cursor, applies changes inside the loaded range only',
    marbles((m) => {
      const status = m.hot('s---------------------', S);
      const next = m.hot('--------n-------------');
      // a: row 2 updated (loaded), b: row 9 inserted (past the end: not shown), d: row 3 updated
      // (in page 2's range, loaded by then).
      const changes = m.hot('------a-------b-d-----', { a: upd(2, 5), b: ins(9), d: upd(3, 7) });
      const src = source((req) =>
        m.cold('----(a|)', { a: { data: table(rows(1, 2, 3, 4, 5))(req) } }),
      );
      const { realtime, calls } = fakeRealtime(status, changes);
      const out = livePages(src.query, opts(m, realtime, next));
      m.expect(out).toBeObservable('(xy)a-b-c---d---e', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        b: st('live', [row(1), row(2, 5)], true),
        c: st('live', [row(1), row(2, 5)], true, true),
        d: st('live', [row(1), row(2, 5), row(3), row(4)], true),
        e: st('live', [row(1), row(2, 5), row(3, 7), row(4)], true),
      });
      m.flush();
      expect(src.requests.map((r) => [r.or, r.limit, r.order])).toEqual([
        [undefined, 3, ['id.asc']],
        ['id.gt.2', 3, ['id.asc']],
      ]);
      expect(calls.removed).toBe(0);
    }),
  );

  it(
    'a page never overwrites a change seen after its request started; a row moving past the end leaves',
    marbles((m) => {
      const status = m.hot('s---------------------', S);
      const next = m.hot('------n---------------');
      // While page 2 is in flight, row 3 is updated (the page answers with its old version) and
      // row 5 is deleted (the page still has it). Later row 1 moves past the loaded end (n: 99).
      const changes = m.hot('-------ab-----c-------', { a: upd(3, 7), b: del(4), c: upd(1, 99) });
      // What the server answers: page 1, then page 2 as it was when the request ran.
      const answers = [rows(1, 2, 3), rows(3, 4, 5)];
      const src = source((_req, i) => m.cold('----(a|)', { a: { data: answers[i]! } }));
      const { realtime } = fakeRealtime(status, changes);
      const o = { ...opts(m, realtime, next), orderBy: 'n' };
      const byN = livePages(src.query, o);
      // Ordered by (n, id): page 2 ends at row 4 (n 0). Its rows 3 and 4 are not taken: the
      // changes are newer. Row 3 (now n 7) is past the end, row 4 is gone.
      m.expect(byN).toBeObservable('(xy)a-c---d---e', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        c: st('live', rows(1, 2), true, true),
        d: st('live', rows(1, 2), true),
        e: st('live', rows(2), true),
      });
      m.flush();
      expect(src.requests.map((r) => r.or)).toEqual([
        undefined,
        'n.gt.0,and(n.eq.0,id.gt.2),n.is.null',
      ]);
    }),
  );

  it(
    'after the last page the range is open: an insert at the end comes in',
    marbles((m) => {
      const status = m.hot('s-----------', S);
      const changes = m.hot('------a-----', { a: ins(9) });
      const src = source((req) => m.cold('----(a|)', { a: { data: table(rows(1, 2))(req) } }));
      const { realtime } = fakeRealtime(status, changes);
      m.expect(livePages(src.query, opts(m, realtime, NEVER))).toBeObservable('(xy)a-b', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), false),
        b: st('live', rows(1, 2, 9), false),
      });
    }),
  );

  it(
    'resyncs the loaded range on a rejoin (up to the cursor, no limit); keeps rows meanwhile',
    marbles((m) => {
      const status = m.hot('s-------c-s----------', S);
      const snaps = [rows(1, 2, 3), rows(2, 3)];
      const src = source((req, i) => m.cold('----(a|)', { a: { data: table(snaps[i]!)(req) } }));
      const { realtime, calls } = fakeRealtime(status, m.hot('-'));
      const out = livePages(src.query, opts(m, realtime, NEVER));
      m.expect(out, '^-------------------!').toBeObservable('(xy)a---b-c---d', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        b: st('resyncing', rows(1, 2), true),
        c: st('resyncing', rows(1, 2), true, true),
        d: st('live', rows(2), true),
      });
      m.flush();
      expect(src.requests.map((r) => [r.or, r.limit])).toEqual([
        [undefined, 3],
        ['id.lte.2', undefined],
      ]);
      expect(calls.removed).toBe(1);
    }),
  );

  it(
    'the page answers with a row older than a change seen during its request: the change stays',
    marbles((m) => {
      const status = m.hot('s---------------', S);
      const next = m.hot('------n---------');
      const changes = m.hot('-------a--------', { a: upd(3, 7) });
      const answers = [rows(1, 2, 3), rows(3, 4)];
      const src = source((_req, i) => m.cold('----(a|)', { a: { data: answers[i]! } }));
      const { realtime } = fakeRealtime(status, changes);
      m.expect(livePages(src.query, opts(m, realtime, next))).toBeObservable('(xy)a-c---d', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        c: st('live', rows(1, 2), true, true),
        d: st('live', [row(1), row(2), row(3, 7), row(4)], false),
      });
    }),
  );

  it.each([
    // [what, the change seen during the request, the page's row 3, the row 3 shown, version]
    ['no version: the change wins over the page', 5, 7, 5, undefined],
    ['version: the page is newer than the change (committed before the read)', 5, 7, 7, 'n'],
    ['version: the change is newer than the page', 7, 5, 7, 'n'],
  ] as const)('a change during a page request, %s', (_what, changed, paged, shown, version) =>
    marbles((m) => {
      const status = m.hot('s---------------', S);
      const next = m.hot('------n---------');
      const changes = m.hot('-------a--------', { a: upd(3, changed) });
      const answers = [rows(1, 2, 3), [row(3, paged), row(4)]];
      const src = source((_req, i) => m.cold('----(a|)', { a: { data: answers[i]! } }));
      const { realtime } = fakeRealtime(status, changes);
      const options = { ...opts(m, realtime, next), ...(version ? { version } : {}) };
      m.expect(livePages(src.query, options)).toBeObservable('(xy)a-c---d', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        c: st('live', rows(1, 2), true, true),
        d: st('live', [row(1), row(2), row(3, shown), row(4)], false),
      });
    })(),
  );

  it(
    'with version, a resync takes its newer row over an older change seen during its request',
    marbles((m) => {
      const status = m.hot('s-----c-s------', S);
      // Page 1 (rows 1–2); a drop at 6, the rejoin at 8; during the resync request row 2's
      // older change (n=4, committed before the read) arrives; the resync read n=9.
      const changes = m.hot('---------a-----', { a: upd(2, 4) });
      const answers = [rows(1, 2, 3), [row(1), row(2, 9)]];
      const src = source((_req, i) => m.cold('----(a|)', { a: { data: answers[i]! } }));
      const { realtime } = fakeRealtime(status, changes);
      const options = { ...opts(m, realtime, m.hot('-')), version: 'n' };
      m.expect(livePages(src.query, options)).toBeObservable('(xy)a-b-cd--e', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        b: st('resyncing', rows(1, 2), true),
        c: st('resyncing', rows(1, 2), true, true),
        d: st('resyncing', [row(1), row(2, 4)], true, true),
        e: st('live', [row(1), row(2, 9)], true),
      });
    }),
  );

  it(
    'a failed page is reported with the rows kept; next$ asks for that page again',
    marbles((m) => {
      const status = m.hot('s-----------------', S);
      const next = m.hot('------n-----n-----');
      const error = new Error('503');
      const answers = [
        m.cold('----(a|)', { a: { data: rows(1, 2, 3) } }),
        m.cold('----#', {}, error),
        m.cold('----(a|)', { a: { data: rows(3) } }),
      ];
      const src = source((_req, i) => answers[i]!);
      const { realtime } = fakeRealtime(status, m.hot('-'));
      const out = livePages(src.query, opts(m, realtime, next));
      m.expect(out).toBeObservable('(xy)a-c---e-f---g', {
        x: st('connecting', [], true),
        y: st('connecting', [], true, true),
        a: st('live', rows(1, 2), true),
        c: st('live', rows(1, 2), true, true),
        e: { ...st('error', rows(1, 2), true), error },
        f: { ...st('error', rows(1, 2), true, true), error },
        g: st('live', rows(1, 2, 3), false),
      });
      m.flush();
      expect(src.requests.map((r) => r.or)).toEqual([undefined, 'id.gt.2', 'id.gt.2']);
    }),
  );
});
