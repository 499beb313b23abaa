import { defer, filter, NEVER, Observable, of, Subject, type Observable as Obs } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import type { QueryState } from '../../../src/db/state.js';
import {
  liveQuery,
  type LiveChannel,
  type LiveQueryOptions,
  type LiveQueryState,
  type LiveStatus,
} from '../../../src/operators/index.js';
import type { RowChange } from '../../../src/live/reconcile.js';
import { testClient } from '../db/helpers.js';

const { db } = testClient();
type R = { id: number; done?: boolean };

/** A select whose snapshots come from `fetch(n)` (n = 0, 1, … per fetch), with the builder's state. */
function source(state: QueryState, fetch: (n: number) => Obs<{ data: R[] }>) {
  let n = 0;
  const obs = defer(() => fetch(n++));
  return { obs: Object.assign(obs, { state }), fetches: () => n };
}

/** A fake client: one channel whose status and changes are marble streams. */
function fakeRealtime(
  status$: Obs<string>,
  changes$: Obs<RowChange>,
  system$: Obs<{ extension: string; status: string }> = NEVER,
) {
  const calls = { channels: 0, bindings: [] as unknown[], removed: 0 };
  const realtime: LiveQueryOptions['realtime'] = {
    channel() {
      calls.channels++;
      return {
        status$: new Observable<{ status: string }>((s) =>
          status$.subscribe({ next: (status) => s.next({ status }) }),
        ),
        on: ((type: string, binding?: { event: string }) => {
          if (type === 'system') return system$;
          calls.bindings.push(binding);
          // As Realtime: each binding gets the changes of its event only.
          return changes$.pipe(
            filter((c) => binding?.event === '*' || c.eventType === binding?.event),
          );
        }) as LiveChannel['on'],
      };
    },
    removeChannel() {
      calls.removed++;
      return of('ok');
    },
  };
  return { realtime, calls };
}

const ins = (id: number, done = false): RowChange => ({
  eventType: 'INSERT',
  new: { id, done },
  old: {},
});
const upd = (id: number, done: boolean): RowChange => ({
  eventType: 'UPDATE',
  new: { id, done },
  old: { id },
});
const del = (id: number): RowChange => ({ eventType: 'DELETE', new: {}, old: { id } });
const rows = (...ids: number[]) => ids.map((id) => ({ id, done: false }));
const st = (
  status: LiveStatus,
  ids: number[],
  extra: Partial<LiveQueryState<R>> = {},
): LiveQueryState<R> => ({
  data: rows(...ids),
  status,
  mode: 'incremental',
  capped: false,
  ...extra,
});
const S = { c: 'CLOSED', s: 'SUBSCRIBED', e: 'CHANNEL_ERROR' };
const openTodos = db.from('todos').select('id, done').eq('done', false).order('id');

