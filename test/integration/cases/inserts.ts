import type { DbCase } from '../helpers/case.js';
import { COLS, mine, seedTasks, seeded, task } from './tasks.js';

/** insert and upsert with every option and `select()`, checked against the rows Postgres holds. */
export const insertCases: DbCase[] = [
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
    name: 'insert of two rows with select().single(): PGRST116, 406, and nothing is written',
    query: (db, r) =>
      db
        .from('tasks')
        .insert([
          { tag: r.tag, slug: 'a', title: 'A' },
          { tag: r.tag, slug: 'b', title: 'B' },
        ])
        .select(COLS)
        .single(),
    error: {
      code: 'PGRST116',
      status: 406,
      message: 'Cannot coerce the result to a single JSON object',
      details: 'The result contains 2 rows',
    },
    after: { sql: mine, equals: () => [] },
  },
];
