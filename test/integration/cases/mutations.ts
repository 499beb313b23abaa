import { expect } from 'vitest';
import type { CheckTools, DbCase, RunContext } from '../helpers/case.js';

/**
 * insert / upsert / update / delete with every option and `select()`. Each run owns the rows that
 * carry its tag (`tasks.tag`), so the two clients and the cases never see each other's rows.
 */

/** The columns the cases read back (no id: ids differ between the two clients' runs). */
const COLS = 'tag, slug, title, done, priority, due, labels, meta';
const mine = {
  sql: `select ${COLS} from tasks where tag = $1 order by slug`,
  params: (r: RunContext) => [r.tag],
};

/** A task as the database holds it after an insert of `fields` (column defaults elsewhere). */
function task(run: RunContext, fields: Record<string, unknown>): Record<string, unknown> {
  return { tag: run.tag, done: false, priority: 3, due: null, labels: [], meta: {}, ...fields };
}

/** Creates tasks `a`, `b`, `c` … for the run, with priorities 1, 2, 3 …; returns their ids. */
function seedTasks(count: number) {
  return async (tools: CheckTools, run: RunContext) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const slug = String.fromCharCode(97 + i);
      const r = await tools.db.query<{ id: number }>(
        'insert into tasks (tag, slug, title, priority) values ($1, $2, $3, $4) returning id',
        [run.tag, slug, `Task ${slug}`, i + 1],
      );
      ids.push(Number(r.rows[0].id));
    }
    return ids;
  };
}

const seeded = (
  run: RunContext,
  slugs: string[],
  changes: Record<string, Record<string, unknown>> = {},
) =>
  slugs.map((s, i) => task(run, { slug: s, title: `Task ${s}`, priority: i + 1, ...changes[s] }));