describe('liveQuery (marbles)', () => {
  it(
    'subscribes first, buffers changes until the snapshot, then reconciles them by key',
    marbles((m) => {
      const status = m.hot('c-s------', S);
      // Before the snapshot answers: row 4 inserted, row 2 deleted, row 3 closed; the snapshot
      // was taken before all three.
      const changes = m.hot('---abd---', { a: ins(4), b: del(2), d: upd(3, true) });
      const src = source(openTodos.state, () =>
        m.cold('-----(a|)', { a: { data: rows(1, 2, 3) } }),
      );
      const { realtime, calls } = fakeRealtime(status, changes);
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
      });
      m.expect(out).toBeObservable('x------y-', { x: st('connecting', []), y: st('live', [1, 4]) });
      m.flush();
      expect(src.fetches()).toBe(1);
      expect(calls.bindings).toEqual([
        { event: 'INSERT', schema: 'public', table: 'todos', filter: 'done=eq.false' },
        { event: 'UPDATE', schema: 'public', table: 'todos' },
        { event: 'DELETE', schema: 'public', table: 'todos' },
      ]);
    }),
  );

  it(
    'a late UPDATE of a row deleted before the snapshot does not bring it back (query without filters)',
    marbles((m) => {
      const status = m.hot('c-s------', S);
      // The snapshot was read after row 3 was updated and then deleted; both changes arrive
      // after it, in commit order.
      const changes = m.hot('-----ab--', { a: upd(3, false), b: del(3) });
      const all = db.from('todos').select('id, done').order('id');
      const src = source(all.state, () => m.cold('-(a|)', { a: { data: rows(1, 2) } }));
      const { realtime } = fakeRealtime(status, changes);
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
      });
      m.expect(out).toBeObservable('x--y-----', { x: st('connecting', []), y: st('live', [1, 2]) });
    }),
  );

  describe('the snapshot race: a change committed before the snapshot, delivered after it', () => {
    type V = { id: number; v: number };
    const at = (v: number): RowChange => ({
      eventType: 'UPDATE',
      new: { id: 1, v },
      old: { id: 1 },
    });
    const vs = (status: LiveStatus, v?: number): LiveQueryState<V> => ({
      data: v === undefined ? [] : [{ id: 1, v }],
      status,
      mode: 'incremental',
      capped: false,
    });
    const run = (m: Parameters<Parameters<typeof marbles>[0]>[0], version?: string) => {
      const status = m.hot('c-s------', S);
      // The snapshot (frame 3) has row 1 at version 2; the update to 1 arrives after it, then 3.
      const changes = m.hot('----ab---', { a: at(1), b: at(3) });
      const q = db.from('todos').select('id, v').order('id');
      const src = source(q.state, () =>
        m.cold('-(a|)', { a: { data: [{ id: 1, v: 2 }] as unknown as R[] } }),
      );
      const { realtime } = fakeRealtime(status, changes);
      return liveQuery<V>(src.obs as never, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
        ...(version === undefined ? {} : { version }),
      });
    };

    it(
      'with `version`, the older change is dropped: the row never goes back',
      marbles((m) => {
        m.expect(run(m, 'v')).toBeObservable('x--y-z---', {
          x: vs('connecting'),
          y: vs('live', 2),
          z: vs('live', 3),
        });
      }),
    );

    it(
      'without it, the row shows the older version until the next change (documented)',
      marbles((m) => {
        m.expect(run(m)).toBeObservable('x--yaz---', {
          x: vs('connecting'),
          y: vs('live', 2),
          a: vs('live', 1),
          z: vs('live', 3),
        });
      }),
    );

    it('refuses a version column the select does not keep, or that is not a name', () => {
      const { realtime } = fakeRealtime(NEVER, NEVER);
      const q = db.from('todos').select('id, ver:v').order('id');
      const src = source(q.state, () => NEVER);
      const errors: unknown[] = [];
      for (const version of ['v', '', 3]) {
        liveQuery(src.obs, { realtime, primaryKey: 'id', version: version as string }).subscribe({
          error: (e: unknown) => errors.push(e),
        });
      }
      expect(errors.map((e) => [(e as Error).name, (e as Error).message])).toEqual([
        [
          'SupabaseRxInputError',
          'liveQuery: the version column "v" must be in the select (under its own name)',
        ],
        ['SupabaseRxInputError', 'liveQuery: version must be a column name, got ""'],
        ['SupabaseRxInputError', 'liveQuery: version must be a column name, got number'],
      ]);
    });
  });

  it(
    'resyncs on every rejoin: refetch, diff, one emission; keeps data through the outage',
    marbles((m) => {
      const status = m.hot('c-s---e--s----', S);
      const snaps = [rows(1, 2), rows(2, 3)];
      const src = source(openTodos.state, (n) => m.cold('-(a|)', { a: { data: snaps[n]! } }));
      const { realtime } = fakeRealtime(status, m.hot('-'));
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
      });
      const error = new Error('channel CHANNEL_ERROR');
      m.expect(out).toBeObservable('x--y--e--rz', {
        x: st('connecting', []),
        y: st('live', [1, 2]),
        e: st('error', [1, 2], { error }),
        r: st('resyncing', [1, 2]),
        z: st('live', [2, 3]),
      });
    }),
  );

  it(
    'refills a limit window from the server, coalesced: two rows leave, one refetch',
    marbles((m) => {
      const q = db.from('todos').select('id, done').eq('done', false).order('id').limit(2);
      const status = m.hot('c-s--------------', S);
      const changes = m.hot('------ab---------', { a: del(1), b: upd(2, true) });
      const snaps = [rows(1, 2), rows(3, 4)];
      const src = source(q.state, (n) => m.cold('(a|)', { a: { data: snaps[n]! } }));
      const { realtime } = fakeRealtime(status, changes);
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
        refetchDelay: 5,
      });
      // Refill requested at frame 6, fetched at 11 (the delay), answered at once.
      m.expect(out).toBeObservable('x-y---ab---z', {
        x: st('connecting', []),
        y: st('live', [1, 2]),
        a: st('live', [2]),
        b: st('live', []),
        z: st('live', [3, 4]),
      });
      m.flush();
      expect(src.fetches()).toBe(2);
    }),
  );

  it(
    'batches: a burst of 1,000 changes in one tick is one emission',
    marbles((m) => {
      const status = m.hot('c-s---', S);
      const burst = new Subject<RowChange>();
      m.scheduler.schedule(() => {
        for (let i = 10; i < 1010; i++) burst.next(ins(i));
      }, 4);
      const src = source(openTodos.state, () => of({ data: rows(1) }));
      const { realtime } = fakeRealtime(status, burst);
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        scheduler: m.scheduler,
      });
      const ids = [1, ...Array.from({ length: 1000 }, (_, i) => i + 10)];
      m.expect(out).toBeObservable('x-y-z-', {
        x: st('connecting', []),
        y: st('live', [1]),
        z: st('live', ids),
      });
    }),
  );

  it(
    'falls back to a coalesced refetch for a query it cannot evaluate (mode: refetch)',
    marbles((m) => {
      const q = db.from('todos').select('id, done, owner(name)').order('id');
      const status = m.hot('c-s---------', S);
      const changes = m.hot('----ab------', { a: ins(5), b: del(1) });
      const snaps = [rows(1), rows(5)];
      const src = source(q.state, (n) => m.cold('(a|)', { a: { data: snaps[n]! } }));
      const { realtime, calls } = fakeRealtime(status, changes);
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
        refetchDelay: 3,
      });
      const extra = { mode: 'refetch', reason: 'select owner(name)' } as const;
      m.expect(out).toBeObservable('x-y----z', {
        x: st('connecting', [], extra),
        y: st('live', [1], extra),
        z: st('live', [5], extra),
      });
      m.flush();
      expect(src.fetches()).toBe(2);
      expect(calls.bindings).toEqual([{ event: '*', schema: 'public', table: 'todos' }]);
    }),
  );

  it(
    'is shared and replayed: one channel, one snapshot; the last unsubscribe removes the channel',
    marbles((m) => {
      const status = m.hot('c-s------', S);
      const src = source(openTodos.state, () => of({ data: rows(1) }));
      const { realtime, calls } = fakeRealtime(status, m.hot('-'));
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
      });
      m.expect(out, '^-------!').toBeObservable('x-y', {
        x: st('connecting', []),
        y: st('live', [1]),
      });
      m.expect(out, '----^---!').toBeObservable('----y', { y: st('live', [1]) });
      m.flush();
      expect(calls.channels).toBe(1);
      expect(src.fetches()).toBe(1);
      expect(calls.removed).toBe(1);
    }),
  );

  it(
    'reports a failed snapshot as status error and recovers on the next rejoin',
    marbles((m) => {
      const status = m.hot('c-s---e-s--', S);
      const boom = new Error('boom');
      const src = source(openTodos.state, (n) =>
        n === 0 ? m.cold('-#', {}, boom) : m.cold('-(a|)', { a: { data: rows(7) } }),
      );
      const { realtime } = fakeRealtime(status, m.hot('-'));
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        readyTimeout: false,
        batch: 'none',
        scheduler: m.scheduler,
      });
      m.expect(out).toBeObservable('x--a--b--z', {
        x: st('connecting', []),
        a: st('error', [], { error: boom }),
        b: st('error', [], { error: new Error('channel CHANNEL_ERROR') }),
        z: st('live', [7]),
      });
    }),
  );

  it(
    'after each join, takes the snapshot once Realtime says the change feed is on',
    marbles((m) => {
      const status = m.hot('c-s---------', S);
      const system = m.hot('----p-------', { p: { extension: 'postgres_changes', status: 'ok' } });
      const src = source(openTodos.state, () => m.cold('-(a|)', { a: { data: rows(1) } }));
      const { realtime } = fakeRealtime(status, m.hot('-'), system);
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        batch: 'none',
        scheduler: m.scheduler,
      });
      m.expect(out).toBeObservable('x----y', { x: st('connecting', []), y: st('live', [1]) });
    }),
  );

  it(
    'takes the snapshot after readyTimeout when the confirmation never comes',
    marbles((m) => {
      const status = m.hot('c-s---------', S);
      const src = source(openTodos.state, () => m.cold('(a|)', { a: { data: rows(1) } }));
      const { realtime } = fakeRealtime(status, m.hot('-'));
      const out = liveQuery(src.obs, {
        realtime,
        primaryKey: 'id',
        batch: 'none',
        scheduler: m.scheduler,
        readyTimeout: 6,
      });
      m.expect(out).toBeObservable('x-------y', { x: st('connecting', []), y: st('live', [1]) });
    }),
  );

  it('reports the 1,000-row cap (capped: true)', async () => {
    const status = new Subject<string>();
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: i, done: false }));
    const src = source(openTodos.state, () => of({ data: many }));
    const { realtime } = fakeRealtime(status, new Subject());
    const states: unknown[] = [];
    const sub = liveQuery(src.obs, {
      realtime,
      primaryKey: 'id',
      readyTimeout: false,
      batch: 'none',
    }).subscribe((s) => states.push(s));
    status.next('SUBSCRIBED');
    sub.unsubscribe();
    expect(states.at(-1)).toMatchObject({ status: 'live', capped: true });
  });
});
