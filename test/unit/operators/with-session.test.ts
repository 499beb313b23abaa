import { marbles } from 'rxjs-marbles';
import { describe, it } from 'vitest';
import { SupabaseRxError, SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { withSession } from '../../../src/operators/index.js';

const users = { a: { id: 'a' }, A: { id: 'a' }, b: { id: 'b' }, n: null };

describe('withSession()', () => {
  it(
    're-runs the source per user, cancelling the run in progress; emits signedOut on sign-out',
    marbles((m) => {
      const user$ = m.hot('a-----b-----n---a--', users);
      const source = m.cold('--r|');
      const out = source.pipe(withSession({ user$ }, { signedOut: 'x' }));
      m.expect(out).toBeObservable('--r-----r---x-----r', { r: 'r', x: 'x' });
      m.expect(source).toHaveSubscriptions(['^--!', '------^--!', '----------------^--!']);
    }),
  );

  it(
    'a switch of user mid-request aborts the request; a refresh of the same user is no change',
    marbles((m) => {
      const user$ = m.hot('a-A-b--------', users);
      const source = m.cold('-----r|');
      m.expect(source.pipe(withSession({ user$ }))).toBeObservable('---------r---');
      m.expect(source).toHaveSubscriptions(['^---!', '----^-----!']);
    }),
  );

  it(
    'without signedOut emits nothing on sign-out, and waits while signed out at the start',
    marbles((m) => {
      const user$ = m.hot('n--a--n--|', users);
      const source = m.cold('r|');
      m.expect(source.pipe(withSession({ user$ }))).toBeObservable('---r-----|');
      m.expect(source).toHaveSubscriptions('---^!');
    }),
  );

  it(
    'passes the source’s errors through',
    marbles((m) => {
      const e = new SupabaseRxError('boom', { status: 500 });
      const out = m.cold('-#', {}, e).pipe(withSession({ user$: m.hot('a', users) }));
      m.expect(out).toBeObservable('-#', {}, e);
    }),
  );

  it(
    'errors with SupabaseRxInputError without a user$',
    marbles((m) => {
      m.expect(m.cold('a|').pipe(withSession({} as never))).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError('withSession(): expected an auth client with a user$'),
      );
    }),
  );
});