export const mutationCases: DbCase[] = [
  {
    name: 'insert one row: 201, no body (return=minimal)',
    query: (db, r) => db.from('tasks').insert({ tag: r.tag, slug: 'a', title: 'A' }),
    status: 201,
    noData: true,
    after: { sql: mine, equals: (r) => [task(r, { slug: 'a', title: 'A' })] },
  },
  {
    name: 'insert one row and select it back',
    query: (db, r) =>
      db
        .from('tasks')
        .insert({ tag: r.tag, slug: 'a', title: 'A', labels: ['x', 'y'], meta: { k: [1] } })
        .select(COLS),
    status: 201,
    rows: mine,
    after: {
      sql: mine,
      equals: (r) => [task(r, { slug: 'a', title: 'A', labels: ['x', 'y'], meta: { k: [1] } })],
    },
  },
  {
    name: 'insert and select().single(): the row as an object',
    query: (db, r) =>
      db
        .from('tasks')
        .insert({ tag: r.tag, slug: 'a', title: 'A', due: '2030-01-31' })
        .select(COLS)
        .single(),
    status: 201,
    row: mine,
  },
  {
    name: 'bulk insert with different keys: missing keys become null (defaultToNull)',
    query: (db, r) =>
      db
        .from('tasks')
        .insert([
          { tag: r.tag, slug: 'a', title: 'A', priority: 7 },
          { tag: r.tag, slug: 'b', title: 'B', due: '2030-01-01' },
        ])
        .select(COLS),
    status: 201,
    rows: mine,
    after: {
      sql: mine,
      equals: (r) => [
        task(r, { slug: 'a', title: 'A', priority: 7, due: null }),
        task(r, { slug: 'b', title: 'B', due: '2030-01-01', priority: null }),
      ],
    },
  },
  {
    name: 'bulk insert with defaultToNull: false: missing keys take the column default',
    query: (db, r) =>
      db.from('tasks').insert(
        [
          { tag: r.tag, slug: 'a', title: 'A', priority: 7 },
          { tag: r.tag, slug: 'b', title: 'B', due: '2030-01-01' },
        ],
        { defaultToNull: false },
      ),
    status: 201,
    noData: true,
    after: {
      sql: mine,
      equals: (r) => [
        task(r, { slug: 'a', title: 'A', priority: 7 }),
        task(r, { slug: 'b', title: 'B', due: '2030-01-01' }),
      ],
    },
  },
  {
    name: 'insert with count: exact',
    query: (db, r) =>
      db.from('tasks').insert(
        [
          { tag: r.tag, slug: 'a', title: 'A' },
          { tag: r.tag, slug: 'b', title: 'B' },
        ],
        { count: 'exact' },
      ),
    status: 201,
    noData: true,
    count: { sql: 'select count(*) from tasks where tag = $1', params: (r) => [r.tag] },
  },
  {
    name: 'insert into a table with a generated-always identity, select back',
    query: (db, r) =>
      db
        .from('reviews')
        .insert({ movie_id: 3, reviewer: r.tag, stars: 4 })
        .select('reviewer, stars, reviewed_on'),
    status: 201,
    rows: {
      sql: 'select reviewer, stars, reviewed_on from reviews where reviewer = $1',
      params: (r) => [r.tag],
    },
  },
  {
    name: 'insert and select an embedded parent (many-to-one)',
    setup: seedTasks(1),
    query: (db, r) =>
      db
        .from('task_notes')
        .insert({ task_id: r.fixture[0], body: `note ${r.tag}` })
        .select('body, tasks(slug, title)'),
    status: 201,
    rows: {
      sql: `select n.body, json_build_object('slug', t.slug, 'title', t.title) as tasks
            from task_notes n join tasks t on t.id = n.task_id where t.tag = $1`,
      params: (r) => [r.tag],
    },
  },
  {
    name: 'upsert merges on a unique constraint (onConflict), other columns untouched',
    setup: seedTasks(1),
    query: (db, r) =>
      db
        .from('tasks')
        .upsert({ tag: r.tag, slug: 'a', title: 'New' }, { onConflict: 'tag,slug' })
        .select(COLS),
    // 201, or 200 when the upsert only touched existing rows; both clients must agree either way.
    status: [200, 201],
    rows: mine,
    after: { sql: mine, equals: (r) => seeded(r, ['a'], { a: { title: 'New' } }) },
  },
  {
    name: 'upsert with ignoreDuplicates leaves the row alone and returns nothing for it',
    setup: seedTasks(1),
    query: (db, r) =>
      db
        .from('tasks')
        .upsert(
          { tag: r.tag, slug: 'a', title: 'New' },
          { onConflict: 'tag,slug', ignoreDuplicates: true },
        )
        .select(COLS),
    // 201, or 200 when the upsert only touched existing rows; both clients must agree either way.
    status: [200, 201],
    rows: 'select 1 as nothing where false',
    after: { sql: mine, equals: (r) => seeded(r, ['a']) },
  },
  {
    name: 'bulk upsert: one row updated, one inserted, defaults kept (defaultToNull: false)',
    setup: seedTasks(1),
    query: (db, r) =>
      db
        .from('tasks')
        .upsert(
          [
            { tag: r.tag, slug: 'a', title: 'A2', done: true },
            { tag: r.tag, slug: 'z', title: 'Z' },
          ],
          { onConflict: 'tag,slug', defaultToNull: false, count: 'exact' },
        )
        .select(COLS),
    // 201, or 200 when the upsert only touched existing rows; both clients must agree either way.
    status: [200, 201],
    rows: mine,
    count: { sql: 'select count(*) from tasks where tag = $1', params: (r) => [r.tag] },
    after: {
      sql: mine,
      equals: (r) => [
        ...seeded(r, ['a'], { a: { title: 'A2', done: true } }),
        task(r, { slug: 'z', title: 'Z' }),
      ],
    },
  },
  {
    name: 'upsert on the primary key (no onConflict)',
    setup: seedTasks(1),
    query: (db, r) =>
      db.from('tasks').upsert({ id: r.fixture[0], tag: r.tag, slug: 'a', title: 'By id' }),
    // 201, or 200 when the upsert only touched existing rows; both clients must agree either way.
    status: [200, 201],
    noData: true,
    after: { sql: mine, equals: (r) => seeded(r, ['a'], { a: { title: 'By id' } }) },
  },
  {
    name: 'update with a filter and select the changed rows',
    setup: seedTasks(3),
    query: (db, r) =>
      db
        .from('tasks')
        .update({ done: true, labels: ['done'] })
        .eq('tag', r.tag)
        .lte('priority', 2)
        .select(COLS),
    rows: { sql: `select ${COLS} from tasks where tag = $1 and done`, params: (r) => [r.tag] },
    after: {
      sql: mine,
      equals: (r) =>
        seeded(r, ['a', 'b', 'c'], {
          a: { done: true, labels: ['done'] },
          b: { done: true, labels: ['done'] },
        }),
    },
  },
  {
    name: 'update without select: 204, no body',
    setup: seedTasks(2),
    query: (db, r) =>
      db.from('tasks').update({ title: 'Renamed' }).eq('tag', r.tag).eq('slug', 'b'),
    status: 204,
    noData: true,
    after: { sql: mine, equals: (r) => seeded(r, ['a', 'b'], { b: { title: 'Renamed' } }) },
  },
  {
    name: 'update with count: exact',
    setup: seedTasks(3),
    query: (db, r) =>
      db
        .from('tasks')
        .update({ priority: 9 }, { count: 'exact' })
        .eq('tag', r.tag)
        .neq('slug', 'a'),
    status: 204,
    noData: true,
    count: {
      sql: 'select count(*) from tasks where tag = $1 and priority = 9',
      params: (r) => [r.tag],
    },
    after: {
      sql: mine,
      equals: (r) => seeded(r, ['a', 'b', 'c'], { b: { priority: 9 }, c: { priority: 9 } }),
    },
  },
  {
    name: 'update matching nothing returns an empty array',
    query: (db, r) => db.from('tasks').update({ title: 'x' }).eq('tag', r.tag).select(COLS),
    rows: mine,
  },
  {
    name: 'update ... select().single()',
    setup: seedTasks(2),
    query: (db, r) =>
      db
        .from('tasks')
        .update({ due: '2031-02-03' })
        .eq('tag', r.tag)
        .eq('slug', 'a')
        .select(COLS)
        .single(),
    row: { sql: `select ${COLS} from tasks where tag = $1 and slug = 'a'`, params: (r) => [r.tag] },
  },
  {
    name: 'update a jsonb column with a nested object',
    setup: seedTasks(1),
    query: (db, r) =>
      db
        .from('tasks')
        .update({ meta: { nested: { list: [1, 'two', null], ok: true } } })
        .eq('tag', r.tag)
        .select('meta'),
    rows: { sql: 'select meta from tasks where tag = $1', params: (r) => [r.tag] },
    after: {
      sql: mine,
      equals: (r) =>
        seeded(r, ['a'], { a: { meta: { nested: { list: [1, 'two', null], ok: true } } } }),
    },
  },
  {
    name: 'delete with a filter and select the deleted rows',
    setup: seedTasks(3),
    query: (db, r) =>
      db.from('tasks').delete().eq('tag', r.tag).in('slug', ['a', 'c']).select('slug, title'),
    check: (o) =>
      expect((o.data as { slug: string }[]).map((t) => t.slug).sort()).toEqual(['a', 'c']),
    after: { sql: mine, equals: (r) => seeded(r, ['a', 'b', 'c']).filter((t) => t.slug === 'b') },
  },
  {
    name: 'delete with count: exact and no body',
    setup: seedTasks(2),
    query: (db, r) => db.from('tasks').delete({ count: 'exact' }).eq('tag', r.tag),
    status: 204,
    noData: true,
    count: { sql: 'select 2' },
    after: { sql: mine, equals: () => [] },
  },
  {
    name: 'rollback(): the response is as if written, the database unchanged',
    query: (db, r) =>
      db
        .from('tasks')
        .insert({ tag: r.tag, slug: 'a', title: 'A' })
        .select('tag, slug, title')
        .rollback(),
    status: 201,
    check: (o, _tools, r) => expect(o.data).toEqual([{ tag: r.tag, slug: 'a', title: 'A' }]),
    after: { sql: mine, equals: () => [] },
  },
  {
    name: 'maxAffected: an update touching more rows fails and changes nothing',
    setup: seedTasks(2),
    query: (db, r) => db.from('tasks').update({ title: 'x' }).eq('tag', r.tag).maxAffected(1),
    error: { code: 'PGRST124', status: 400 },
    after: { sql: mine, equals: (r) => seeded(r, ['a', 'b']) },
  },
  {
    name: 'maxAffected within the limit succeeds',
    setup: seedTasks(2),
    query: (db, r) =>
      db.from('tasks').update({ title: 'x' }).eq('tag', r.tag).eq('slug', 'a').maxAffected(1),
    status: 204,
    noData: true,
    after: { sql: mine, equals: (r) => seeded(r, ['a', 'b'], { a: { title: 'x' } }) },
  },
  {
    name: 'unique violation: 23505, 409',
    setup: seedTasks(1),
    query: (db, r) => db.from('tasks').insert({ tag: r.tag, slug: 'a', title: 'again' }),
    error: {
      code: '23505',
      status: 409,
      message: 'duplicate key value violates unique constraint "tasks_tag_slug_key"',
      details: /^Key \(tag, slug\)=\(.+, a\) already exists\.$/,
    },
    after: { sql: mine, equals: (r) => seeded(r, ['a']) },
  },
  {
    name: 'not-null violation: 23502, 400',
    query: (db, r) => db.from('tasks').insert({ tag: r.tag, slug: 'a' }),
    error: {
      code: '23502',
      status: 400,
      message: 'null value in column "title" of relation "tasks" violates not-null constraint',
    },
    after: { sql: mine, equals: () => [] },
  },
  {
    name: 'foreign key violation: 23503, 409',
    query: (db, r) => db.from('task_notes').insert({ task_id: -1, body: r.tag }),
    error: {
      code: '23503',
      status: 409,
      message:
        'insert or update on table "task_notes" violates foreign key constraint "task_notes_task_id_fkey"',
    },
  },
  {
    name: 'check violation: 23514, 400',
    query: (db, r) => db.from('reviews').insert({ movie_id: 1, reviewer: r.tag, stars: 9 }),
    error: {
      code: '23514',
      status: 400,
      message: 'new row for relation "reviews" violates check constraint "reviews_stars_check"',
    },
  },
  {
    name: 'an unknown column in the body: PGRST204, 400',
    query: (db, r) => db.from('tasks').insert({ tag: r.tag, slug: 'a', title: 'A', nope: 1 }),
    error: {
      code: 'PGRST204',
      status: 400,
      message: "Could not find the 'nope' column of 'tasks' in the schema cache",
    },
    after: { sql: mine, equals: () => [] },
  },
  {
    name: 'insert into another schema (Content-Profile)',
    query: (db, r) =>
      db
        .schema('inventory')
        .from('items')
        .insert({ sku: r.tag, name: 'Spring', quantity: 5 })
        .select('sku, name, quantity'),
    status: 201,
    rows: {
      sql: 'select sku, name, quantity from inventory.items where sku = $1',
      params: (r) => [r.tag],
    },
  },
];
