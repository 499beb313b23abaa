import { filter, firstValueFrom, timeout, type Observable, type Subscription } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from 'supabase-rx';
import { liveQuery, type LiveQueryState } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../helpers/emulator.js';

/** liveQuery against the emulator: each kind of change, the window refill, a killed socket. */

const SQL = `
create table public.live_todos (
  id int primary key,
  prio int not null,
  done boolean not null default false,
  title text not null default ''
);
grant select on public.live_todos to anon, authenticated;
alter publication supabase_realtime add table public.live_todos;
`;

type Todo = { id: number; prio: number; done: boolean };

describe.each(suiteEngines())('liveQuery against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  let supabase: SupabaseClient;
  const subs: Subscription[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
    supabase = createClient(emu.url, emu.anonKey, { realtime: { reconnectAfterMs: () => 10 } });
  });
  afterEach(async () => {
    subs.splice(0).forEach((s) => s.unsubscribe());
    await emu.db.query('delete from public.live_todos');
  });
  afterAll(() => emu?.stop());

  const sql = (text: string, params: unknown[] = []) => emu.db.query(text, params);
  const openByPrio = () =>
    supabase
      .from('live_todos')
      .select('id, prio, done')
      .eq('done', false)
      .order('prio', { ascending: false });

  /** Keeps the live query subscribed; gives a wait for a state matching `pred`. */
  function watch(untyped$: Observable<LiveQueryState<object>>) {
    // The client is untyped (no Database type): the rows are this table's.
    const live$ = untyped$ as Observable<LiveQueryState<Todo>>;
    const seen: LiveQueryState<Todo>[] = [];
    subs.push(live$.subscribe((s) => seen.push(s)));
    const until = (what: string, pred: (s: LiveQueryState<Todo>) => boolean) =>
      firstValueFrom(
        live$.pipe(
          filter(pred),
          timeout({
            first: 10_000,
            with: () => Promise.reject(new Error(`${what}: last ${JSON.stringify(seen.at(-1))}`)),
          }),
        ),
      );
    return { seen, until };
  }

  /** What a fresh select of the same query returns now. */
  const fresh = async (q: ReturnType<typeof openByPrio>) => (await firstValueFrom(q)).data;
  const ids = (rows: readonly Todo[]) => rows.map((r) => r.id);

  it('insert, update, delete, into and out of the filter, reorder: data equals a fresh select after each', async () => {
    await sql(`insert into public.live_todos (id, prio) values (1, 10), (2, 20), (3, 30)`);
    const w = watch(liveQuery(openByPrio(), { realtime: supabase, primaryKey: 'id' }));
    await w.until('first snapshot', (s) => s.status === 'live');
    expect(w.seen[0]).toMatchObject({ status: 'connecting', data: [] });

    const steps: [string, string][] = [
      ['insert', `insert into public.live_todos (id, prio) values (4, 25)`],
      ['update (reorder)', `update public.live_todos set prio = 5 where id = 3`],
      ['out of the filter', `update public.live_todos set done = true where id = 2`],
      [
        'insert outside the filter',
        `insert into public.live_todos (id, prio, done) values (5, 99, true)`,
      ],
      ['into the filter', `update public.live_todos set done = false where id = 5`],
      ['delete (the key only)', `delete from public.live_todos where id = 1`],
      ['update of a column not selected', `update public.live_todos set title = 'x' where id = 4`],
    ];
    for (const [what, statement] of steps) {
      await sql(statement);
      const expected = await fresh(openByPrio());
      const got = await w.until(what, (s) => JSON.stringify(s.data) === JSON.stringify(expected));
      expect(got.status).toBe('live');
    }
    expect(ids((await w.until('end', () => true)).data)).toEqual([5, 4, 3]);
    // Every state shown was an ordered subset of the filter: never a closed todo.
    for (const s of w.seen) expect(s.data.every((r) => !r.done)).toBe(true);
  });

  it('a limit window is refilled from the server when a row leaves it', async () => {
    await sql(`insert into public.live_todos (id, prio) values (1, 10), (2, 20), (3, 30), (4, 40)`);
    const q = openByPrio().limit(2);
    const w = watch(liveQuery(q, { realtime: supabase, primaryKey: 'id', refetchDelay: 20 }));
    const first = await w.until('first snapshot', (s) => s.status === 'live');
    expect(ids(first.data)).toEqual([4, 3]);
    await sql(`delete from public.live_todos where id = 4`);
    expect(
      ids((await w.until('refilled', (s) => s.data.length === 2 && s.data[0]!.id === 3)).data),
    ).toEqual([3, 2]);
    await sql(`update public.live_todos set prio = 1 where id = 3`);
    expect(
      ids((await w.until('moved out', (s) => JSON.stringify(ids(s.data)) === '[2,1]')).data),
    ).toEqual([2, 1]);
    await sql(`insert into public.live_todos (id, prio) values (9, 15)`);
    expect(ids((await w.until('inserted', (s) => s.data[1]?.id === 9)).data)).toEqual([2, 9]);
  });

  it('resyncs after the socket is killed: what changed meanwhile shows, once, with status resyncing then live', async () => {
    await sql(`insert into public.live_todos (id, prio) values (1, 10), (2, 20)`);
    const w = watch(liveQuery(openByPrio(), { realtime: supabase, primaryKey: 'id' }));
    await w.until('first snapshot', (s) => s.status === 'live');
    for (let round = 0; round < 3; round++) {
      const before = w.seen.length;
      await emu.realtime.terminateConnections();
      // Written around the reconnect: some may race the rejoin, none may be lost.
      await sql(`insert into public.live_todos (id, prio) values ($1, $2)`, [
        100 + round,
        50 + round,
      ]);
      await sql(`delete from public.live_todos where id = $1`, [round === 0 ? 1 : 100 + round - 1]);
      const expected = await fresh(openByPrio());
      await w.until(
        `round ${round}`,
        (s) => s.status === 'live' && JSON.stringify(s.data) === JSON.stringify(expected),
      );
      const statuses = w.seen.slice(before).map((s) => s.status);
      expect(statuses).toContain('resyncing');
      expect(statuses.at(-1)).toBe('live');
    }
    expect(ids((await w.until('end', () => true)).data)).toEqual([102, 2]);
  });

  it('a query it cannot evaluate on the client refetches on changes (mode: refetch)', async () => {
    await sql(`insert into public.live_todos (id, prio) values (1, 2), (2, 9)`);
    const q = supabase
      .from('live_todos')
      .select('id, prio, done')
      .or('and(prio.gt.1,prio.lt.5),done.eq.true')
      .order('id');
    const w = watch(liveQuery(q, { realtime: supabase, primaryKey: 'id', refetchDelay: 10 }));
    const first = await w.until('first snapshot', (s) => s.status === 'live');
    expect(first).toMatchObject({
      mode: 'refetch',
      reason: expect.stringContaining('nested logic'),
    });
    expect(ids(first.data)).toEqual([1]);
    await sql(`update public.live_todos set done = true where id = 2`);
    expect(ids((await w.until('refetched', (s) => s.data.length === 2)).data)).toEqual([1, 2]);
  });

  it('is shared: two subscribers, one channel', async () => {
    const channelName = `shared-${engine}`;
    const live$ = liveQuery(openByPrio(), { realtime: supabase, primaryKey: 'id', channelName });
    const mine = () => supabase.getChannels().filter((c) => c.subTopic === channelName);
    const a = watch(live$);
    const b = watch(live$);
    await a.until('live', (s) => s.status === 'live');
    await b.until('live', (s) => s.status === 'live');
    expect(mine()).toHaveLength(1);
    // That the last unsubscribe removes it is the marble spec's (test/unit/live).
  });
});
