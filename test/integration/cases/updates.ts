import { expect } from 'vitest';
import type { DbCase } from '../helpers/case.js';
import { COLS, mine, seedTasks, seeded } from './tasks.js';

/** update and delete with every option, `select()`, rollback, maxAffected, and write errors. */
export const updateDeleteCases: DbCase[] = [
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
