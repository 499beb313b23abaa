import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { READ_FIXTURE_SQL } from './read-fixture.js';
import { restGetter } from './read-http-helper.js';

describe.each(testEngines())('REST reads over HTTP (%s)', (engine) => {
  let emu: EmulatorHandle;
  const get = restGetter(() => emu);

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: READ_FIXTURE_SQL, schemas: ['public', 'api'] });
  });
  afterAll(() => emu?.stop());

  it('selects columns with renames, casts and JSON paths, in natural order', async () => {
    const r = await get(
      'movies?select=id,name:title,year::text,usd:data->budget->usd,lang:data->langs->>0&order=id',
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('content-range')).toBe('0-2/*');
    expect(r.json).toEqual([
      { id: 1, name: 'The Matrix', year: '1999', usd: 63, lang: 'en' },
      { id: 2, name: 'Speed Racer', year: '2008', usd: 120, lang: null },
      { id: 3, name: 'John Wick', year: '2014', usd: null, lang: null },
    ]);
  });

  it('renders values as Postgres does (ranges, numerics, timestamps, arrays, nulls)', async () => {
    const r = await get('movies?select=during,rating,released,tags&id=eq.1');
    expect(r.json).toEqual([
      {
        during: '[1,5)',
        rating: 8.7,
        released: '1999-03-31T00:00:00+00:00',
        tags: ['action', 'scifi'],
      },
    ]);
  });

  it.each([
    ['id=eq.2', [2]],
    ['id=neq.2', [1, 3]],
    ['id=gt.1&id=lte.2', [2]],
    ['id=in.(1,3)', [1, 3]],
    ['id=not.in.(1,3)', [2]],
    ['id=in.()', []],
    ['id=not.in.()', [1, 2, 3]],
    ['title=like.*Matrix', [1]],
    ['title=ilike.*SPEED*', [2]],
    ['title=like(any).{*Wick,*Racer}', [2, 3]],
    ['title=ilike(all).{*the*,*matrix*}', [1]],
    ['title=match.^J', [3]],
    ['title=imatch.^j', [3]],
    ['tags=is.null', [3]],
    ['tags=not.is.null', [1, 2]],
    ['tags=is.not_null', [1, 2]],
    ['writer_id=isdistinct.2', [2, 3]],
    ['tags=cs.{scifi}', [1]],
    ['tags=cd.{family,drama}', [2]],
    ['tags=ov.{family,action}', [1, 2]],
    ['data=cs.{"budget":{"usd":120}}', [2]],
    ['during=cs.[2,3)', [1]],
    ['during=sl.[6,8)', [1]],
    ['during=sr.[6,8)', [2]],
    ['during=nxr.[0,6)', [1]],
    ['during=nxl.[5,30)', [2]],
    ['during=adj.[5,10)', [1, 2]],
    ['during=ov.[4,12)', [1, 2]],
    ['or=(id.eq.1,and(year.gt.2000,director_id.eq.3))', [1, 3]],
    ['not.or=(id.eq.1,id.eq.2)', [3]],
    ['and=(year.gte.1999,or(title.like.*Wick,id.eq.1))', [1, 3]],
    ['data->budget->>usd=eq.63', [1]],
    ['year=eq(any).{1999,2014}', [1, 3]],
  ])('filters %s', async (query, ids) => {
    const r = await get(`movies?select=id&order=id&${query}`);
    expect(r.status, r.text).toBe(200);
    expect((r.json as { id: number }[]).map((m) => m.id)).toEqual(ids);
  });

  it('full-text search with every operator and a config', async () => {
    const ids = async (q: string) =>
      ((await get(`reviews?select=id&order=id&${q}`)).json as { id: number }[]).map((r) => r.id);
    expect(await ids('doc=fts(english).fat%20%26%20cat')).toEqual([1]);
    expect(await ids('doc=plfts.cats')).toEqual([1, 3]);
    expect(await ids('doc=phfts(english).fat%20cat')).toEqual([1]);
    expect(await ids('doc=wfts(english).cat%20-fun')).toEqual([1]);
    expect(await ids('body=fts(english).colourful')).toEqual([3]);
  });

  it('orders with nulls first/last and on JSON paths', async () => {
    const a = await get('movies?select=id&order=writer_id.desc.nullslast,id.asc');
    expect(a.json).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const b = await get('movies?select=id&order=writer_id.asc.nullsfirst,id.desc');
    expect(b.json).toEqual([{ id: 3 }, { id: 2 }, { id: 1 }]);
    const c = await get('movies?select=id&order=data->budget->usd.desc.nullslast');
    expect(c.json).toEqual([{ id: 2 }, { id: 1 }, { id: 3 }]);
  });

  it('pages with limit/offset and the Range header, with Content-Range and counts', async () => {
    const page = await get('movies?select=id&order=id&limit=1&offset=1');
    expect(page.json).toEqual([{ id: 2 }]);
    expect(page.headers.get('content-range')).toBe('1-1/*');
    const counted = await get('movies?select=id&order=id&limit=2', { prefer: 'count=exact' });
    expect(counted.status).toBe(206);
    expect(counted.statusText).toBe('Partial Content');
    expect(counted.headers.get('content-range')).toBe('0-1/3');
    const ranged = await get('movies?select=id&order=id', { range: '1-2' });
    expect(ranged.json).toEqual([{ id: 2 }, { id: 3 }]);
    expect(ranged.headers.get('content-range')).toBe('1-2/*');
    const all = await get('movies?select=id', { prefer: 'count=exact' });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-range')).toBe('0-2/3');
    const none = await get('movies?select=id&id=eq.99', { prefer: 'count=exact' });
    expect(none.headers.get('content-range')).toBe('*/0');
    expect(none.json).toEqual([]);
    const noneNoCount = await get('movies?select=id&id=eq.99');
    expect(noneNoCount.headers.get('content-range')).toBe('*/*');
    const planned = await get('movies?select=id', { prefer: 'count=planned' });
    expect(planned.headers.get('content-range')).toMatch(/^0-2\/\d+$/);
    const estimated = await get('movies?select=id', { prefer: 'count=estimated' });
    expect(estimated.headers.get('content-range')).toBe('0-2/3');
    const past = await get('movies?select=id&offset=10', { prefer: 'count=exact' });
    expect(past.status).toBe(416);
    expect(past.json).toEqual({
      code: 'PGRST103',
      details: 'An offset of 10 was requested, but there are only 3 rows.',
      hint: null,
      message: 'Requested range not satisfiable',
    });
  });

  it('honours Prefer: timezone and handling=strict', async () => {
    const r = await get('movies?select=released&id=eq.1', {
      prefer: 'timezone=America/New_York, handling=lenient, count=exact',
    });
    expect(r.json).toEqual([{ released: '1999-03-30T19:00:00-05:00' }]);
    expect(r.headers.get('preference-applied')).toBe(
      'count=exact, handling=lenient, timezone=America/New_York',
    );
    const strict = await get('movies?select=id', { prefer: 'handling=strict, bogus=1' });
    expect(strict.status).toBe(400);
    expect(strict.json).toEqual({
      code: 'PGRST122',
      details: 'Invalid preferences: bogus=1',
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
  });

  it('HEAD answers headers only', async () => {
    const r = await get('movies?select=id', { prefer: 'count=exact' }, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.headers.get('content-range')).toBe('0-2/3');
  });

  it('negotiates single objects, stripped nulls, CSV and plans', async () => {
    const one = await get('movies?select=id,title&id=eq.1', {
      accept: 'application/vnd.pgrst.object+json',
    });
    expect(one.status).toBe(200);
    expect(one.json).toEqual({ id: 1, title: 'The Matrix' });
    const many = await get('movies?select=id', { accept: 'application/vnd.pgrst.object+json' });
    expect(many.status).toBe(406);
    expect(many.json).toEqual({
      code: 'PGRST116',
      details: 'The result contains 3 rows',
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    });
    const stripped = await get('movies?select=id,writer_id&id=eq.2', {
      accept: 'application/vnd.pgrst.array+json;nulls=stripped',
    });
    expect(stripped.json).toEqual([{ id: 2 }]);
    const csv = await get('movies?select=id,title,tags&order=id&limit=2', { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text).toBe(
      'id,title,tags\n1,"The Matrix","{action,scifi}"\n2,"Speed Racer",{family}',
    );
    const plan = await get('movies?select=id', {
      accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=verbose;',
    });
    expect(plan.status).toBe(200);
    expect(Array.isArray(plan.json)).toBe(true);
    const analyzed = await get('movies?select=id', {
      accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=analyze|buffers;',
    });
    expect(analyzed.headers.get('content-type')).toBe(
      'application/vnd.pgrst.plan+text; for="application/json"; charset=utf-8',
    );
    expect(analyzed.text).toMatch(/actual time=/);
    const text = await get('movies?select=id', { accept: 'application/vnd.pgrst.plan+text' });
    expect(text.text).toMatch(/Scan/);
    const geo = await get('movies', { accept: 'application/geo+json' });
    expect(geo.status).toBe(406);
    const bad = await get('movies', { accept: 'text/unknown' });
    expect(bad.status).toBe(406);
    expect(bad.json).toEqual({
      code: 'PGRST107',
      details: null,
      hint: null,
      message: 'None of these media types are available: text/unknown',
    });
  });

  it('switches schemas with Accept-Profile', async () => {
    const ok = await get('things?select=label', { 'accept-profile': 'api' });
    expect(ok.json).toEqual([{ label: 'in api' }]);
    const bad = await get('things', { 'accept-profile': 'nope' });
    expect(bad.status).toBe(406);
    expect(bad.json).toEqual({
      code: 'PGRST106',
      details: null,
      hint: 'Only the following schemas are exposed: public, api',
      message: 'Invalid schema: nope',
    });
  });

  it('reads views and quoted identifiers', async () => {
    const v = await get('recent_movies?select=title&order=id');
    expect(v.json).toEqual([{ title: 'Speed Racer' }, { title: 'John Wick' }]);
    // Relationships are followed through the view's columns to its base table.
    const embedded = await get('recent_movies?select=title,reviews(stars)&order=id');
    expect(embedded.status, embedded.text).toBe(200);
    expect(embedded.json).toEqual([
      { title: 'Speed Racer', reviews: [{ stars: 4 }] },
      { title: 'John Wick', reviews: [] },
    ]);
    const odd = await get(
      'odd%20table?select=%22first%20name%22,%22we%5C%22ird%22&%22first%20name%22=eq.Ann',
    );
    expect(odd.status, odd.text).toBe(200);
    expect(odd.json).toEqual([{ 'first name': 'Ann', 'we"ird': 1 }]);
  });

  it('answers 42501 with 401 for anon and 403 for a signed-in role', async () => {
    const anon = await get('secrets');
    expect(anon.status).toBe(401);
    expect(anon.json).toMatchObject({
      code: '42501',
      message: 'permission denied for table secrets',
    });
    const token = await emu.context.jwt.sign({
      role: 'authenticated',
      sub: '00000000-0000-0000-0000-000000000001',
    });
    const user = await get('secrets', { authorization: `Bearer ${token}` });
    expect(user.status).toBe(403);
    const own = await get('notes?select=id,body', { authorization: `Bearer ${token}` });
    expect(own.json).toEqual([{ id: 1, body: 'mine' }]);
  });

  it('applies row level security as the caller', async () => {
    const anon = await get('notes?select=id');
    expect(anon.json).toEqual([]);
    const service = await get('notes?select=id&order=id', {
      authorization: `Bearer ${emu.serviceRoleKey}`,
    });
    expect(service.json).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('answers PostgREST errors', async () => {
    const table = await get('movie');
    expect(table.status).toBe(404);
    expect(table.json).toEqual({
      code: 'PGRST205',
      details: null,
      hint: "Perhaps you meant the table 'public.movies'",
      message: "Could not find the table 'public.movie' in the schema cache",
    });
    const column = await get('movies?select=nope');
    expect(column.status).toBe(400);
    expect(column.json).toMatchObject({
      code: '42703',
      message: 'column movies.nope does not exist',
    });
    const ambiguous = await get('movies?select=people(name)');
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.json).toEqual({
      code: 'PGRST201',
      details: [
        {
          cardinality: 'many-to-one',
          embedding: 'movies with people',
          relationship: 'movies_director_id_fkey using movies(director_id) and people(id)',
        },
        {
          cardinality: 'many-to-one',
          embedding: 'movies with people',
          relationship: 'movies_writer_id_fkey using movies(writer_id) and people(id)',
        },
      ],
      hint: "Try changing 'people' to one of the following: 'people!movies_director_id_fkey', 'people!movies_writer_id_fkey'. Find the desired relationship in the 'details' key.",
      message:
        "Could not embed because more than one relationship was found for 'movies' and 'people'",
    });
    const missing = await get('movies?select=reviewz(*)');
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      code: 'PGRST200',
      details:
        "Searched for a foreign key relationship between 'movies' and 'reviewz' in the schema 'public', but no matches were found.",
      hint: "Perhaps you meant 'reviews' instead of 'reviewz'.",
      message: "Could not find a relationship between 'movies' and 'reviewz' in the schema cache",
    });
    const parse = await get('movies?id=not.eqq.1');
    expect(parse.status).toBe(400);
    expect(parse.json).toMatchObject({
      code: 'PGRST100',
      details: 'unknown single value operator eqq',
    });
    const type = await get('movies?id=eq.abc');
    expect(type.status).toBe(400);
    expect(type.json).toMatchObject({ code: '22P02' });
    const notEmbedded = await get('movies?select=id&reviews.stars=eq.1');
    expect(notEmbedded.json).toMatchObject({ code: 'PGRST108' });
    const jwt = await get('movies', { authorization: 'Bearer not.a.jwt' });
    expect(jwt.status).toBe(401);
  });

  it('answers unknown methods with PGRST117', async () => {
    const trace = await get('movies', {}, 'PROPFIND');
    expect(trace.status).toBe(405);
    expect(trace.json).toMatchObject({
      code: 'PGRST117',
      message: 'Unsupported HTTP method: PROPFIND',
    });
  });

  it('serves an OpenAPI document at the root', async () => {
    const r = await get('');
    expect(r.status).toBe(200);
    const doc = r.json as {
      swagger: string;
      paths: Record<string, unknown>;
      definitions: Record<string, { properties: object }>;
    };
    expect(doc.swagger).toBe('2.0');
    expect(doc.paths['/movies']).toBeDefined();
    expect(Object.keys(doc.definitions.movies.properties)).toContain('title');
  });
});
