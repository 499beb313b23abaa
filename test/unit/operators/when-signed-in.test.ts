import { marbles } from 'rxjs-marbles';
import { describe, it } from 'vitest';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { whenSignedIn } from '../../../src/operators/index.js';

const users = { a: { id: 'a' }, A: { id: 'a' }, b: { id: 'b' }, n: null };

describe('whenSignedIn()', () => {
  it(
    'waits for a sign-in, re-runs per user, completes on sign-out',
    marbles((m) => {
      const user$ = m.hot('n--a-----b---n--', users);
      const source = m.cold('--r|');
      m.expect(source.pipe(whenSignedIn({ user$ }))).toBeObservable('-----r-----r-|');
      m.expect(source).toHaveSubscriptions(['---^--!', '---------^--!']);
    }),
  );

  it(
    'sign-out cancels the run in progress (its request aborted) and completes',
    marbles((m) => {
      const user$ = m.hot('a-A--n', users);
      const source = m.cold('-r--------s|');
      m.expect(source.pipe(whenSignedIn({ user$ }))).toBeObservable('-r---|');
      m.expect(source).toHaveSubscriptions('^----!');
    }),
  );

  it(
    'errors with SupabaseRxInputError without a user$',
    marbles((m) => {
      m.expect(m.cold('a|').pipe(whenSignedIn(null as never))).toBeObservable(
        '#',
        {},
        new SupabaseRxInputError('whenSignedIn(): expected an auth client with a user$'),
      );
    }),
  );
});
