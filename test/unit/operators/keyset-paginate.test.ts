import { Observable, Subject } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { keysetFilter, literal } from '../../../src/operators/keyset-cursor.js';
import {
  keysetPaginate,
  type KeysetQuery,
  type RowsResponse,
} from '../../../src/operators/index.js';

type Row = { id: number; year: number | null };
type R = RowsResponse<Row>;

/** A query recording its modifiers; subscribing answers `answer(modifiers)`. */
class FakeQuery extends Observable<R> implements KeysetQuery<Row> {
  constructor(
    readonly mods: string[],
    readonly answer: (mods: string[]) => Observable<R>,
    readonly log: string[][],
  ) {
    super((subscriber) => {
      log.push(mods);
      return answer(mods).subscribe(subscriber);
    });
  }
  #with(mod: string) {
    return new FakeQuery([...this.mods, mod], this.answer, this.log);
  }
  order(column: string, o: { ascending?: boolean; nullsFirst?: boolean } = {}) {
    return this.#with(
      `order=${column}.${o.ascending === false ? 'desc' : 'asc'}${o.nullsFirst === undefined ? '' : o.nullsFirst ? '.nullsfirst' : '.nullslast'}`,
    );
  }
  limit(n: number) {
    return this.#with(`limit=${n}`);
  }
  or(f: string) {
    return this.#with(`or=(${f})`);
  }
}

const data = (...rows: Row[]): R => ({ data: rows, count: null });

describe('keysetPaginate()', () => {
  it(
    'asks for the rows after the last row seen, ordered by (orderBy, key), one extra for hasMore',
    marbles((m) => {
      const log: string[][] = [];
      const pages = [
        m.cold('(a|)', {
          a: data({ id: 1, year: 1990 }, { id: 2, year: 1995 }, { id: 3, year: 1995 }),
        }),
        m.cold('--(b|)', {
          b: data({ id: 3, year: 1995 }, { id: 4, year: 2001 }, { id: 5, year: null }),
        }),
        m.cold('(c|)', {
          c: data({ id: 5, year: null }, { id: 6, year: null }, { id: 7, year: null }),
        }),
        m.cold('(d|)', { d: data({ id: 7, year: null }) }),
      ];
      const q = new FakeQuery([], () => pages[log.length - 1]!, log);
      const out = keysetPaginate(q, {
        orderBy: 'year',
        key: 'id',
        pageSize: 2,
        next$: m.hot('-----nn----n-n'),
      });
      const two = (a: Row, b: Row) => [a, b];
      m.expect(out).toBeObservable('a------b---c-(d|)', {
        a: { rows: two({ id: 1, year: 1990 }, { id: 2, year: 1995 }), page: 0, hasMore: true },
        b: { rows: two({ id: 3, year: 1995 }, { id: 4, year: 2001 }), page: 1, hasMore: true },
        c: { rows: two({ id: 5, year: null }, { id: 6, year: null }), page: 2, hasMore: true },
        d: { rows: [{ id: 7, year: null }], page: 3, hasMore: false },
      });
      m.flush();
      const tail = ['order=year.asc.nullslast', 'order=id.asc', 'limit=3'];
      expect(log).toEqual([
        tail,
        ['or=(year.gt.1995,and(year.eq.1995,id.gt.2),year.is.null)', ...tail],
        ['or=(year.gt.2001,and(year.eq.2001,id.gt.4),year.is.null)', ...tail],
        ['or=(and(year.is.null,id.gt.6))', ...tail],
      ]);
    }),
  );

  it(
    'descending with the key as the only order',
    marbles((m) => {
      const log: string[][] = [];
      const pages = [
        m.cold('(a|)', { a: data({ id: 9, year: 1 }, { id: 8, year: 1 }) }),
        m.cold('(b|)', { b: data() }),
      ];
      const q = new FakeQuery([], () => pages[log.length - 1]!, log);
      const out = keysetPaginate(q, {
        orderBy: 'id',
        key: 'id',
        ascending: false,
        pageSize: 1,
        next$: m.hot('--n'),
      });
      m.expect(out).toBeObservable('a-(b|)', {
        a: { rows: [{ id: 9, year: 1 }], page: 0, hasMore: true },
        b: { rows: [], page: 1, hasMore: false },
      });
      m.flush();
      expect(log[1]).toEqual(['or=(id.lt.9)', 'order=id.desc.nullsfirst', 'limit=2']);
    }),
  );

  it(
    'rows without the cursor columns error with SupabaseRxInputError',
    marbles((m) => {
      const q = new FakeQuery(
        [],
        () => m.cold('(a|)', { a: { data: [{ id: 1 }] as Row[], count: null } }),
        [],
      );
      m.expect(
        keysetPaginate(q, { orderBy: 'year', key: 'id', pageSize: 1, next$: m.hot('') }),
      ).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError('keysetPaginate(): the rows lack column "year"; select it'),
      );
    }),
  );

  it(
    'bad input errors with SupabaseRxInputError and sends nothing',
    marbles((m) => {
      const log: string[][] = [];
      const q = new FakeQuery([], () => m.cold('|'), log);
      const next$ = new Subject<void>();
      const bad = (options: object, message: string) =>
        m
          .expect(keysetPaginate(q, { pageSize: 2, next$, ...options } as never))
          .toBeObservable('#', {}, new SupabaseRxInputError(message));
      bad({ key: 'id' }, 'keysetPaginate(): orderBy must be a plain column name, got undefined');
      bad({ orderBy: 'year' }, 'keysetPaginate(): key must be a plain column name, got undefined');
      bad(
        { orderBy: 'a,b', key: 'id' },
        'keysetPaginate(): orderBy must be a plain column name, got "a,b"',
      );
      bad(
        { orderBy: 'year', key: 'id', pageSize: 0 },
        'keysetPaginate(): pageSize must be an integer ≥ 1, got 0',
      );
      bad(
        { orderBy: 'year', key: 'id', next$: null },
        'keysetPaginate(): next$ must be an Observable',
      );
      const db = createClient('http://127.0.0.1:54321', 'anon-key');
      m.expect(
        keysetPaginate(db.from('movies').select('id, year').order('year') as never, {
          orderBy: 'year',
          key: 'id',
          pageSize: 2,
          next$,
        }),
      ).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError(
          'keysetPaginate(): the query must not have its own order() or limit(); give orderBy and pageSize instead',
        ),
      );
      m.flush();
      expect(log).toEqual([]);
    }),
  );
});

