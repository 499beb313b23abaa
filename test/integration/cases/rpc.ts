import type { DbCase } from '../helpers/case.js';

/** rpc: POST, GET, HEAD, count, filters and modifiers on set results, every kind of function. */
export const rpcCases: DbCase[] = [
  {
    name: 'scalar function (POST)',
    query: (db) => db.rpc('add_numbers', { a: 2, b: 40 }),
    value: 'select add_numbers(2, 40)',
  },
  {
    name: 'function with a default argument left out',
    query: (db) => db.rpc('greet', { name: 'Ada' }),
    value: `select greet('Ada')`,
  },
  {
    name: 'function with a default argument given',
    query: (db) => db.rpc('greet', { name: 'Ada', greeting: 'Bonjour' }),
    value: `select greet('Ada', 'Bonjour')`,
  },
  {
    name: 'get: true sends the arguments in the query string',
    query: (db) => db.rpc('add_numbers', { a: 20, b: 22 }, { get: true }),
    value: 'select add_numbers(20, 22)',
  },
  {
    name: 'an array argument (POST)',
    query: (db) => db.rpc('sum_all', { vals: [1, 2, 3, 4] }),
    value: `select sum_all('{1,2,3,4}')`,
  },
  {
    name: 'an array argument with get: true ({1,2,3})',
    query: (db) => db.rpc('sum_all', { vals: [5, 6] }, { get: true }),
    value: `select sum_all('{5,6}')`,
  },
  {
    name: 'a jsonb argument and result keep nested JSON intact',
    query: (db) => db.rpc('echo_json', { payload: { a: [1, { b: null }], 'odd key': 'é"\\' } }),
    value: {
      sql: 'select echo_json($1::jsonb)',
      params: () => [JSON.stringify({ a: [1, { b: null }], 'odd key': 'é"\\' })],
    },
  },
  {
    name: 'set-returning function: all rows',
    query: (db) => db.rpc('movies_since', { min_year: 1960 }),
    rows: 'select * from movies_since(1960)',
    order: 'top',
  },
  {
    name: 'set-returning function with select, filters and order',
    query: (db) =>
      db
        .rpc('movies_since', { min_year: 1950 })
        .select('id, title')
        .lt('year', 1990)
        .order('year', { ascending: false }),
    rows: 'select id, title from movies_since(1950) where year < 1990 order by year desc',
    order: 'all',
  },
  {
    name: 'set-returning function with limit, range and count',
    query: (db) =>
      db
        .rpc('movies_since', { min_year: 1950 }, { count: 'exact' })
        .select('title')
        .order('id')
        .range(1, 2),
    rows: 'select title from movies_since(1950) order by id offset 1 limit 2',
    order: 'all',
    count: 'select count(*) from movies_since(1950)',
    status: [200, 206],
  },
  {
    name: 'set-returning function with single()',
    query: (db) => db.rpc('movies_since', { min_year: 2000 }).select('title').single(),
    row: 'select title from movies_since(2000)',
  },
  {
    name: 'set-returning function with an embed of a related table',
    query: (db) => db.rpc('movies_since', { min_year: 1990 }).select('title, reviews(stars)'),
    rows: `select m.title, coalesce((select json_agg(x) from (select r.stars from reviews r where r.movie_id = m.id) x), '[]'::json) as reviews
           from movies_since(1990) m`,
  },
  {
    name: 'head: true with count: no body, the count of the set',
    query: (db) => db.rpc('movies_since', { min_year: 1960 }, { head: true, count: 'exact' }),
    noData: true,
    count: 'select count(*) from movies_since(1960)',
  },
  {
    name: 'get: true on a set-returning function with a filter',
    query: (db) =>
      db
        .rpc('movies_since', { min_year: 1950 }, { get: true })
        .select('title')
        .eq('director_id', 2),
    rows: 'select title from movies_since(1950) where director_id = 2',
  },
  {
    name: 'head: true with an object argument goes as POST, with the count',
    query: (db) => db.rpc('echo_json', { payload: { a: 1 } }, { head: true, count: 'exact' }),
    // Whether a function's body is returned under return=minimal is the server's call; the count
    // is not, and both clients must read the same response.
    status: [200, 204],
    count: 'select 1',
  },
  {
    name: 'table-returning function',
    query: (db) => db.rpc('city_counts'),
    rows: 'select * from city_counts()',
    order: 'all',
  },
  {
    name: 'table-returning function filtered on an output column',
    query: (db) => db.rpc('city_counts').gt('cities', 1),
    rows: 'select * from city_counts() where cities > 1',
    order: 'all',
  },
  {
    name: 'composite-returning function gives one object',
    query: (db) => db.rpc('movie_by_id', { movie_id: 4 }),
    row: 'select * from movie_by_id(4)',
  },
  {
    name: 'void function: no data',
    query: (db) => db.rpc('do_nothing'),
    noData: true,
    // PostgREST 12+ answers 204; older versions 200 with a null body. Both clients read null.
    status: [200, 204],
  },
  {
    name: 'volatile function (POST) changes the database',
    query: (db, r) => db.rpc('bump_counter', { counter_key: r.tag, step: 3 }),
    value: { sql: 'select value from counters where key = $1', params: (r) => [r.tag] },
    after: {
      sql: { sql: 'select key, value from counters where key = $1', params: (r) => [r.tag] },
      equals: (r) => [{ key: r.tag, value: 3 }],
    },
  },
  {
    name: 'volatile function through GET: read-only transaction, 25006, 405',
    query: (db, r) => db.rpc('bump_counter', { counter_key: r.tag }, { get: true }),
    error: {
      code: '25006',
      status: 405,
      message: 'cannot execute INSERT in a read-only transaction',
    },
    after: {
      sql: { sql: 'select key from counters where key = $1', params: (r) => [r.tag] },
      equals: () => [],
    },
  },
  {
    name: 'a function raising an exception: P0001, 400, with its message, detail and hint',
    query: (db) => db.rpc('fail_with', { msg: 'the sky is falling' }),
    error: {
      code: 'P0001',
      status: 400,
      message: 'the sky is falling',
      details: 'raised on purpose',
      hint: 'a test',
    },
  },
  {
    name: 'an unknown function: PGRST202, 404',
    query: (db) => db.rpc('no_such_function', { a: 1 }),
    error: { code: 'PGRST202', status: 404 },
  },
  {
    name: 'a known function with unknown argument names: PGRST202, 404',
    query: (db) => db.rpc('add_numbers', { a: 1, c: 2 }),
    error: {
      code: 'PGRST202',
      status: 404,
      message: 'Could not find the function public.add_numbers(a, c) in the schema cache',
    },
  },
];
