import { filter, firstValueFrom, Subject, timeout, type Observable, type Subscription } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from 'supabase-rx';
import { livePages, type LivePagesState } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../helpers/emulator.js';

/** livePages against the emulator: writes between pages, the final rows equal a fresh select. */

const SQL = `
create table public.live_pages (
  id int primary key,
  score int,
  body text not null default ''
);
grant select on public.live_pages to anon, authenticated;
alter publication supabase_realtime add table public.live_pages;
create table public.messages (
  id int primary key,
  created_at timestamptz not null,
  body text not null
);
grant select on public.messages to anon, authenticated;
alter publication supabase_realtime add table public.messages;
`;

type Item = { id: number; score: number | null; body: string };

describe.each(suiteEngines())('livePages against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  let supabase: SupabaseClient;
  const subs: Subscription[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
    supabase = createClient(emu.url, emu.anonKey, { realtime: { reconnectAfterMs: () => 10 } });
  });
  afterEach(async () => {
    subs.splice(0).forEach((s) => s.unsubscribe());
    await emu.db.query('delete from public.live_pages');
  });
  afterAll(() => emu?.stop());

  const sql = (text: string) => emu.db.query(text);

  function watch(untyped$: Observable<LivePagesState<object>>) {
    const live$ = untyped$ as Observable<LivePagesState<Item>>;
    const seen: LivePagesState<Item>[] = [];
    subs.push(live$.subscribe((s) => seen.push(s)));
    const until = (what: string, pred: (s: LivePagesState<Item>) => boolean) =>
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

  /** A fresh select of the rows up to `(score, id)` of the last loaded row, in the same order. */
  async function freshUpTo(last: Item | undefined, all: boolean): Promise<Item[]> {
    let q = supabase.from('live_pages').select('id, score, body');
    if (!all && last !== undefined) {
      q = q.or(
        last.score === null
          ? `score.not.is.null,and(score.is.null,id.lte.${last.id})`
          : `score.lt.${last.score},and(score.eq.${last.score},id.lte.${last.id})`,
      );
    }
    const { data } = await firstValueFrom(q.order('score').order('id'));
    return data as Item[];
  }

  it('writes between pages: the loaded rows equal a fresh select of the loaded range', async () => {
    const values = Array.from({ length: 12 }, (_, i) => `(${i + 1}, ${(i + 1) * 10})`).join(',');
    await sql(`insert into public.live_pages (id, score) values ${values}`);
    const more$ = new Subject<void>();
    const w = watch(
      livePages(supabase.from('live_pages').select('id, score, body'), {
        realtime: supabase,
        orderBy: 'score',
        key: 'id',
        pageSize: 4,
        next$: more$,
      }),
    );
    const p1 = await w.until('page 1', (s) => s.status === 'live' && s.rows.length === 4);
    expect(p1.rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);

    // Inside the loaded range, past it, moving out of it, into it, deleted.
    await sql(`update public.live_pages set body = 'x' where id = 2`);
    await sql(`insert into public.live_pages (id, score) values (100, 15), (101, 95)`);
    await sql(`update public.live_pages set score = 200 where id = 1`);
    await sql(`update public.live_pages set score = 5 where id = 9`);
    await sql(`delete from public.live_pages where id = 3`);
    let expectedNow: Item[] = [];
    /** Waits for the state equal to `expectedNow`, the database's loaded range. */
    const check = (what: string) =>
      w.until(
        what,
        (s) =>
          s.status === 'live' &&
          !s.loading &&
          JSON.stringify(s.rows) === JSON.stringify(expectedNow),
      );
    const loadedEnd = () => w.seen.at(-1)!.rows.at(-1);
    // The loaded end is (40, 4): rows 9 (5), 100 (15), 2 (x), 4 come in or stay.
    expectedNow = await freshUpTo({ id: 4, score: 40, body: '' }, false);
    expect(expectedNow.map((r) => r.id)).toEqual([9, 100, 2, 4]);
    await check('changes in page 1');

    more$.next();
    await w.until('page 2', (s) => !s.loading && s.rows.length === 8);
    // Between pages: a row of page 2 updated, a row of page 3 moved into the loaded range.
    await sql(`update public.live_pages set body = 'y' where id = 6`);
    await sql(`update public.live_pages set score = 41 where id = 12`);
    expectedNow = await freshUpTo(loadedEnd(), false);
    await check('changes after page 2');

    let final = w.seen.at(-1)!;
    for (let page = 3; final.hasMore; page++) {
      const loaded = final.rows.length;
      more$.next();
      final = await w.until(`page ${page}`, (s) => !s.loading && s.rows.length > loaded);
    }
    expect(final.rows.length).toBe(13);
    expectedNow = await freshUpTo(final.rows.at(-1), true);
    await check('all pages');
  });

  it('docs/live-query.md: the livePages sample', async () => {
    const values = Array.from(
      { length: 60 },
      (_, i) => `(${i + 1}, '2026-01-01T00:${String(i).padStart(2, '0')}:00Z', 'm${i + 1}')`,
    ).join(',');
    await sql(`insert into public.messages (id, created_at, body) values ${values}`);
    const shown: { rows: readonly { id: number }[]; hasMore: boolean; status: string }[] = [];
    const render = (rows: readonly object[], hasMore: boolean, status: string) =>
      shown.push({ rows: rows as { id: number }[], hasMore, status });
    // The sample, as written:
    const older$ = new Subject<void>();
    const messages$ = livePages(supabase.from('messages').select('id, created_at, body'), {
      realtime: supabase,
      orderBy: 'created_at',
      key: 'id',
      ascending: false,
      pageSize: 50,
      next$: older$,
    });
    subs.push(messages$.subscribe(({ rows, hasMore, status }) => render(rows, hasMore, status)));
    // (end of the sample)
    const w = watch(messages$);
    await w.until('page 1', (s) => s.status === 'live' && s.rows.length === 50);
    expect(shown.at(-1)!.rows[0]!.id).toBe(60);
    older$.next(); // the next 50
    const all = await w.until('page 2', (s) => !s.loading && s.rows.length === 60);
    expect(all.hasMore).toBe(false);
    expect(all.rows.map((r) => r.id)).toEqual(Array.from({ length: 60 }, (_, i) => 60 - i));
    await sql(
      `insert into public.messages (id, created_at, body) values (61, '2026-01-02T00:00:00Z', 'new')`,
    );
    await w.until('the new message first', (s) => s.rows[0]?.id === 61);
    expect(shown.at(-1)!.rows[0]!.id).toBe(61);
  });
});
