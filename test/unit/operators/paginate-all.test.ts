import { type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { paginateAll, type RowsResponse } from '../../../src/operators/index.js';

type R = RowsResponse<number>;
const rows = (from: number, n: number): R => ({
  data: Array.from({ length: n }, (_, i) => from + i),
  count: null,
});

describe('paginateAll()', () => {
  it(
    'walks every page, each asked for when the one before arrives, and completes after the last',
    marbles((m) => {
      const answers: Record<number, Observable<R>> = {
        0: m.cold('-a|', { a: rows(0, 3) }),
        2: m.cold('-b|', { b: rows(2, 3) }),
        4: m.cold('-c|', { c: rows(4, 2) }),
      };
      const calls: number[][] = [];
      const q = { range: (from: number, to: number) => (calls.push([from, to]), answers[from]!) };
      m.expect(paginateAll(q, { pageSize: 2 })).toBeObservable('-abc|', {
        a: { rows: [0, 1], page: 0, hasMore: true },
        b: { rows: [2, 3], page: 1, hasMore: true },
        c: { rows: [4, 5], page: 2, hasMore: false },
      });
      m.flush();
      expect(calls).toEqual([
        [0, 2],
        [2, 4],
        [4, 6],
      ]);
    }),
  );

  it(
    'an empty table is one empty page',
    marbles((m) => {
      const q = { range: () => m.cold('-a|', { a: { data: [], count: null } as R }) };
      m.expect(paginateAll(q, { pageSize: 10 })).toBeObservable('-a|', {
        a: { rows: [], page: 0, hasMore: false },
      });
    }),
  );

  it(
    'a failed page errors the stream with the query’s error',
    marbles((m) => {
      const e = new PostgrestError({ message: 'gone', code: '42P01' }, { status: 404 });
      const q = {
        range: (from: number) =>
          from === 0 ? m.cold('-a|', { a: rows(0, 2) }) : m.cold('--#', {}, e),
      };
      m.expect(paginateAll(q, { pageSize: 1 })).toBeObservable(
        '-a-#',
        { a: { rows: [0], page: 0, hasMore: true } },
        e,
      );
    }),
  );

  it(
    'pageSize 0 errors with SupabaseRxInputError',
    marbles((m) => {
      const q = { range: () => m.cold<R>('|') };
      m.expect(paginateAll(q, { pageSize: 0 })).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError('paginateAll(): pageSize must be an integer ≥ 1, got 0'),
      );
    }),
  );
});
