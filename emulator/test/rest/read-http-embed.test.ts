import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { READ_FIXTURE_SQL } from './read-fixture.js';
import { restGetter } from './read-http-helper.js';

describe.each(testEngines())('REST reads: embedding and aggregates over HTTP (%s)', (engine) => {
  let emu: EmulatorHandle;
  const get = restGetter(() => emu);

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: READ_FIXTURE_SQL, schemas: ['public', 'api'] });
  });
  afterAll(() => emu?.stop());

  it('embeds many-to-one, one-to-many, many-to-many and one-to-one resources', async () => {
    const r = await get(
      'movies?select=title,director:people!movies_director_id_fkey(name),reviews(stars),actors(name),posters(url)&id=eq.1',
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual([
      {
        title: 'The Matrix',
        director: { name: 'Lana' },
        reviews: [{ stars: 5 }, { stars: 3 }],
        actors: [{ name: 'Keanu' }, { name: 'Carrie-Anne' }],
        posters: { url: 'https://example.com/matrix.png' },
      },
    ]);
  });

  it('embeds the same table twice under two aliases, by FK column hint', async () => {
    const r = await get(
      'movies?select=id,director:people!director_id(name),writer:people!writer_id(name)&order=id&limit=2',
    );
    expect(r.json).toEqual([
      { id: 1, director: { name: 'Lana' }, writer: { name: 'Lilly' } },
      { id: 2, director: { name: 'Lana' }, writer: null },
    ]);
  });

  it('embeds the other way round, and through a join table named by hint', async () => {
    const o2m = await get('people?select=name,movies!director_id(title)&order=id&movies.order=id');
    expect(o2m.json).toEqual([
      { name: 'Lana', movies: [{ title: 'The Matrix' }, { title: 'Speed Racer' }] },
      { name: 'Lilly', movies: [] },
      { name: 'Chad', movies: [{ title: 'John Wick' }] },
    ]);
    const m2m = await get('actors?select=name,movies!roles(title)&id=eq.1&movies.order=id');
    expect(m2m.json).toEqual([
      { name: 'Keanu', movies: [{ title: 'The Matrix' }, { title: 'John Wick' }] },
    ]);
    const o2o = await get('posters?select=url,movies(title)');
    expect(o2o.json).toEqual([
      { url: 'https://example.com/matrix.png', movies: { title: 'The Matrix' } },
    ]);
    const nested = await get('people?select=name,movies!director_id(title,reviews(stars))&id=eq.3');
    expect(nested.json).toEqual([{ name: 'Chad', movies: [{ title: 'John Wick', reviews: [] }] }]);
    const badHint = await get('movies?select=people!nope(name)');
    expect(badHint.json).toEqual({
      code: 'PGRST200',
      details:
        "Searched for a foreign key relationship between 'movies' and 'people' using the hint 'nope' in the schema 'public', but no matches were found.",
      hint: null,
      message: "Could not find a relationship between 'movies' and 'people' in the schema cache",
    });
  });

  it('filters, orders and limits embedded resources', async () => {
    const r = await get(
      'movies?select=id,reviews(id,stars)&reviews.stars=gte.4&reviews.order=stars.desc&reviews.limit=1&order=id',
    );
    expect(r.json).toEqual([
      { id: 1, reviews: [{ id: 1, stars: 5 }] },
      { id: 2, reviews: [{ id: 3, stars: 4 }] },
      { id: 3, reviews: [] },
    ]);
  });

  it('!inner filters the parent by its embed; embed null filters work', async () => {
    const inner = await get('movies?select=id,reviews!inner(stars)&reviews.stars=eq.4');
    expect(inner.json).toEqual([{ id: 2, reviews: [{ stars: 4 }] }]);
    const notNull = await get('movies?select=id,posters(url)&posters=not.is.null');
    expect(notNull.json).toEqual([{ id: 1, posters: { url: 'https://example.com/matrix.png' } }]);
    const innerToOne = await get(
      'movies?select=id,director:people!director_id!inner(name)&director.name=eq.Chad',
    );
    expect(innerToOne.json).toEqual([{ id: 3, director: { name: 'Chad' } }]);
    const orOnEmbed = await get(
      'people?select=name,movies!movies_director_id_fkey!inner(title)&movies.or=(year.lt.2000,year.gt.2010)&order=id',
    );
    expect(orOnEmbed.json).toEqual([
      { name: 'Lana', movies: [{ title: 'The Matrix' }] },
      { name: 'Chad', movies: [{ title: 'John Wick' }] },
    ]);
  });

  it('spreads a to-one embed into its parent', async () => {
    const r = await get(
      'movies?select=title,...director:people!director_id(director_name:name)&id=eq.2',
    );
    expect(r.json).toEqual([{ title: 'Speed Racer', director_name: 'Lana' }]);
  });

  it('orders by a column of a to-one embed', async () => {
    const r = await get(
      'movies?select=id,director:people!director_id(name)&order=director(name).desc,id.asc',
    );
    expect(r.json).toEqual([
      { id: 1, director: { name: 'Lana' } },
      { id: 2, director: { name: 'Lana' } },
      { id: 3, director: { name: 'Chad' } },
    ]);
    const toMany = await get('movies?select=id,reviews(stars)&order=reviews(stars)');
    expect(toMany.status).toBe(400);
    expect(toMany.json).toEqual({
      code: 'PGRST118',
      details: "'movies' and 'reviews' do not form a many-to-one or one-to-one relationship",
      hint: null,
      message: "A related order on 'reviews' is not possible",
    });
  });

  it('spreads a to-many embed into arrays of values (PostgREST 13)', async () => {
    const r = await get('movies?select=title,...actors(cast:name)&order=id');
    expect(r.json).toEqual([
      { title: 'The Matrix', cast: ['Keanu', 'Carrie-Anne'] },
      { title: 'Speed Racer', cast: ['Emile'] },
      { title: 'John Wick', cast: ['Keanu'] },
    ]);
    const empty = await get('people?select=name,...movies!writer_id(written:title)&order=id');
    expect(empty.json).toEqual([
      { name: 'Lana', written: [] },
      { name: 'Lilly', written: ['The Matrix'] },
      { name: 'Chad', written: [] },
    ]);
    const inner = await get('people?select=name,...movies!writer_id!inner(written:title)');
    expect(inner.json).toEqual([{ name: 'Lilly', written: ['The Matrix'] }]);
  });

  it('aggregates with implicit grouping', async () => {
    const r = await get('movies?select=director_id,count(),year.max()&order=director_id');
    expect(r.json).toEqual([
      { director_id: 1, count: 2, max: 2008 },
      { director_id: 3, count: 1, max: 2014 },
    ]);
    const embedded = await get('movies?select=id,reviews(count)&order=id');
    expect(embedded.json).toEqual([
      { id: 1, reviews: [{ count: 2 }] },
      { id: 2, reviews: [{ count: 1 }] },
      { id: 3, reviews: [{ count: 0 }] },
    ]);
    const total = await get('reviews?select=stars.sum(),stars.avg()::int');
    expect(total.json).toEqual([{ sum: 12, avg: 4 }]);
  });
});
