import { defer } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { TestScheduler } from 'rxjs/testing';
import { AuthClient } from 'supabase-rx/auth';
import { describe, expect, it } from 'vitest';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import { FunctionsHttpError } from '../../../src/functions/errors.js';
import { SupabaseRxError, SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { StorageApiError } from '../../../src/storage/errors.js';
import { isJwtExpiredError, refreshOnExpiry } from '../../../src/operators/index.js';
import { fakeTransport, json, mapStorage, tokenBody } from '../auth/helpers.js';

const KEY = 'sb-proj-auth-token';

const expired = new PostgrestError({ message: 'JWT expired', code: 'PGRST303' }, { status: 401 });
const e500 = new SupabaseRxError('boom', { status: 500 });

describe('refreshOnExpiry()', () => {
  it(
    'refreshes once on an expired JWT, then resubscribes the source',
    marbles((m) => {
      let n = 0;
      const source = defer(() => (n++ === 0 ? m.cold('--#', {}, expired) : m.cold('--a|')));
      const refresh = m.cold('-s|');
      let refreshes = 0;
      const auth = { refreshSession: () => (refreshes++, refresh) };
      m.expect(source.pipe(refreshOnExpiry(auth))).toBeObservable('-----a|');
      m.expect(refresh).toHaveSubscriptions('--^!');
      m.flush();
      expect(refreshes).toBe(1);
    }),
  );

  it(
    'a second expiry before any value passes through: no refresh loop',
    marbles((m) => {
      const auth = { refreshSession: () => m.cold('s|') };
      const out = m.cold('-#', {}, expired).pipe(refreshOnExpiry(auth));
      m.expect(out).toBeObservable('--#', {}, expired);
    }),
  );

  it(
    'after a value, a later expiry refreshes again (a long-lived stream)',
    marbles((m) => {
      let n = 0;
      const source = defer(() => (n++ < 2 ? m.cold('a-#', { a: 'a' }, expired) : m.cold('b')));
      let refreshes = 0;
      const auth = { refreshSession: () => (refreshes++, m.cold('(s|)')) };
      m.expect(source.pipe(refreshOnExpiry(auth))).toBeObservable('a-a-b');
      m.flush();
      expect(refreshes).toBe(2);
    }),
  );

  it(
    'other errors pass through without a refresh',
    marbles((m) => {
      let refreshes = 0;
      const auth = { refreshSession: () => (refreshes++, m.cold('s|')) };
      m.expect(m.cold('-#', {}, e500).pipe(refreshOnExpiry(auth))).toBeObservable('-#', {}, e500);
      m.flush();
      expect(refreshes).toBe(0);
    }),
  );

  it(
    'a failed refresh errors the stream with the refresh’s error',
    marbles((m) => {
      const refreshError = new SupabaseRxError('Auth session missing!', { status: 400 });
      const auth = { refreshSession: () => m.cold('-#', {}, refreshError) };
      m.expect(m.cold('-#', {}, expired).pipe(refreshOnExpiry(auth))).toBeObservable(
        '--#',
        {},
        refreshError,
      );
    }),
  );

  it(
    'unsubscribing during the refresh unsubscribes it',
    marbles((m) => {
      const refresh = m.cold('----s|');
      const out = m
        .cold('-#', {}, expired)
        .pipe(refreshOnExpiry({ refreshSession: () => refresh }));
      m.expect(out, '---!').toBeObservable('----');
      m.expect(refresh).toHaveSubscriptions('-^-!');
    }),
  );

  it(
    'errors with SupabaseRxInputError without refreshSession',
    marbles((m) => {
      m.expect(m.cold('a|').pipe(refreshOnExpiry({} as never))).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError(
          'refreshOnExpiry(): expected an auth client with refreshSession()',
        ),
      );
    }),
  );
});

describe('isJwtExpiredError()', () => {
  const pgrst = (code: string) => new PostgrestError({ message: 'x', code }, { status: 401 });
  const storage = (message: string) =>
    new StorageApiError(message, { status: 400, statusCode: '400' });
  const fnError = (status: number) => new FunctionsHttpError(new Response('{}', { status }));
  it.each([
    ['PGRST301', pgrst('PGRST301'), true],
    ['PGRST303', pgrst('PGRST303'), true],
    ['PGRST116', pgrst('PGRST116'), false],
    ['Storage jwt expired', storage('jwt expired'), true],
    ['Storage exp claim', storage('"exp" claim timestamp check failed'), true],
    ['Storage not found', storage('Object not found'), false],
    ['Functions 401', fnError(401), true],
    ['Functions 403', fnError(403), false],
    ['401 JWT expired', new SupabaseRxError('JWT expired', { status: 401 }), true],
    ['401 other', new SupabaseRxError('Invalid API key', { status: 401 }), false],
    ['not an object', 'JWT expired', false],
  ])('%s → %s', (_, error, expected) => {
    expect(isJwtExpiredError(error)).toBe(expected);
  });
});

describe('refreshOnExpiry() with the auth client', () => {
  it('three streams expiring together send one refresh (single-flight) and resume with the new token', () => {
    const ts = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    ts.run(({ cold, expectObservable }) => {
      const transport = fakeTransport((req) =>
        req.path.endsWith('/token')
          ? cold('--r|', { r: json(200, tokenBody(0, 3600, 'new')) })
          : json(404, { code: 'not_found', message: 'no' }),
      );
      const storage = mapStorage({ [KEY]: JSON.stringify(tokenBody(0, 3600, 'old')) });
      const auth = new AuthClient({
        url: 'http://proj.test/auth/v1',
        transport,
        scheduler: ts,
        storage,
        autoRefreshToken: false,
      });
      const fresh = tokenBody(0, 3600, 'new').access_token;
      // A query that the server refuses while the old token is sent.
      const query = defer(() =>
        auth.session?.access_token === fresh ? cold('-a|', { a: 'rows' }) : cold('-#', {}, expired),
      );
      for (let i = 0; i < 3; i++) {
        expectObservable(query.pipe(refreshOnExpiry(auth))).toBe('----a|', { a: 'rows' });
      }
      ts.flush();
      const refreshes = transport.requests.filter((r) => r.query.grant_type === 'refresh_token');
      expect(refreshes).toHaveLength(1);
      expect(refreshes[0]!.body).toEqual({ refresh_token: 'rt-old' });
    });
  });
});
