import {
  filter,
  firstValueFrom,
  lastValueFrom,
  timeout,
  type Observable,
  type Subscription,
} from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from 'supabase-rx';
import { liveQuery, optimistic, type OptimisticState } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../helpers/emulator.js';

/** optimistic over a liveQuery against the emulator: success settles on the server's rows, failure rolls back. */

const SQL = `
create table public.opt_todos (
  id int primary key,
  title text not null,
  done boolean not null default false
);
grant select, insert, update, delete on public.opt_todos to anon, authenticated;
alter publication supabase_realtime add table public.opt_todos;
create table public.todos (id int primary key, title text not null, done boolean not null default false);
grant select, insert, update, delete on public.todos to anon, authenticated;
alter publication supabase_realtime add table public.todos;
`;

type Todo = { id: number; title: string; done: boolean };

describe.each(suiteEngines())('optimistic against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  let supabase: SupabaseClient;
  const subs: Subscription[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
    supabase = createClient(emu.url, emu.anonKey);
  });
  afterEach(async () => {
    subs.splice(0).forEach((s) => s.unsubscribe());
    await emu.db.query('delete from public.opt_todos');
  });
  afterAll(() => emu?.stop());

  it('update, insert, delete show at once, settle on a fresh select; a failed insert rolls back', async () => {
    await emu.db.query(`insert into public.opt_todos (id, title) values (1, 'a'), (2, 'b')`);
    const query = () => supabase.from('opt_todos').select('id, title, done').order('id');
    const todos = optimistic(liveQuery(query(), { realtime: supabase, primaryKey: 'id' }), {
      primaryKey: 'id',
    });
    const state$ = todos.state$ as Observable<OptimisticState<Todo>>;
    const seen: OptimisticState<Todo>[] = [];
    subs.push(state$.subscribe((s) => seen.push(s)));
    const until = (what: string, pred: (s: OptimisticState<Todo>) => boolean) =>
      firstValueFrom(
        state$.pipe(
          filter(pred),
          timeout({
            first: 10_000,
            with: () => Promise.reject(new Error(`${what}: last ${JSON.stringify(seen.at(-1))}`)),
          }),
        ),
      );
    const settled = async (what: string) => {
      const { data } = await firstValueFrom(query());
      return until(
        what,
        (s) =>
          s.status === 'live' &&
          s.pending.size === 0 &&
          JSON.stringify(s.data) === JSON.stringify(data),
      );
    };
    await until('live', (s) => s.status === 'live' && s.data.length === 2);

    // Update: shown at once, pending, before the request is even answered.
    const upd = todos.mutate(
      supabase.from('opt_todos').update({ done: true }).eq('id', 1).select(),
      { update: { id: 1, done: true } },
    );
    const updDone = lastValueFrom(upd);
    expect(seen.at(-1)).toMatchObject({ data: [{ id: 1, done: true }, { id: 2 }] });
    expect([...seen.at(-1)!.pending]).toEqual(['1']);
    await updDone;
    await settled('after the update');

    // Insert and delete.
    await Promise.all([
      lastValueFrom(
        todos.mutate(supabase.from('opt_todos').insert({ id: 3, title: 'c' }).select(), {
          insert: { id: 3, title: 'c', done: false },
        }),
      ),
      lastValueFrom(
        todos.mutate(supabase.from('opt_todos').delete().eq('id', 2), { delete: { id: 2 } }),
      ),
    ]);
    const after = await settled('after insert and delete');
    expect(after.data.map((r) => r.id)).toEqual([1, 3]);

    // A failing insert (duplicate key): shown, then rolled back, the error reported.
    const dup = lastValueFrom(
      todos.mutate(supabase.from('opt_todos').insert({ id: 1, title: 'dup' }).select(), {
        insert: { id: 1, title: 'dup', done: false },
      }),
    );
    expect(seen.at(-1)!.data.find((r) => r.id === 1)?.title).toBe('dup');
    const error = await dup.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: '23505' });
    const rolledBack = await settled('after the failed insert');
    expect(rolledBack.rejected).toMatchObject({ key: '1', error: { code: '23505' } });
    expect(rolledBack.data.map((r) => [r.id, r.title])).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
  });

  it('docs/live-query.md: the optimistic sample', async () => {
    await emu.db.query(`insert into public.todos (id, title) values (1, 'a'), (2, 'b')`);
    const renders: { data: readonly object[]; pending: ReadonlySet<string> }[] = [];
    const render = (data: readonly object[], pending: ReadonlySet<string>, rejected: unknown) => {
      expect(rejected).toBeUndefined();
      renders.push({ data, pending });
    };
    const toasts: string[] = [];
    const toast = (message: string) => toasts.push(message);
    // The sample, as written:
    const todos = optimistic(
      liveQuery(supabase.from('todos').select('id, title, done').order('id'), {
        realtime: supabase,
        primaryKey: 'id',
      }),
      { primaryKey: 'id' },
    );
    subs.push(
      todos.state$.subscribe(({ data, pending, rejected }) => render(data, pending, rejected)),
    );
    await firstValueFrom(
      todos.state$.pipe(
        filter((s) => s.status === 'live'),
        timeout(10_000),
      ),
    );
    todos
      .mutate(supabase.from('todos').update({ done: true }).eq('id', 1).select(), {
        update: { id: 1, done: true },
      })
      .subscribe({ error: (e: Error) => toast(e.message) });
    // (end of the sample)
    expect(renders.at(-1)).toMatchObject({ data: [{ id: 1, done: true }, { id: 2 }] });
    expect([...renders.at(-1)!.pending]).toEqual(['1']);
    await firstValueFrom(
      todos.state$.pipe(
        filter((s) => s.pending.size === 0 && (s.data[0] as Todo).done),
        timeout(10_000),
      ),
    );
    const { data } = await firstValueFrom(
      supabase.from('todos').select('id, title, done').order('id'),
    );
    expect(renders.at(-1)!.data).toEqual(data);
    expect(toasts).toEqual([]);
  });
});
