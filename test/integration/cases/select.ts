import type { DbCase } from '../helpers/case.js';

/** `select`: columns, renames, casts, JSON paths, every kind of embed, hints, counts, head. */
export const selectCases: DbCase[] = [
  {
    name: 'select * returns every column of every row',
    query: (db) => db.from('movies').select('*'),
    rows: 'select * from movies',
  },
  {
    name: 'select() without arguments means *',
    query: (db) => db.from('countries').select(),
    rows: 'select * from countries',
  },
  {
    name: 'select picks columns; whitespace and newlines are cleaned',
    query: (db) => db.from('cities').select(' id,\n  name ,  population '),
    rows: 'select id, name, population from cities',
  },
  {
    name: 'select renames columns (alias:column)',
    query: (db) => db.from('countries').select('country:name, iso:code'),
    rows: 'select name as country, code as iso from countries',
  },
  {
    name: 'select casts columns (column::type)',
    query: (db) => db.from('countries').select('name, population::text, founded::text'),
    rows: 'select name, population::text as population, founded::text as founded from countries',
  },
  {
    name: 'select renders bigints, numerics, dates, ranges, arrays, jsonb and tsvectors as Postgres does',
    query: (db) =>
      db.from('movies').select('id, box_office, budget, released, showing, genres, info, fts'),
    rows: 'select id, box_office, budget, released, showing, genres, info, fts from movies',
  },
  {
    name: 'select JSON paths: -> keeps JSON, ->> gives text, nested paths, aliases',
    query: (db) =>
      db.from('movies').select('id, info->language, lang:info->>language, info->awards->wins'),
    rows: `select id, info->'language' as language, info->>'language' as lang,
           info->'awards'->'wins' as wins from movies`,
  },
  {
    name: 'select a JSON array element by index',
    query: (db) => db.from('movies').select('id, first_tag:info->tags->>0'),
    rows: `select id, info->'tags'->>0 as first_tag from movies`,
  },
  {
    name: 'embed one-to-many: a country with its cities (empty array when none)',
    query: (db) => db.from('countries').select('name, cities(name, population)'),
    rows: `select c.name, coalesce((select json_agg(x) from (select ci.name, ci.population
             from cities ci where ci.country_id = c.id) x), '[]'::json) as cities
           from countries c`,
  },
  {
    name: 'embed many-to-one: a city with its country (null when none)',
    query: (db) => db.from('cities').select('name, countries(name, code)'),
    rows: `select ci.name, (select row_to_json(x) from (select co.name, co.code from countries co
             where co.id = ci.country_id) x) as countries from cities ci`,
  },
  {
    name: 'embed many-to-many through the join table (hinted by the join table)',
    query: (db) => db.from('movies').select('title, actors:people!movie_actors(name)'),
    rows: `select m.title, coalesce((select json_agg(x) from (select p.name from people p
             join movie_actors ma on ma.person_id = p.id where ma.movie_id = m.id) x), '[]'::json)
             as actors from movies m`,
  },
  {
    name: 'embed one-to-one: a movie with its stats row (an object, not an array)',
    query: (db) => db.from('movies').select('title, movie_stats(views, likes)'),
    rows: `select m.title, (select row_to_json(x) from (select s.views, s.likes from movie_stats s
             where s.movie_id = m.id) x) as movie_stats from movies m`,
  },
  {
    name: 'embed with a column hint (people!director_id)',
    query: (db) => db.from('movies').select('title, director:people!director_id(name)'),
    rows: `select m.title, (select row_to_json(x) from (select p.name from people p
             where p.id = m.director_id) x) as director from movies m`,
  },
  {
    name: 'embed with a foreign-key name hint (people!movies_director_id_fkey)',
    query: (db) => db.from('movies').select('title, people!movies_director_id_fkey(name)'),
    rows: `select m.title, (select row_to_json(x) from (select p.name from people p
             where p.id = m.director_id) x) as people from movies m`,
  },
  {
    name: 'the same table embedded twice under two aliases (two foreign keys)',
    query: (db) =>
      db
        .from('routes')
        .select(
          'distance_km, origin:cities!origin_id(name), destination:cities!destination_id(name)',
        ),
    rows: `select r.distance_km,
             (select row_to_json(x) from (select c.name from cities c where c.id = r.origin_id) x) as origin,
             (select row_to_json(x) from (select c.name from cities c where c.id = r.destination_id) x) as destination
           from routes r`,
  },
  {
    name: 'nested embeds: movie → director → country, and reviews',
    query: (db) =>
      db
        .from('movies')
        .select('title, director:people!director_id(name, countries(code)), reviews(stars)'),
    rows: `select m.title,
             (select row_to_json(x) from (select p.name,
                (select row_to_json(y) from (select co.code from countries co where co.id = p.country_id) y) as countries
              from people p where p.id = m.director_id) x) as director,
             coalesce((select json_agg(x) from (select r.stars from reviews r where r.movie_id = m.id) x), '[]'::json) as reviews
           from movies m`,
  },
  {
    name: 'embed with * inside',
    query: (db) => db.from('cities').select('id, countries(*)'),
    rows: `select ci.id, (select row_to_json(co) from countries co where co.id = ci.country_id) as countries
           from cities ci`,
  },
  {
    name: '!inner embed with a filter on it keeps only matching parents',
    query: (db) =>
      db.from('cities').select('name, countries!inner(name)').eq('countries.name', 'France'),
    rows: `select ci.name, json_build_object('name', co.name) as countries
           from cities ci join countries co on co.id = ci.country_id where co.name = 'France'`,
  },
  {
    name: '!inner embed without a filter drops parents that have no child',
    query: (db) => db.from('countries').select('name, cities!inner(name)'),
    rows: `select c.name, (select json_agg(x) from (select ci.name from cities ci
             where ci.country_id = c.id) x) as cities
           from countries c where exists (select 1 from cities ci where ci.country_id = c.id)`,
  },
  {
    name: 'a filter on a plain embed filters the children, not the parents',
    query: (db) => db.from('countries').select('name, cities(name)').eq('cities.is_capital', true),
    rows: `select c.name, coalesce((select json_agg(x) from (select ci.name from cities ci
             where ci.country_id = c.id and ci.is_capital) x), '[]'::json) as cities from countries c`,
  },
  {
    name: 'spread embed (...countries(country:name)) lifts the embedded columns',
    query: (db) => db.from('cities').select('name, ...countries(country:name)'),
    rows: `select ci.name, co.name as country from cities ci left join countries co on co.id = ci.country_id`,
  },
  {
    name: '!left embed (explicitly the default: parents without a child stay)',
    query: (db) => db.from('cities').select('name, countries!left(name)'),
    rows: `select ci.name, (select row_to_json(x) from (select co.name from countries co
             where co.id = ci.country_id) x) as countries from cities ci`,
  },
  {
    name: 'aggregates over the whole table: count(), avg(), max()',
    query: (db) => db.from('reviews').select('count(), stars.avg(), stars.max()'),
    rows: 'select count(*) as count, avg(stars) as avg, max(stars) as max from reviews',
  },
  {
    name: 'aggregates grouped by the other selected columns',
    query: (db) => db.from('reviews').select('movie_id, stars.sum(), total:count()'),
    rows: 'select movie_id, sum(stars) as sum, count(*) as total from reviews group by movie_id',
  },
  {
    name: 'count() of an embedded resource',
    query: (db) => db.from('countries').select('name, cities(count)'),
    rows: `select c.name, (select json_agg(x) from (select count(*) as count from cities ci
             where ci.country_id = c.id) x) as cities from countries c`,
  },
  {
    name: 'select with count exact: rows and the total',
    query: (db) => db.from('cities').select('id', { count: 'exact' }),
    rows: 'select id from cities',
    count: 'select count(*) from cities',
  },
  {
    name: 'select with head: no body, only the count',
    query: (db) => db.from('reviews').select('*', { count: 'exact', head: true }),
    noData: true,
    count: 'select count(*) from reviews',
  },
  {
    name: 'head with a filter counts only matching rows',
    query: (db) => db.from('reviews').select('*', { count: 'exact', head: true }).gte('stars', 4),
    noData: true,
    count: 'select count(*) from reviews where stars >= 4',
  },
  {
    name: 'count planned and estimated give a number (the planner estimate)',
    query: (db) => db.from('cities').select('id', { count: 'planned' }),
    rows: 'select id from cities',
    // The estimate may exceed the rows returned: PostgREST then answers 206 Partial Content.
    status: [200, 206],
    check: (o) => {
      if (typeof o.count !== 'number' || !(o.count >= 0)) throw new Error(`count ${o.count}`);
    },
  },
  {
    name: 'no count requested: count is null',
    query: (db) => db.from('cities').select('id'),
    rows: 'select id from cities',
    count: null,
  },
  {
    name: 'a view-free read of an empty result is an empty array',
    query: (db) => db.from('cities').select('id').eq('name', 'Atlantis City'),
    rows: `select id from cities where name = 'Atlantis City'`,
  },
];
