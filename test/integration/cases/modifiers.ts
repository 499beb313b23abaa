import { expect } from 'vitest';
import type { DbCase } from '../helpers/case.js';

/** Modifiers: order, limit, range (also on embeds), single, maybeSingle, csv, explain, stripNulls. */
export const modifierCases: DbCase[] = [
  {
    name: 'order ascending (nulls last by default)',
    query: (db) => db.from('cities').select('name, population').order('population'),
    rows: 'select name, population from cities order by population asc nulls last',
    order: 'all',
  },
  {
    name: 'order descending with nullsFirst',
    query: (db) =>
      db
        .from('cities')
        .select('name, population')
        .order('population', { ascending: false, nullsFirst: true }),
    rows: 'select name, population from cities order by population desc nulls first',
    order: 'all',
  },
  {
    name: 'order ascending with nullsFirst: false',
    query: (db) =>
      db.from('countries').select('name').order('continent', { nullsFirst: false }).order('name'),
    rows: 'select name from countries order by continent asc nulls last, name asc',
    order: 'all',
  },
  {
    name: 'several orders',
    query: (db) =>
      db
        .from('reviews')
        .select('reviewer, stars')
        .order('stars', { ascending: false })
        .order('reviewer')
        .order('id'),
    rows: 'select reviewer, stars from reviews order by stars desc, reviewer asc, id asc',
    order: 'all',
  },
  {
    name: 'order on a JSON path',
    query: (db) => db.from('movies').select('title').order('info->>language').order('id'),
    rows: `select title from movies order by info->>'language' asc nulls last, id`,
    order: 'all',
  },
  {
    name: 'order on a referenced table orders the embedded rows',
    query: (db) =>
      db
        .from('countries')
        .select('name, cities(name)')
        .order('id')
        .order('name', { referencedTable: 'cities', ascending: false }),
    rows: `select c.name, coalesce((select json_agg(x) from (select ci.name from cities ci
             where ci.country_id = c.id order by ci.name desc) x), '[]'::json) as cities
           from countries c order by c.id`,
    order: 'all',
  },
  {
    name: 'order by a column of a to-one embed (director(name))',
    query: (db) =>
      db
        .from('movies')
        .select('title, director:people!director_id(name)')
        .order('director(name)', { ascending: false })
        .order('id'),
    rows: `select m.title, (select row_to_json(x) from (select p.name from people p
             where p.id = m.director_id) x) as director
           from movies m left join people d on d.id = m.director_id
           order by d.name desc nulls first, m.id`,
    order: 'all',
  },
  {
    name: 'limit',
    query: (db) => db.from('cities').select('id').order('id').limit(3),
    rows: 'select id from cities order by id limit 3',
    order: 'all',
  },
  {
    name: 'limit 0',
    query: (db) => db.from('cities').select('id').limit(0),
    rows: 'select id from cities limit 0',
  },
  {
    name: 'range (inclusive bounds → offset and limit)',
    query: (db) => db.from('cities').select('id').order('id').range(2, 4),
    rows: 'select id from cities order by id offset 2 limit 3',
    order: 'all',
  },
  {
    name: 'range past the end: empty',
    query: (db) => db.from('cities').select('id').order('id').range(50, 60),
    rows: 'select id from cities order by id offset 50 limit 11',
    order: 'all',
  },
  {
    name: 'range with count exact: a partial result is 206 Partial Content with the total',
    query: (db) => db.from('cities').select('id', { count: 'exact' }).order('id').range(0, 1),
    rows: 'select id from cities order by id limit 2',
    order: 'all',
    status: 206,
    count: 'select count(*) from cities',
    check: (o) => expect(o.statusText).toBe('Partial Content'),
  },
  {
    name: 'limit and order on a referenced table',
    query: (db) =>
      db
        .from('countries')
        .select('name, cities(name, population)')
        .order('population', { referencedTable: 'cities', ascending: false })
        .limit(1, { referencedTable: 'cities' }),
    rows: `select c.name, coalesce((select json_agg(x) from (select ci.name, ci.population from cities ci
             where ci.country_id = c.id order by ci.population desc nulls first limit 1) x), '[]'::json) as cities
           from countries c`,
  },
  {
    name: 'range on a referenced table',
    query: (db) =>
      db
        .from('movies')
        .select('title, reviews(id)')
        .order('id', { referencedTable: 'reviews' })
        .range(1, 1, { referencedTable: 'reviews' }),
    rows: `select m.title, coalesce((select json_agg(x) from (select r.id from reviews r
             where r.movie_id = m.id order by r.id offset 1 limit 1) x), '[]'::json) as reviews from movies m`,
  },
  {
    name: 'single: exactly one row gives an object',
    query: (db) => db.from('countries').select('name, code').eq('code', 'JP').single(),
    row: `select name, code from countries where code = 'JP'`,
  },
  {
    name: 'maybeSingle: one row gives an object',
    query: (db) => db.from('countries').select('name').eq('code', 'IS').maybeSingle(),
    row: `select name from countries where code = 'IS'`,
  },
  {
    name: 'maybeSingle: no row gives null',
    query: (db) => db.from('countries').select('name').eq('code', 'ZZ').maybeSingle(),
    noData: true,
  },
  {
    name: 'single on an embed keeps the embed',
    query: (db) => db.from('countries').select('name, cities(name)').eq('id', 4).single(),
    row: `select c.name, coalesce((select json_agg(x) from (select ci.name from cities ci
            where ci.country_id = c.id) x), '[]'::json) as cities from countries c where c.id = 4`,
  },
  {
    name: 'csv: a header line then one line per row',
    query: (db) => db.from('countries').select('id, name, continent').order('id').csv(),
    check: async (o, tools) => {
      expect(typeof o.data).toBe('string');
      // PostgREST renders each row as Postgres's record text without its parentheses, so a value
      // with a space, comma or quote is double-quoted and a null is empty.
      const expected = (await tools.rows(
        `select substr(t::text, 2, length(t::text) - 2) as line
           from (select id, name, continent from countries order by id) t`,
      )) as { line: string }[];
      const lines = (o.data as string).split('\n');
      expect(lines[0]).toBe('id,name,continent');
      expect(lines.slice(1).filter((l) => l !== '')).toEqual(expected.map((r) => r.line));
    },
  },
  {
    name: 'explain (text): the plan of the query, as text',
    query: (db) => db.from('cities').select('name').eq('id', 1).explain(),
    check: (o) => {
      expect(typeof o.data).toBe('string');
      expect(o.data as string).toMatch(/Scan|Result|Aggregate/);
    },
  },
  {
    name: 'explain (json, analyze): the plan as JSON with actual times',
    query: (db) => db.from('cities').select('name').explain({ format: 'json', analyze: true }),
    check: (o) => {
      const plan = (o.data as { Plan: Record<string, unknown> }[])[0];
      expect(plan.Plan['Node Type']).toEqual(expect.any(String));
      expect(plan.Plan['Actual Rows']).toEqual(expect.any(Number));
    },
    // Timings differ from run to run: the clients must agree on the plan's shape.
    normalize: (data) => {
      const shape = (node: any): unknown => ({
        type: node['Node Type'],
        rows: node['Actual Rows'],
        plans: (node.Plans ?? []).map(shape),
      });
      return (data as { Plan: unknown }[]).map((p) => shape(p.Plan));
    },
  },
  {
    name: 'stripNulls: null fields are left out',
    query: (db) => db.from('countries').select('name, continent, population').stripNulls(),
    check: async (o, tools) => {
      const rows = (await tools.rows(
        'select name, continent, population from countries',
      )) as Record<string, unknown>[];
      const stripped = rows.map((r) =>
        Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)),
      );
      const sort = (xs: unknown) =>
        (xs as Record<string, unknown>[])
          .slice()
          .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(sort(o.data)).toEqual(sort(stripped));
    },
  },
  {
    name: 'stripNulls after single: one object without its null fields',
    query: (db) =>
      db
        .from('countries')
        .select('name, continent, founded')
        .eq('code', 'AT')
        .single()
        .stripNulls(),
    check: async (o, tools) => {
      const [row] = (await tools.rows(
        `select name, continent, founded from countries where code = 'AT'`,
      )) as Record<string, unknown>[];
      expect(o.data).toEqual(Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));
    },
  },
  {
    name: 'order with the deprecated foreignTable option (an alias of referencedTable)',
    query: (db) =>
      db
        .from('countries')
        .select('name, cities(name)')
        .eq('id', 1)
        .order('name', { foreignTable: 'cities' }),
    rows: `select c.name, coalesce((select json_agg(x) from (select ci.name from cities ci
             where ci.country_id = c.id order by ci.name) x), '[]'::json) as cities
           from countries c where c.id = 1`,
    order: 'all',
  },
  {
    name: 'returns() / overrideTypes() change nothing on the wire',
    query: (db) => db.from('countries').select('name').eq('id', 1).returns().overrideTypes(),
    rows: 'select name from countries where id = 1',
  },
  {
    name: 'abortSignal: an aborted signal ends the request with status 0 and the abort hint',
    query: (db) => db.from('cities').select('id').abortSignal(AbortSignal.abort()),
    error: {
      code: '',
      status: 0,
      message: 'AbortError: This operation was aborted',
      hint: 'Request was aborted (timeout or manual cancellation)',
    },
  },
  {
    name: 'retry(false) changes nothing for a successful read',
    query: (db) => db.from('countries').select('name').eq('id', 2).retry(false),
    rows: 'select name from countries where id = 2',
  },
  {
    name: 'setHeader: a header of the caller reaches the server (Prefer: count=exact)',
    query: (db) => db.from('cities').select('id').setHeader('Prefer', 'count=exact'),
    rows: 'select id from cities',
    count: 'select count(*) from cities',
  },
];
