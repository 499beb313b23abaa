import { marbles } from 'rxjs-marbles';
import { describe, it } from 'vitest';
import { SupabaseRxError, SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { boundedBuffer } from '../../../src/operators/index.js';

describe('boundedBuffer()', () => {
  it(
    'keeps at most size values per flush, drops the oldest and counts them',
    marbles((m) => {
      const source = m.hot('-abcd--e-|');
      const flush$ = m.hot('----f---f-');
      m.expect(source.pipe(boundedBuffer({ size: 2, flush: flush$ }))).toBeObservable(
        '----x---y|',
        { x: { values: ['c', 'd'], dropped: 2 }, y: { values: ['e'], dropped: 0 } },
      );
    }),
  );

  it(
    "drop: 'newest' keeps the first values of the window",
    marbles((m) => {
      const source = m.hot('-abcd-|');
      m.expect(
        source.pipe(boundedBuffer({ size: 2, flush: m.hot('-----f-'), drop: 'newest' })),
      ).toBeObservable('-----x|', { x: { values: ['a', 'b'], dropped: 2 } });
    }),
  );

  it(
    'a numeric flush runs on the given scheduler; empty windows emit nothing; the rest on completion',
    marbles((m) => {
      const source = m.hot('-ab-------c-|');
      const out = source.pipe(boundedBuffer({ size: 5, flush: 3, scheduler: m.scheduler }));
      m.expect(out).toBeObservable('---x--------(y|)', {
        x: { values: ['a', 'b'], dropped: 0 },
        y: { values: ['c'], dropped: 0 },
      });
    }),
  );

  it(
    'passes an error at once and unsubscribes the flush notifier',
    marbles((m) => {
      const e = new SupabaseRxError('boom');
      const flush$ = m.hot('-----f');
      m.expect(m.hot('-a-#', {}, e).pipe(boundedBuffer({ size: 1, flush: flush$ }))).toBeObservable(
        '---#',
        {},
        e,
      );
      m.expect(flush$).toHaveSubscriptions('^--!');
    }),
  );

  it(
    'bad options error with SupabaseRxInputError',
    marbles((m) => {
      const bad = (options: object, message: string) =>
        m
          .expect(m.cold('a|').pipe(boundedBuffer(options as never)))
          .toBeObservable('#', {}, new SupabaseRxInputError(message));
      bad({ size: 0, flush: 10 }, 'boundedBuffer(): size must be an integer ≥ 1, got 0');
      bad(
        { size: 2, flush: 0 },
        'boundedBuffer(): flush must be a number of ms > 0 or an Observable',
      );
      bad(
        { size: 2, flush: 5, drop: 'middle' },
        "boundedBuffer(): drop must be 'oldest' or 'newest', got middle",
      );
    }),
  );
});
