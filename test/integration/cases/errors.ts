import type { DbCase } from '../helpers/case.js';

/**
 * Errors: PostgREST's codes, statuses and messages (users match on them), through both clients.
 * Messages are PostgREST 12–14's wording.
 */
export const errorCases: DbCase[] = [
  {
    name: 'unknown table: PGRST205, 404',
    query: (db) => db.from('no_such_table').select('*'),
    error: {
      code: 'PGRST205',
      status: 404,
      message: "Could not find the table 'public.no_such_table' in the schema cache",
    },
  },
  {
    name: 'unknown table close to a real one: the hint names it',
    query: (db) => db.from('note').select('*'),
    error: {
      code: 'PGRST205',
      status: 404,
      message: "Could not find the table 'public.note' in the schema cache",
      hint: "Perhaps you meant the table 'public.notes'",
    },
  },
  {
    name: 'unknown column in select: 42703, 400',
    query: (db) => db.from('countries').select('name, nope'),
    error: { code: '42703', status: 400, message: 'column countries.nope does not exist' },
  },
  {
    name: 'unknown column in a filter: 42703, 400',
    query: (db) => db.from('countries').select('name').eq('nope', 1),
    error: { code: '42703', status: 400, message: 'column countries.nope does not exist' },
  },
  {
    name: 'a value of the wrong type: 22P02, 400',
    query: (db) => db.from('countries').select('name').eq('id', 'abc'),
    error: { code: '22P02', status: 400, message: 'invalid input syntax for type bigint: "abc"' },
  },
  {
    name: 'no relationship between the tables: PGRST200, 400',
    query: (db) => db.from('countries').select('name, movies(title)'),
    error: {
      code: 'PGRST200',
      status: 400,
      message: "Could not find a relationship between 'countries' and 'movies' in the schema cache",
    },
  },
  {
    name: 'more than one relationship (director and actors): PGRST201, 300',
    query: (db) => db.from('movies').select('title, people(name)'),
    error: {
      code: 'PGRST201',
      status: 300,
      message:
        "Could not embed because more than one relationship was found for 'movies' and 'people'",
    },
  },
  {
    name: 'two foreign keys to the same table without a hint: PGRST201',
    query: (db) => db.from('routes').select('id, cities(name)'),
    error: {
      code: 'PGRST201',
      status: 300,
      message:
        "Could not embed because more than one relationship was found for 'routes' and 'cities'",
    },
  },
  {
    name: 'a malformed or filter: PGRST100, 400',
    query: (db) => db.from('cities').select('name').or('population.lt'),
    error: { code: 'PGRST100', status: 400 },
  },
  {
    // PostgREST reads `name=nope.x` as an rpc argument, not a filter (no known operator, no dot in
    // the key), and a table ignores rpc arguments: every row comes back. supabase-rx refuses the
    // call instead of silently dropping the user's filter.
    name: 'an unknown operator in filter(): PostgREST ignores it and answers every row',
    query: (db) => db.from('cities').select('name').filter('name', 'nope', 'x'),
    rows: 'select name from cities',
    rxRefuses: 'an unknown operator is bad input',
  },
  {
    name: 'single with no row: PGRST116, 406',
    query: (db) => db.from('countries').select('name').eq('code', 'ZZ').single(),
    error: {
      code: 'PGRST116',
      status: 406,
      message: 'Cannot coerce the result to a single JSON object',
      details: 'The result contains 0 rows',
    },
  },
  {
    name: 'single with several rows: PGRST116, 406',
    query: (db) => db.from('countries').select('name').eq('continent', 'Europe').single(),
    error: {
      code: 'PGRST116',
      status: 406,
      message: 'Cannot coerce the result to a single JSON object',
      details: 'The result contains 2 rows',
    },
  },
  {
    name: 'maybeSingle with several rows: PGRST116, 406 (decided by the client)',
    query: (db) => db.from('countries').select('name').eq('continent', 'Europe').maybeSingle(),
    error: {
      code: 'PGRST116',
      status: 406,
      message: 'JSON object requested, multiple (or no) rows returned',
      details: 'Results contain 2 rows, application/vnd.pgrst.object+json requires 1 row',
    },
  },
  {
    name: 'an unexposed schema: PGRST106, 406',
    query: (db) => db.schema('auth').from('users').select('*'),
    error: { code: 'PGRST106', status: 406 },
  },
  {
    name: 'geojson without PostGIS: 406',
    query: (db) => db.from('cities').select('name').geojson(),
    error: {
      code: 'PGRST107',
      status: 406,
      message: 'None of these media types are available: application/geo+json',
    },
  },
];

/** `schema()` switching: reads and writes in another exposed schema. */
export const schemaCases: DbCase[] = [
  {
    name: 'schema() reads from another exposed schema (Accept-Profile)',
    query: (db) => db.schema('inventory').from('items').select('sku, quantity').order('id'),
    rows: 'select sku, quantity from inventory.items order by id',
    order: 'all',
  },
  {
    name: 'schema() calls a function of another schema',
    query: (db) => db.schema('inventory').rpc('total_quantity'),
    value: 'select inventory.total_quantity()',
  },
  {
    name: 'a table of another schema is not found in public',
    query: (db) => db.from('items').select('*'),
    error: {
      code: 'PGRST205',
      status: 404,
      message: "Could not find the table 'public.items' in the schema cache",
    },
  },
];
