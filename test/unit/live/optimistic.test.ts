import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import {
  optimistic,
  type LiveQueryState,
  type OptimisticState,
} from '../../../src/operators/index.js';

type R = { id: number; done: boolean };
const live = (...data: R[]): LiveQueryState<R> => ({
  data,
  status: 'live',
  mode: 'incremental',
  capped: false,
});
const r = (id: number, done = false): R => ({ id, done });
const st = (
  data: R[],
  pending: string[] = [],
  rejected?: { key: string; error: unknown },
): OptimisticState<R> => ({
  ...live(...data),
  pending: new Set(pending),
  ...(rejected ? { rejected } : {}),
});

describe('optimistic (marbles)', () => {
  it(
    'echo first: pending at once, the echo, then the response: no flicker, one settled state',
    marbles((m) => {
      const base = m.hot('a-----b------', { a: live(r(1), r(2)), b: live(r(1, true), r(2)) });
      const view = optimistic(base, { primaryKey: 'id', scheduler: m.scheduler });
      const mutation = m.cold('--------(x|)', { x: { data: [r(1, true)] } });
      m.expect(view.state$).toBeObservable('a-p---q---s--', {
        a: st([r(1), r(2)]),
        p: st([r(1, true), r(2)], ['1']),
        q: st([r(1, true), r(2)], ['1']),
        s: st([r(1, true), r(2)]),
      });
      m.scheduler.schedule(
        () => view.mutate(mutation, { update: { id: 1, done: true } }).subscribe(),
        2,
      );
    }),
  );

  it(
    'response first: the server row until the echo, which settles it without a change',
    marbles((m) => {
      const base = m.hot('a---------b--', { a: live(r(1)), b: live(r(1, true)) });
      const view = optimistic(base, { primaryKey: 'id', scheduler: m.scheduler });
      const mutation = m.cold('---(x|)', { x: { data: [r(1, true)] } });
      m.expect(view.state$).toBeObservable('a-p--s----t--', {
        a: st([r(1)]),
        p: st([r(1, true)], ['1']),
        s: st([r(1, true)]),
        t: st([r(1, true)]),
      });
      m.scheduler.schedule(
        () => view.mutate(mutation, { update: { id: 1, done: true } }).subscribe(),
        2,
      );
    }),
  );

  it(
    'failure rolls back, reports the error in the state and in the mutation',
    marbles((m) => {
      const base = m.hot('a------------', { a: live(r(1)) });
      const view = optimistic(base, { primaryKey: 'id', scheduler: m.scheduler });
      const error = new Error('denied');
      const mutation = m.cold('---#', {}, error);
      m.expect(view.state$).toBeObservable('a-p--b-------', {
        a: st([r(1)]),
        p: st([], ['1']),
        b: st([r(1)], [], { key: '1', error }),
      });
      const errors: unknown[] = [];
      m.scheduler.schedule(
        () =>
          view
            .mutate(mutation, { delete: { id: 1 } })
            .subscribe({ error: (e: unknown) => errors.push(e) }),
        2,
      );
      m.flush();
      expect(errors).toEqual([error]);
    }),
  );

  it(
    'two overlapping writes of the same row: the later one shows throughout, either echo notwithstanding',
    marbles((m) => {
      const base = m.hot('a-----b---c--', {
        a: live(r(1)),
        b: live(r(1, true)),
        c: live(r(1, false)),
      });
      const view = optimistic(base, { primaryKey: 'id', scheduler: m.scheduler });
      const first = m.cold('--(x|)', { x: { data: [r(1, true)] } });
      const second = m.cold('-----(x|)', { x: { data: [r(1, false)] } });
      m.expect(view.state$).toBeObservable('a-pqr-s-t-u--', {
        a: st([r(1)]),
        p: st([r(1, true)], ['1']),
        q: st([r(1)], ['1']),
        r: st([r(1)], ['1']),
        s: st([r(1)], ['1']),
        t: st([r(1)]),
        u: st([r(1)]),
      });
      m.scheduler.schedule(
        () => view.mutate(first, { update: { id: 1, done: true } }).subscribe(),
        2,
      );
      m.scheduler.schedule(
        () => view.mutate(second, { update: { id: 1, done: false } }).subscribe(),
        3,
      );
    }),
  );

  it(
    'an insert shows at the end while pending; a write the live query never shows goes after settleTimeout',
    marbles((m) => {
      const base = m.hot('a------------', { a: live(r(2)) });
      const view = optimistic(base, { primaryKey: 'id', settleTimeout: 5, scheduler: m.scheduler });
      const mutation = m.cold('-(x|)', { x: { data: { id: 1, done: false } } });
      m.expect(view.state$).toBeObservable('a-pq----b----', {
        a: st([r(2)]),
        p: st([r(2), r(1)], ['1']),
        q: st([r(2), r(1)]),
        b: st([r(2)]),
      });
      m.scheduler.schedule(
        () => view.mutate(mutation, { insert: { id: 1, done: false } }).subscribe(),
        2,
      );
    }),
  );

  it(
    'unsubscribing before the answer rolls the write back',
    marbles((m) => {
      const base = m.hot('a------------', { a: live(r(1)) });
      const view = optimistic(base, { primaryKey: 'id', scheduler: m.scheduler });
      const mutation = m.cold('-------(x|)', { x: { data: [r(1, true)] } });
      m.expect(view.state$).toBeObservable('a-p--b-------', {
        a: st([r(1)]),
        p: st([r(1, true)], ['1']),
        b: st([r(1)]),
      });
      m.scheduler.schedule(() => {
        const sub = view.mutate(mutation, { update: { id: 1, done: true } }).subscribe();
        m.scheduler.schedule(() => sub.unsubscribe(), 3);
      }, 2);
    }),
  );
});
