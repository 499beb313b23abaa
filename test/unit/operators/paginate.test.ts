import { Subject, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { paginate, type Page, type RowsResponse } from '../../../src/operators/index.js';

type R = RowsResponse<number>;
const rows = (from: number, n: number, count: number | null = null): R => ({
  data: Array.from({ length: n }, (_, i) => from + i),
  count,
});

/** A query whose `range(from, to)` answers `answers[from]`, recording every call. */
function fakeQuery(answers: Record<number, Observable<R>>) {
  const calls: [number, number][] = [];
  return {
    calls,
    range(from: number, to: number): Observable<R> {
      calls.push([from, to]);
      return answers[from]!;
    },
  };
}

describe('paginate()', () => {
  it(
    'fetches the first page at once, the next on next$, ignores next$ while loading, ends at the last',
    marbles((m) => {
      const q = fakeQuery({
        0: m.cold('a|', { a: rows(0, 3) }),
        2: m.cold('--b|', { b: rows(2, 3) }),
        4: m.cold('c|', { c: rows(4, 1) }),
      });
      const next$ = m.hot('------n-n-----n--n-');
      const out = paginate(q, { pageSize: 2, next$ });
      m.expect(out).toBeObservable('a-------b-----(c|)', {
        a: { rows: [0, 1], page: 0, hasMore: true },
        b: { rows: [2, 3], page: 1, hasMore: true },
        c: { rows: [4], page: 2, hasMore: false },
      });
      m.flush();
      expect(q.calls).toEqual([
        [0, 2],
        [2, 4],
        [4, 6],
      ]);
    }),
  );

  it(
    'completes after one page when the first page is the last',
    marbles((m) => {
      const q = fakeQuery({ 0: m.cold('-a|', { a: rows(0, 2) }) });
      m.expect(paginate(q, { pageSize: 2, next$: m.hot('--n') })).toBeObservable('-(a|)', {
        a: { rows: [0, 1], page: 0, hasMore: false },
      });
    }),
  );

  it(
    'keeps the count, and trusts it when the server caps a page (max-rows)',
    marbles((m) => {
      // Asked for 3 rows, the server sent 2 of 5: hasMore from the count, next offset 2.
      const q = fakeQuery({
        0: m.cold('(a|)', { a: rows(0, 2, 5) }),
        2: m.cold('(b|)', { b: rows(2, 3, 5) }),
        4: m.cold('(c|)', { c: rows(4, 1, 5) }),
      });
      const out = paginate(q, { pageSize: 2, next$: m.hot('-n-n') });
      m.expect(out).toBeObservable('ab-(c|)', {
        a: { rows: [0, 1], page: 0, hasMore: true, count: 5 },
        b: { rows: [2, 3], page: 1, hasMore: true, count: 5 },
        c: { rows: [4], page: 2, hasMore: false, count: 5 },
      });
    }),
  );

  it(
    'errors with the query’s own error and unsubscribes next$',
    marbles((m) => {
      const e = new PostgrestError({ message: 'boom', code: 'XX000' }, { status: 500 });
      const q = fakeQuery({ 0: m.cold('a|', { a: rows(0, 3) }), 2: m.cold('--#', {}, e) });
      const next$ = m.hot('--n-----');
      m.expect(paginate(q, { pageSize: 2, next$ })).toBeObservable(
        'a---#',
        { a: { rows: [0, 1], page: 0, hasMore: true } },
        e,
      );
      m.expect(next$).toHaveSubscriptions('^---!');
    }),
  );

  it(
    'unsubscribing cancels the page in flight',
    marbles((m) => {
      const page = m.cold('----a|', { a: rows(0, 1) });
      const q = fakeQuery({ 0: page });
      m.expect(paginate(q, { pageSize: 2, next$: m.hot('') }), '--!').toBeObservable('---');
      m.expect(page).toHaveSubscriptions('^-!');
    }),
  );

  it(
    'completes when next$ completes between pages',
    marbles((m) => {
      const q = fakeQuery({ 0: m.cold('a|', { a: rows(0, 3) }) });
      m.expect(paginate(q, { pageSize: 2, next$: m.hot('---|') })).toBeObservable('a--|', {
        a: { rows: [0, 1], page: 0, hasMore: true },
      });
    }),
  );

  it(
    'bad input errors with SupabaseRxInputError, sends nothing, never hangs',
    marbles((m) => {
      const q = fakeQuery({});
      const next$ = new Subject<void>();
      for (const pageSize of [0, -1, 1.5, Number.NaN, undefined]) {
        m.expect(paginate(q, { pageSize: pageSize as number, next$ })).toBeObservable(
          '#',
          {},
          new SupabaseRxInputError(
            `paginate(): pageSize must be an integer ≥ 1, got ${String(pageSize)}`,
          ),
        );
      }
      m.expect(paginate(q, { pageSize: 2, next$: 'click' as never })).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError('paginate(): next$ must be an Observable'),
      );
      m.flush();
      expect(q.calls).toEqual([]);
    }),
  );
});

describe('paginate() types', () => {
  it('accepts a real select builder and types the rows', () => {
    type Db = {
      public: {
        Tables: {
          movies: {
            Row: { id: number; title: string };
            Insert: { id?: number; title: string };
            Update: { id?: number; title?: string };
            Relationships: [];
          };
        };
        Views: Record<string, never>;
        Functions: Record<string, never>;
      };
    };
    const db = createClient<Db>('http://127.0.0.1:54321', 'anon-key');
    const out = paginate(db.from('movies').select('id, title').order('id'), {
      pageSize: 10,
      next$: new Subject<void>(),
    });
    expectTypeOf(out).toEqualTypeOf<Observable<Page<{ id: number; title: string }>>>();
  });
});
