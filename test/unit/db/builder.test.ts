import { catchError, firstValueFrom, lastValueFrom, map, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { PostgrestClient } from '../../../src/db/client.js';
import { ABORT_HINT } from '../../../src/db/execute.js';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import { toRequest } from '../../../src/db/to-request.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { BASE, recordingFetch, response, testClient } from './helpers.js';

describe('immutability', () => {
  it('forking a base query leaves the base unchanged', () => {
    const { db } = testClient();
    const base = db.from('movies').select('id').eq('year', 1999);
    const before = toRequest(base.state);
    const page1 = base.range(0, 9);
    const page2 = base.order('id').range(10, 19).single();
    const withHeader = base.setHeader('x-a', '1').retry(false);
    expect(toRequest(base.state)).toEqual(before);
    expect(toRequest(page1.state).url).toBe(
      `${BASE}/movies?select=id&year=eq.1999&offset=0&limit=10`,
    );
    expect(toRequest(page2.state).url).toBe(
      `${BASE}/movies?select=id&year=eq.1999&order=id.asc&offset=10&limit=10`,
    );
    expect(toRequest(page2.state).headers.accept).toBe('application/vnd.pgrst.object+json');
    expect(toRequest(withHeader.state).headers['x-a']).toBe('1');
    expect(before.headers['x-a']).toBeUndefined();
    expect(page1).not.toBe(base);
  });

  it('a builder is reusable: every subscription sends again', async () => {
    const { db, requests } = testClient();
    const q = db.from('t').select();
    await firstValueFrom(q);
    await firstValueFrom(q);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual(requests[1]);
  });

  it('from() and schema() share nothing mutable', () => {
    const { db } = testClient();
    const other = db.schema('other');
    expect(toRequest(db.from('t').select().state).headers['accept-profile']).toBe('public');
    expect(toRequest(other.from('t').select().state).headers['accept-profile']).toBe('other');
  });
});

describe('bad input: a clear SupabaseRxInputError, nothing sent', () => {
  const cases: [string, (db: PostgrestClient) => unknown, RegExp][] = [
    [
      'unknown operator in filter()',
      (db) => db.from('t').select().filter('a', 'equals', 1),
      /unknown operator "equals"/,
    ],
    [
      'unknown operator in not()',
      (db) => db.from('t').select().not('a', 'bogus', 1),
      /not\(\): unknown operator "bogus"/,
    ],
    [
      'not() with a not. operator',
      (db) => db.from('t').select().not('a', 'not.eq', 1),
      /unknown operator/,
    ],
    [
      'range(5, 2)',
      (db) => db.from('t').select().range(5, 2),
      /to \(2\) must not be less than from \(5\)/,
    ],
    ['range non-integer', (db) => db.from('t').select().range(0.5, 2), /from must be an integer/],
    [
      'negative limit',
      (db) => db.from('t').select().limit(-1),
      /limit\(\): count must be an integer ≥ 0, got -1/,
    ],
    ['non-integer limit', (db) => db.from('t').select().limit(1.5), /integer/],
    ['NaN limit', (db) => db.from('t').select().limit(NaN), /integer/],
    [
      'cyclic body',
      (db) => {
        const a: Record<string, unknown> = { x: 1 };
        a.self = a;
        return db.from('t').insert(a);
      },
      /not serialisable.*circular/i,
    ],
    [
      'function in body',
      (db) => db.from('t').insert({ f: () => 1 }),
      /not serialisable: function at key "f"/,
    ],
    ['symbol in bulk body', (db) => db.from('t').insert([{ s: Symbol('x') }]), /symbol at key "s"/],
    ['function in update', (db) => db.from('t').update({ f() {} }), /function/],
    ['function in rpc args', (db) => db.rpc('fn', { f: () => 1 }), /function/],
    ['non-object insert', (db) => db.from('t').insert(5 as never), /values must be an object/],
    [
      'csv().stripNulls()',
      (db) => db.from('t').select().csv().stripNulls(),
      /stripNulls\(\) cannot be combined with csv\(\)/,
    ],
    [
      'stripNulls().csv()',
      (db) => db.from('t').select().stripNulls().csv(),
      /csv\(\) cannot be combined with stripNulls\(\)/,
    ],
    [
      'missing table name',
      (db) => db.from(undefined as never),
      /from\(\): table name must be a non-empty string/,
    ],
    ['empty table name', (db) => db.from('  '), /table name/],
    ['empty function name', (db) => db.rpc(''), /function name/],
    ['schema of the wrong type', (db) => db.schema(42 as never), /schema\(\): schema name/],
    [
      'unknown count',
      (db) => db.from('t').select('*', { count: 'all' as never }),
      /count must be one of exact, planned, estimated/,
    ],
    [
      'textSearch unknown type',
      (db) =>
        db
          .from('t')
          .select()
          .textSearch('a', 'q', { type: 'fuzzy' as never }),
      /textSearch/,
    ],
    [
      'in() with a non-array',
      (db) =>
        db
          .from('t')
          .select()
          .in('a', 'x' as never),
      /expects an array/,
    ],
    ['empty column', (db) => db.from('t').select().eq('', 1), /column must be a non-empty string/],
    [
      'header with a newline',
      (db) => db.from('t').select().setHeader('x', 'a\nb'),
      /Invalid value for header/,
    ],
    ['maxAffected negative', (db) => db.from('t').delete().maxAffected(-2), /maxAffected/],
  ];

  it.each(cases)('%s', (_name, call, message) => {
    const { fetch, calls } = recordingFetch();
    const db = new PostgrestClient(BASE, { fetch });
    let caught: unknown;
    try {
      const q = call(db) as { subscribe?: (o: object) => void } | undefined;
      q?.subscribe?.({ error: (e: unknown) => (caught = e) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SupabaseRxInputError);
    expect((caught as Error).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('a bad client URL is rejected', () => {
    expect(() => new PostgrestClient('localhost/rest/v1')).toThrow(SupabaseRxInputError);
  });

  it('an already-aborted signal errors without sending', async () => {
    const { fetch, calls } = recordingFetch();
    const db = new PostgrestClient(BASE, { fetch });
    const q = db.from('t').select().abortSignal(AbortSignal.abort());
    const error = await firstValueFrom(q).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgrestError);
    expect(error).toMatchObject({ status: 0, code: '', hint: ABORT_HINT });
    expect(calls).toHaveLength(0);
  });
});

describe('single / maybeSingle', () => {
  it('single() emits PostgREST’s object', async () => {
    const { db, requests } = testClient(() => response(200, '{"id":1}'));
    const r = await firstValueFrom(db.from('t').select().eq('id', 1).single());
    expect(r).toEqual({ data: { id: 1 }, count: null, status: 200, statusText: 'OK' });
    expect(requests[0].headers.accept).toBe('application/vnd.pgrst.object+json');
  });

  it('single() on 0 rows errors with PostgREST’s PGRST116', async () => {
    const body =
      '{"code":"PGRST116","details":"The result contains 0 rows","hint":null,"message":"Cannot coerce the result to a single JSON object"}';
    const { db } = testClient(() => response(406, body, {}, 'Not Acceptable'));
    const e = await firstValueFrom(db.from('t').select().single()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e).toMatchObject({
      code: 'PGRST116',
      status: 406,
      details: 'The result contains 0 rows',
    });
  });

  it.each([
    ['[]', null],
    ['[{"id":1}]', { id: 1 }],
  ])('maybeSingle() on %s', async (body, data) => {
    const { db } = testClient(() => response(200, body));
    const r = await firstValueFrom(db.from('t').select().maybeSingle());
    expect(r.data).toEqual(data);
  });

  it('maybeSingle() on 2 rows errors with PGRST116 / 406, also after a mutation', async () => {
    const { db } = testClient(() => response(201, '[{"id":1},{"id":2}]', {}, 'Created'));
    const e = await firstValueFrom(
      db
        .from('t')
        .insert([{ id: 1 }, { id: 2 }])
        .select()
        .maybeSingle(),
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'PGRST116', status: 406, statusText: 'Not Acceptable' });
  });
});

describe('error mapping', () => {
  it('a network failure becomes a PostgrestError with status 0, code "" and the cause kept', async () => {
    const failure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const { db } = testClient(() => failure);
    const e = (await firstValueFrom(db.from('t').insert({})).catch(
      (x: unknown) => x,
    )) as PostgrestError;
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e).toMatchObject({ status: 0, code: '', hint: '', message: 'TypeError: fetch failed' });
    expect(e.cause).toBe(failure);
    expect(e.details).toContain('Caused by: Error: connect ECONNREFUSED (ECONNREFUSED)');
  });

  it('through the real transport: a rejected fetch', async () => {
    const boom = new TypeError('fetch failed');
    const { fetch } = recordingFetch(() => Promise.reject(boom));
    const db = new PostgrestClient(BASE, { fetch });
    const e = (await firstValueFrom(db.from('t').delete()).catch(
      (x: unknown) => x,
    )) as PostgrestError;
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e.status).toBe(0);
    expect(e.message).toBe('TypeError: fetch failed');
    expect((e.cause as Error).cause).toBe(boom);
  });

  it('the user abortSignal() aborts a pending request: status 0 and the abort hint', async () => {
    const { fetch, calls } = recordingFetch();
    const db = new PostgrestClient(BASE, { fetch });
    const controller = new AbortController();
    const pending = lastValueFrom(db.from('t').select().abortSignal(controller.signal)).catch(
      (x: unknown) => x,
    );
    expect(calls).toHaveLength(1);
    controller.abort();
    const e = await pending;
    expect(e).toBeInstanceOf(PostgrestError);
    expect(e).toMatchObject({ status: 0, code: '', hint: ABORT_HINT });
    expect((calls[0].init.signal as AbortSignal).aborted).toBe(true);
  });

  it('a PostgREST error response goes to the error channel', async () => {
    const { db } = testClient(() =>
      response(
        409,
        '{"code":"23505","details":"Key (id)=(1) already exists.","hint":null,"message":"duplicate key value violates unique constraint \\"t_pkey\\""}',
        {},
        'Conflict',
      ),
    );
    const e = await firstValueFrom(db.from('t').insert({ id: 1 })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: '23505', status: 409, statusText: 'Conflict', hint: null });
  });

  it('throwOnError() is a no-op kept for compatibility', () => {
    const { db } = testClient();
    const q = db.from('t').select();
    expect(q.throwOnError()).toBe(q);
  });
});

describe('cold and cancellable (marbles)', () => {
  it(
    'emits one response and completes, once per subscription',
    marbles((m) => {
      const { db, requests } = testClient(() => response(200, '[{"a":1}]'));
      const q = db.from('t').select();
      expect(requests).toHaveLength(0); // cold: nothing sent before subscribe
      m.expect(q).toBeObservable('(a|)', {
        a: { data: [{ a: 1 }], count: null, status: 200, statusText: 'OK' },
      });
      m.expect(q).toBeObservable('(a|)', {
        a: { data: [{ a: 1 }], count: null, status: 200, statusText: 'OK' },
      });
    }),
  );

  it('unsubscribing aborts the fetch (fake fetch that never answers)', () => {
    const { fetch, calls } = recordingFetch();
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const db = new PostgrestClient(BASE, { fetch, scheduler });
      const q = db.from('t').select();
      expectObservable(q, '^--!').toBe('---');
    });
    expect(calls).toHaveLength(1);
    expect((calls[0].init.signal as AbortSignal).aborted).toBe(true);
  });

  it('the client timeout errors at the right virtual time with the abort hint', () => {
    const { fetch, calls } = recordingFetch();
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const db = new PostgrestClient(BASE, { fetch, scheduler, timeout: 100 });
      const q = db
        .from('t')
        .select()
        .pipe(
          map(() => 'value'),
          catchError((e: PostgrestError) => of(`${e.constructor.name} ${e.status} ${e.hint}`)),
        );
      expectObservable(q).toBe('100ms (a|)', { a: `PostgrestError 0 ${ABORT_HINT}` });
    });
    expect((calls[0].init.signal as AbortSignal).aborted).toBe(true);
  });

  it('nothing is sent before the subscription frame', () => {
    const { fetch, calls } = recordingFetch();
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    let sentAtFrame = -1;
    scheduler.run(({ expectObservable, cold }) => {
      const db = new PostgrestClient(BASE, { fetch, scheduler });
      const q = db.from('t').select();
      cold('---a|').subscribe(() => {
        sentAtFrame = calls.length;
      });
      expectObservable(q, '----^-!').toBe('------');
    });
    expect(sentAtFrame).toBe(0);
    expect(calls).toHaveLength(1);
  });
});
