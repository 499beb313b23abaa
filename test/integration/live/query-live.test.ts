import { filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, SupabaseRxInputError } from 'supabase-rx';
import type { LiveQueryState } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../helpers/emulator.js';

/** `query.live(options)`: liveQuery through the select builder, its code loaded on first use. */

const SQL = `
create table public.qlive_todos (id int primary key, prio int not null, done boolean not null default false);
grant select on public.qlive_todos to anon, authenticated;
alter publication supabase_realtime add table public.qlive_todos;
`;

type Db = {
  public: {
    Tables: {
      qlive_todos: {
        Row: { id: number; prio: number; done: boolean };
        Insert: { id: number; prio: number; done?: boolean };
        Update: { id?: number; prio?: number; done?: boolean };
        Relationships: [];
      };
    };
    Views: Record<string, never>;
    Functions: Record<string, never>;
  };
};

describe.each(suiteEngines())('query.live() against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterAll(() => emu?.stop());

  const until = <T>(
    live$: Observable<LiveQueryState<T>>,
    pred: (s: LiveQueryState<T>) => boolean,
  ) => firstValueFrom(live$.pipe(filter(pred), timeout(10_000)));

  it('types the rows, shares one channel between subscribers, and follows changes as a fresh select', async () => {
    const supabase = createClient<Db>(emu.url, emu.anonKey);
    await emu.db.query('insert into public.qlive_todos (id, prio) values (1, 10), (2, 20)');
    const query = supabase
      .from('qlive_todos')
      .select('id, prio')
      .eq('done', false)
      .order('prio', { ascending: false });
    const options = { realtime: supabase, primaryKey: 'id' };
    const live$ = query.live(options);
    expectTypeOf(live$).toEqualTypeOf<Observable<LiveQueryState<{ id: number; prio: number }>>>();
    // A list of rows only: not after single().
    // @ts-expect-error live() needs a query of a list of rows
    const notLive = () => query.single().live(options);
    expectTypeOf(notLive).toBeFunction();

    const seen: LiveQueryState<{ id: number; prio: number }>[] = [];
    const a = live$.subscribe((s) => seen.push(s));
    const b = live$.subscribe();
    try {
      const first = await until(live$, (s) => s.status === 'live');
      expect(first.data).toEqual([
        { id: 2, prio: 20 },
        { id: 1, prio: 10 },
      ]);
      expect(seen[0]).toMatchObject({ status: 'connecting', data: [] });
      expect(supabase.getChannels()).toHaveLength(1);

      await emu.db.query('insert into public.qlive_todos (id, prio) values (3, 15)');
      await emu.db.query('update public.qlive_todos set done = true where id = 2');
      await emu.db.query('delete from public.qlive_todos where id = 1');
      const expected = (await firstValueFrom(query)).data;
      expect(expected).toEqual([{ id: 3, prio: 15 }]);
      const last = await until(live$, (s) => JSON.stringify(s.data) === JSON.stringify(expected));
      expect(last.status).toBe('live');
    } finally {
      a.unsubscribe();
      b.unsubscribe();
    }
  });

  it('bad input errors with a SupabaseRxInputError, and an early unsubscribe joins nothing', async () => {
    const supabase = createClient<Db>(emu.url, emu.anonKey);
    const query = supabase.from('qlive_todos').select('id, prio');
    const error = await firstValueFrom(query.live({ realtime: supabase, primaryKey: [] })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SupabaseRxInputError);
    // A mutation's builder has the method too (its type does not say the method); it errors,
    // and sends nothing.
    const mutation = supabase.from('qlive_todos').insert({ id: 9, prio: 1 }).select();
    const refused = await firstValueFrom(
      mutation.live({ realtime: supabase, primaryKey: 'id' }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SupabaseRxInputError);
    expect((await emu.db.query('select 1 from public.qlive_todos where id = 9')).rows).toEqual([]);

    // Unsubscribed before the chunk loaded: it joins nothing (the next one is the only channel).
    query.live({ realtime: supabase, primaryKey: 'id' }).subscribe().unsubscribe();
    const next$ = query.live({ realtime: supabase, primaryKey: 'id' });
    const sub = next$.subscribe();
    try {
      await until(next$, (s) => s.status === 'live');
      expect(supabase.getChannels()).toHaveLength(1);
    } finally {
      sub.unsubscribe();
    }
  });
});