describe('keysetFilter()', () => {
  const o = (ascending: boolean, nullsFirst: boolean) => ({
    orderBy: 'year',
    key: 'id',
    ascending,
    nullsFirst,
  });
  it.each([
    [o(true, false), 1999, 7, 'year.gt.1999,and(year.eq.1999,id.gt.7),year.is.null'],
    [o(true, true), 1999, 7, 'year.gt.1999,and(year.eq.1999,id.gt.7)'],
    [o(false, true), 1999, 7, 'year.lt.1999,and(year.eq.1999,id.lt.7)'],
    [o(false, false), 1999, 7, 'year.lt.1999,and(year.eq.1999,id.lt.7),year.is.null'],
    [o(true, false), null, 7, 'and(year.is.null,id.gt.7)'],
    [o(true, true), null, 7, 'and(year.is.null,id.gt.7),year.not.is.null'],
    [o(false, true), null, 'k"1', 'and(year.is.null,id.lt."k\\"1"),year.not.is.null'],
    [o(true, false), 'a,b)', 7, 'year.gt."a,b)",and(year.eq."a,b)",id.gt.7),year.is.null'],
  ])('%o after (%o, %o) → %s', (order, value, key, expected) => {
    expect(keysetFilter(order, value, key)).toBe(expected);
  });

  it('quotes strings (backslash before " and \\), leaves numbers and booleans bare, refuses objects and null keys', () => {
    expect(literal('a\\b"c')).toBe('"a\\\\b\\"c"');
    expect([literal(1.5), literal(true)]).toEqual(['1.5', 'true']);
    expect(() => literal({ a: 1 })).toThrow(SupabaseRxInputError);
    expect(() => keysetFilter(o(true, false), 1, null)).toThrow(
      'keysetPaginate(): key column "id" is null in a row; it must be unique and not null',
    );
  });
});
