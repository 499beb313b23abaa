import { of, type Observable } from 'rxjs';
import { createClient } from 'supabase-rx';
import type { SendResult } from 'supabase-rx/realtime';
import { marbles } from 'rxjs-marbles';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { throttleSend } from '../../../src/operators/index.js';

function fakeChannel() {
  const sent: unknown[] = [];
  return {
    sent,
    send: (args: { type: 'broadcast'; event: string; payload?: unknown }) => {
      sent.push(args);
      return of('ok' as const);
    },
  };
}

describe('throttleSend()', () => {
  it(
    'sends the first value at once and the latest of each interval',
    marbles((m) => {
      const ch = fakeChannel();
      const out = m
        .hot('-abc-------d--|')
        .pipe(throttleSend(ch, { event: 'cursor', interval: 4, scheduler: m.scheduler }));
      m.expect(out).toBeObservable('-o---o-----o--|', { o: 'ok' });
      m.flush();
      expect(ch.sent).toEqual(
        ['a', 'c', 'd'].map((payload) => ({ type: 'broadcast', event: 'cursor', payload })),
      );
    }),
  );

  it(
    'a failed send errors the stream',
    marbles((m) => {
      const e = new Error('closed');
      const ch = { send: () => m.cold<string>('-#', {}, e) };
      m.expect(
        m.hot('-a--').pipe(throttleSend(ch, { event: 'x', interval: 10, scheduler: m.scheduler })),
      ).toBeObservable('--#', {}, e);
    }),
  );

  it(
    'bad options error with SupabaseRxInputError',
    marbles((m) => {
      const bad = (channel: unknown, options: object, message: string) =>
        m
          .expect(m.cold('a|').pipe(throttleSend(channel as never, options as never)))
          .toBeObservable('#', {}, new SupabaseRxInputError(message));
      bad(
        fakeChannel(),
        { event: 'x', interval: 0 },
        'throttleSend(): interval must be an integer ≥ 1 (ms), got 0',
      );
      bad(
        fakeChannel(),
        { event: '', interval: 5 },
        'throttleSend(): event must be a non-empty string',
      );
      bad({}, { event: 'x', interval: 5 }, 'throttleSend(): expected a channel with send()');
    }),
  );
});

describe('throttleSend() types', () => {
  it('takes a realtime channel and emits its send results', () => {
    const supabase = createClient('http://127.0.0.1:54321', 'anon-key');
    const out = of({ x: 1 }).pipe(
      throttleSend(supabase.channel('room'), { event: 'cursor', interval: 50 }),
    );
    expectTypeOf(out).toEqualTypeOf<Observable<SendResult>>();
  });
});
