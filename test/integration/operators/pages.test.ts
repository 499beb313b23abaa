import { Subject, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { lastValueFrom, reduce } from 'rxjs';
import { keysetPaginate, paginate, paginateAll, type Page } from 'supabase-rx/operators';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { rxClient } from '../helpers/clients.js';
import { suiteEngines } from '../helpers/emulator.js';

/**
 * The paging operators against the emulator. keysetPaginate with rows inserted and deleted between pages: every row
 * that exists from start to end is read exactly once, no row twice, no deleted row after its
 * delete, and rows inserted ahead of the cursor are read. The same writes make offset pages
 * (`paginate`) skip a row, which is why keyset pages exist. paginateAll and paginate: every row once,
 * counts, the end found by the extra row, the db module's own errors.
 */

// 40 rows: scores with ties (id % 6) and nulls (every 7th id).
const SQL = `
create table public.posts (id bigint primary key, score int);
insert into public.posts select i, case when i % 7 = 0 then null else i % 6 end from generate_series(1, 40) i;
grant select, insert, update, delete on public.posts to anon, authenticated;
`;

type Row = { id: number; score: number | null };

/** Reads the pages of a stream one at a time. */
function reader(pages$: Observable<Page<Row>>) {
  const queue: Page<Row>[] = [];
  const waiting: ((page: Page<Row> | null) => void)[] = [];
  let ended = false;
  let failure: unknown = null;
  const settle = () => {
    while (waiting.length > 0 && (queue.length > 0 || ended))
      waiting.shift()!(queue.shift() ?? null);
  };
  const sub = pages$.subscribe({
    next: (p) => (queue.push(p), settle()),
    error: (e) => ((failure = e), (ended = true), settle()),
    complete: () => ((ended = true), settle()),
  });
  return {
    take: () =>
      new Promise<Page<Row> | null>((resolve) => {
        waiting.push(resolve);
        settle();
      }).then((p) => {
        if (failure) throw failure;
        return p;
      }),
    close: () => sub.unsubscribe(),
  };
}

/** Postgres's own order of the rows, as keysetPaginate asks for it. */
function orderSql(ascending: boolean, nullsFirst: boolean): string {
  const dir = ascending ? 'asc' : 'desc';
  return `score ${dir} nulls ${nullsFirst ? 'first' : 'last'}, id ${dir}`;
}

describe.each(suiteEngines())('paging operators against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: SQL });
  });
  afterAll(() => emu?.stop());

  const cases = [
    { ascending: true, nullsFirst: false },
    { ascending: true, nullsFirst: true },
    { ascending: false, nullsFirst: true },
    { ascending: false, nullsFirst: false },
  ];

  it.each(cases)(
    'ascending $ascending, nullsFirst $nullsFirst: writes between pages skip or repeat no row',
    async ({ ascending, nullsFirst }) => {
      await reset();
      const base = ascending ? 1000 : 2000;
      const db = rxClient(emu.url, emu.anonKey);
      const q = async (sql: string) => (await emu.db.query(sql)).rows as Row[];
      const before = await q(
        `select id, score from public.posts order by ${orderSql(ascending, nullsFirst)}`,
      );
      const next$ = new Subject<void>();
      const pages = reader(
        keysetPaginate<Row>(db.from('posts').select('id, score'), {
          orderBy: 'score',
          key: 'id',
          ascending,
          nullsFirst,
          pageSize: 5,
          next$,
        }),
      );
      const seen: Row[] = [];
      const deleted = new Set<number>();
      const deletedUnread = new Set<number>();
      const insertedAhead = new Set<number>();
      let step = 0;
      for (;;) {
        const page = await pages.take();
        if (page === null) break;
        seen.push(...page.rows.map((r) => ({ id: Number(r.id), score: r.score })));
        if (!page.hasMore) break;
        step += 1;
        const seenIds = new Set(seen.map((r) => r.id));
        const order = await q(
          `select id, score from public.posts order by ${orderSql(ascending, nullsFirst)}`,
        );
        const ahead = order.filter((r) => !seenIds.has(Number(r.id)));
        // Delete one row already read and one not read yet; both shift what follows.
        const victims = [seen[0]!.id, ahead.length > 1 ? Number(ahead[1]!.id) : null].filter(
          (id): id is number => id !== null && !deleted.has(id),
        );
        for (const id of victims) deleted.add(id);
        if (ahead.length > 1) deletedUnread.add(Number(ahead[1]!.id));
        if (victims.length > 0)
          await q(`delete from public.posts where id in (${victims.join(',')})`);
        // Insert one row behind the cursor (a copy of the first score read: ties it, lower key
        // in ascending order) and one ahead of it (the score of the last row still to come).
        const last = ahead[ahead.length - 1];
        const behindScore = seen[0]!.score;
        await q(`insert into public.posts values (${base + step * 2}, ${behindScore ?? 'null'})`);
        if (last) {
          // A key that orders after the last row's among equal scores: larger ascending, negative descending.
          const aheadId = ascending ? base + step * 2 + 1 : -step;
          // The score of the last row still to come: it sorts next to that row, after the cursor.
          await q(`insert into public.posts values (${aheadId}, ${last.score ?? 'null'})`);
          insertedAhead.add(aheadId);
        }
        next$.next();
      }
      pages.close();

      const ids = seen.map((r) => r.id);
      // No row twice.
      expect(new Set(ids).size).toBe(ids.length);
      // Every row there from start to end, read once.
      const stayed = before.map((r) => Number(r.id)).filter((id) => !deleted.has(id));
      for (const id of stayed) expect(ids).toContain(id);
      // Rows read are in the database's order.
      const final = (
        await q(
          `select id from public.posts where id = any('{${ids.join(',')}}') order by ${orderSql(ascending, nullsFirst)}`,
        )
      ).map((r) => Number(r.id));
      expect(ids.filter((id) => final.includes(id))).toEqual(final);
      // A deleted row not yet read never shows up after its delete.
      expect(deletedUnread.size).toBeGreaterThan(3);
      for (const id of deletedUnread) expect(ids).not.toContain(id);
      expect(step).toBeGreaterThan(3);
      // Rows inserted ahead of the cursor are read.
      expect(insertedAhead.size).toBeGreaterThan(3);
      for (const id of insertedAhead) expect(ids).toContain(id);
    },
  );

  async function reset() {
    await emu.db.query(`delete from public.posts where id >= 1000 or id < 1`);
    await emu.db.query(
      `insert into public.posts select i, case when i % 7 = 0 then null else i % 6 end from generate_series(1, 40) i on conflict (id) do nothing`,
    );
  }

  it('offset pages (paginate) skip a row under the same kind of delete — the reason keyset pages exist', async () => {
    await reset();
    const db = rxClient(emu.url, emu.anonKey);
    const next$ = new Subject<void>();
    const pages = reader(
      paginate<Row>(db.from('posts').select('id, score').order('id'), { pageSize: 5, next$ }),
    );
    const first = (await pages.take())!;
    expect(first.rows.map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5]);
    await emu.db.query('delete from public.posts where id = 1');
    next$.next();
    const second = (await pages.take())!;
    // Row 6 moved to offset 4, already passed: skipped.
    expect(second.rows.map((r) => Number(r.id))).toEqual([7, 8, 9, 10, 11]);
    pages.close();
    await emu.db.query('insert into public.posts values (1, 1)');
  });

  it('paginateAll walks every row once in order, with the exact count on each page', async () => {
    await reset();
    const db = rxClient(emu.url, emu.anonKey);
    const pages = await lastValueFrom(
      paginateAll<Row>(db.from('posts').select('id, score', { count: 'exact' }).order('id'), {
        pageSize: 7,
      }).pipe(reduce((all, page) => [...all, page], [] as Page<Row>[])),
    );
    expect(pages.map((p) => [p.page, p.rows.length, p.hasMore, p.count])).toEqual([
      [0, 7, true, 40],
      [1, 7, true, 40],
      [2, 7, true, 40],
      [3, 7, true, 40],
      [4, 7, true, 40],
      [5, 5, false, 40],
    ]);
    const ids = pages.flatMap((p) => p.rows.map((r) => Number(r.id)));
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('paginate: a page size that divides the table ends on the last full page (the extra row says so)', async () => {
    await reset();
    const db = rxClient(emu.url, emu.anonKey);
    const next$ = new Subject<void>();
    const pages = reader(
      paginate<Row>(db.from('posts').select('id').order('id'), { pageSize: 20, next$ }),
    );
    expect((await pages.take())!.hasMore).toBe(true);
    next$.next();
    const last = (await pages.take())!;
    expect([last.page, last.rows.length, last.hasMore]).toEqual([1, 20, false]);
    expect(await pages.take()).toBeNull();
  });

  it('a failed page errors with the PostgrestError the db module reports', async () => {
    const db = rxClient(emu.url, emu.anonKey);
    const error = await lastValueFrom(
      paginateAll(db.from('no_such_table').select('id'), { pageSize: 5 }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PostgrestError', code: 'PGRST205', status: 404 });
  });

  it('keysetPaginate keeps the query’s own filters, an or() of its own included (both apply)', async () => {
    await reset();
    const db = rxClient(emu.url, emu.anonKey);
    const next$ = new Subject<void>();
    const reading = reader(
      keysetPaginate<Row>(
        db.from('posts').select('id, score').or('score.eq.1,score.is.null').lt('id', 30),
        { orderBy: 'score', key: 'id', pageSize: 3, next$ },
      ),
    );
    const pages: Row[] = [];
    for (let page = await reading.take(); page !== null; page = await reading.take()) {
      pages.push(...page.rows);
      if (page.hasMore) next$.next();
    }
    const expected = (
      await emu.db.query(
        'select id from public.posts where (score = 1 or score is null) and id < 30 order by score asc nulls last, id asc',
      )
    ).rows.map((r) => Number((r as Row).id));
    expect(pages.map((r) => Number(r.id))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(6);
  });
});
