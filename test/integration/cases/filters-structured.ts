import type { DbCase } from '../helpers/case.js';

/**
 * Filters on structured values — arrays, jsonb, ranges, full text — and the logic filters (`match`,
 * `not`, `or`, `filter`), JSON paths and referenced tables, checked against Postgres.
 */
export const structuredFilterCases: DbCase[] = [
  {
    name: 'contains on an array',
    query: (db) => db.from('movies').select('title').contains('genres', ['drama', 'action']),
    rows: `select title from movies where genres @> array['drama', 'action']`,
  },
  {
    name: 'contains on jsonb (object)',
    query: (db) =>
      db
        .from('movies')
        .select('title')
        .contains('info', { language: 'ja', awards: { wins: 5 } }),
    rows: `select title from movies where info @> '{"language": "ja", "awards": {"wins": 5}}'::jsonb`,
  },
  {
    name: 'contains on a range (a range string)',
    query: (db) => db.from('movies').select('title').contains('showing', '[1954-05-01,1954-06-01)'),
    rows: `select title from movies where showing @> '[1954-05-01,1954-06-01)'::daterange`,
  },
  {
    name: 'containedBy on an array',
    query: (db) =>
      db.from('movies').select('title').containedBy('genres', ['drama', 'action', 'mystery']),
    rows: `select title from movies where genres <@ array['drama', 'action', 'mystery']`,
  },
  {
    name: 'containedBy on jsonb',
    query: (db) =>
      db.from('movies').select('title').containedBy('info', { language: 'fr', tags: [] }),
    rows: `select title from movies where info <@ '{"language": "fr", "tags": []}'::jsonb`,
  },
  {
    name: 'overlaps on an array',
    query: (db) => db.from('movies').select('title').overlaps('genres', ['action', 'musical']),
    rows: `select title from movies where genres && array['action', 'musical']`,
  },
  {
    name: 'overlaps on a range',
    query: (db) => db.from('movies').select('title').overlaps('showing', '[1960-01-01,1963-01-01)'),
    rows: `select title from movies where showing && '[1960-01-01,1963-01-01)'::daterange`,
  },
  {
    name: 'rangeGt (strictly right of)',
    query: (db) => db.from('movies').select('title').rangeGt('showing', '[1955-01-01,1960-01-01)'),
    rows: `select title from movies where showing >> '[1955-01-01,1960-01-01)'::daterange`,
  },
  {
    name: 'rangeGte (does not extend to the left of)',
    query: (db) => db.from('movies').select('title').rangeGte('showing', '[1962-04-11,1962-05-01)'),
    rows: `select title from movies where showing &> '[1962-04-11,1962-05-01)'::daterange`,
  },
  {
    name: 'rangeLt (strictly left of)',
    query: (db) => db.from('movies').select('title').rangeLt('showing', '[1960-01-01,1961-01-01)'),
    rows: `select title from movies where showing << '[1960-01-01,1961-01-01)'::daterange`,
  },
  {
    name: 'rangeLte (does not extend to the right of)',
    query: (db) => db.from('movies').select('title').rangeLte('showing', '[1950-01-01,1962-06-30)'),
    rows: `select title from movies where showing &< '[1950-01-01,1962-06-30)'::daterange`,
  },
  {
    name: 'rangeAdjacent',
    query: (db) =>
      db.from('movies').select('title').rangeAdjacent('showing', '[1954-01-01,1954-04-26)'),
    rows: `select title from movies where showing -|- '[1954-01-01,1954-04-26)'::daterange`,
  },
  {
    name: 'textSearch on a tsvector column',
    query: (db) => db.from('movies').select('title').textSearch('fts', `'samurai' & 'seven'`),
    rows: `select title from movies where fts @@ to_tsquery($$'samurai' & 'seven'$$)`,
  },
  {
    name: 'textSearch with a config on a text column',
    query: (db) =>
      db.from('movies').select('title').textSearch('synopsis', 'bandits', { config: 'english' }),
    rows: `select title from movies where to_tsvector('english', synopsis) @@ to_tsquery('english', 'bandits')`,
  },
  {
    name: 'textSearch type plain',
    query: (db) =>
      db
        .from('movies')
        .select('title')
        .textSearch('fts', 'seven samurai', { type: 'plain', config: 'english' }),
    rows: `select title from movies where fts @@ plainto_tsquery('english', 'seven samurai')`,
  },
  {
    name: 'textSearch type phrase',
    query: (db) =>
      db
        .from('movies')
        .select('title')
        .textSearch('fts', 'medical test', { type: 'phrase', config: 'english' }),
    rows: `select title from movies where fts @@ phraseto_tsquery('english', 'medical test')`,
  },
  {
    name: 'textSearch type websearch',
    query: (db) =>
      db.from('movies').select('title').textSearch('fts', '"seven samurai" or brazil -sequel', {
        type: 'websearch',
        config: 'english',
      }),
    rows: `select title from movies where fts @@ websearch_to_tsquery('english', '"seven samurai" or brazil -sequel')`,
  },
  {
    name: 'match (several equalities)',
    query: (db) => db.from('cities').select('name').match({ country_id: 1, is_capital: false }),
    rows: 'select name from cities where country_id = 1 and is_capital = false',
  },
  {
    name: 'not is null',
    query: (db) => db.from('countries').select('name').not('continent', 'is', null),
    rows: 'select name from countries where continent is not null',
  },
  {
    name: 'not in',
    query: (db) => db.from('cities').select('name').not('name', 'in', '(Paris,Lyon)'),
    rows: `select name from cities where name not in ('Paris', 'Lyon')`,
  },
  {
    name: 'not contains',
    query: (db) => db.from('movies').select('title').not('genres', 'cs', '{drama}'),
    rows: `select title from movies where not (genres @> '{drama}')`,
  },
  {
    name: 'or',
    query: (db) => db.from('cities').select('name').or('population.lt.500000,is_capital.eq.true'),
    rows: 'select name from cities where population < 500000 or is_capital',
  },
  {
    name: 'or with a nested and',
    query: (db) =>
      db
        .from('cities')
        .select('name')
        .or('and(country_id.eq.1,population.gt.600000),name.eq.Kyoto'),
    rows: `select name from cities where (country_id = 1 and population > 600000) or name = 'Kyoto'`,
  },
  {
    name: 'or combined with other filters (AND of both)',
    query: (db) =>
      db.from('cities').select('name').eq('country_id', 2).or('name.eq.Tokyo,name.eq.Kyoto'),
    rows: `select name from cities where country_id = 2 and (name = 'Tokyo' or name = 'Kyoto')`,
  },
  {
    name: 'or on a referenced table filters the embedded rows',
    query: (db) =>
      db
        .from('countries')
        .select('name, cities(name)')
        .or('is_capital.eq.true,population.lt.600000', { referencedTable: 'cities' }),
    rows: `select c.name, coalesce((select json_agg(x) from (select ci.name from cities ci
             where ci.country_id = c.id and (ci.is_capital or ci.population < 600000)) x), '[]'::json) as cities
           from countries c`,
  },
  {
    name: 'or with not and in inside',
    query: (db) =>
      db.from('cities').select('name').or('name.in.(Paris,Osaka),population.not.gt.1000'),
    rows: `select name from cities where name in ('Paris', 'Osaka') or not (population > 1000)`,
  },
  {
    name: 'filter (raw operator)',
    query: (db) => db.from('cities').select('name').filter('nicknames', 'cs', '{Edo}'),
    rows: `select name from cities where nicknames @> '{Edo}'`,
  },
  {
    name: 'filter with in',
    query: (db) => db.from('cities').select('name').filter('id', 'in', '(2,3)'),
    rows: 'select name from cities where id in (2, 3)',
  },
  {
    name: 'filter on a JSON path (->>)',
    query: (db) => db.from('movies').select('title').eq('info->>language', 'fr'),
    rows: `select title from movies where info->>'language' = 'fr'`,
  },
  {
    name: 'filter on a nested JSON path (->)',
    query: (db) => db.from('movies').select('title').gt('info->awards->wins', 2),
    rows: `select title from movies where info->'awards'->'wins' > '2'::jsonb`,
  },
  {
    name: 'filter on an embedded column with referenced table syntax (reviews.stars)',
    query: (db) =>
      db.from('movies').select('title, reviews(reviewer, stars)').gte('reviews.stars', 5),
    rows: `select m.title, coalesce((select json_agg(x) from (select r.reviewer, r.stars from reviews r
             where r.movie_id = m.id and r.stars >= 5) x), '[]'::json) as reviews from movies m`,
  },
];
