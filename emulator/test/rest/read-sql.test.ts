import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/rest/ast.js';
import { parseRequest } from '../../src/rest/parse/index.js';
import { planRead } from '../../src/rest/plan/read-plan.js';
import type { Column, ForeignKey, Relation, SchemaCache } from '../../src/rest/schema-cache.js';
import { renderReadStatement } from '../../src/rest/sql/body.js';
import { castSql, ident, SqlBuilder } from '../../src/rest/sql/builder.js';
import { renderWhere } from '../../src/rest/sql/conditions.js';

function relation(
  name: string,
  columns: string[],
  primaryKey: string[] = ['id'],
  types: Record<string, string> = {},
): Relation {
  const cols: Column[] = columns.map((c, i) => ({
    name: c,
    type: types[c] ?? 'integer',
    udt: types[c] ?? 'int4',
    category: 'N',
    nullable: true,
    default: null,
    identity: '',
    generated: '',
    position: i + 1,
  }));
  return {
    schema: 'public',
    name,
    kind: 'table',
    columns: cols,
    column: new Map(cols.map((c) => [c.name, c])),
    primaryKey,
    uniqueKeys: [primaryKey],
    comment: null,
  };
}

const fk = (
  name: string,
  table: string,
  columns: string[],
  foreignTable: string,
  foreignColumns = ['id'],
): ForeignKey => ({
  name,
  schema: 'public',
  table,
  columns,
  foreignSchema: 'public',
  foreignTable,
  foreignColumns,
});

function cacheOf(relations: Relation[], foreignKeys: ForeignKey[]): SchemaCache {
  const map = new Map(relations.map((r) => [`public\u0000${r.name}`, r]));
  return {
    generation: 0,
    relations: map,
    foreignKeys,
    computed: [],
    find: (s, n) => map.get(`${s}\u0000${n}`),
    namesIn: () => relations.map((r) => r.name),
  };
}

const cache = cacheOf(
  [
    relation('movies', ['id', 'title', 'director_id', 'data'], ['id'], {
      title: 'text',
      data: 'jsonb',
    }),
    relation('people', ['id', 'name'], ['id'], { name: 'text' }),
    relation('reviews', ['id', 'movie_id', 'stars', 'doc'], ['id'], { doc: 'tsvector' }),
  ],
  [
    fk('movies_director_id_fkey', 'movies', ['director_id'], 'people'),
    fk('reviews_movie_id_fkey', 'reviews', ['movie_id'], 'movies'),
  ],
);

function render(query: string, from = '"public"."movies"', alias?: string) {
  const parsed = parseRequest({
    method: 'GET',
    path: '/movies',
    query,
    headers: new Headers(),
    schemas: ['public'],
  });
  const root = planRead(
    cache,
    cache.find('public', 'movies')!,
    parsed.read,
    alias ? { alias } : {},
  );
  const b = new SqlBuilder();
  const sql = renderReadStatement(b, root, { from }, { media: 'json' });
  return { sql, params: b.params };
}

describe('SqlBuilder and identifiers', () => {
  it('numbers parameters and quotes identifiers', () => {
    const b = new SqlBuilder();
    expect([b.param('a'), b.param(2)]).toEqual(['$1', '$2']);
    expect(b.params).toEqual(['a', 2]);
    expect(ident('we"ird')).toBe('"we""ird"');
    expect(() => ident('a\0b')).toThrow(/0x00/);
  });

  it.each([
    ['int', '::int'],
    ['text[]', '::text[]'],
    ['double precision', '::double precision'],
  ])('casts to %s', (t, sql) => expect(castSql(t)).toBe(sql));

  it.each(['int; drop table x', 'text or true', '1abc', "text'"])('refuses the cast %s', (t) => {
    expect(() => castSql(t)).toThrow();
  });
});

describe('renderWhere', () => {
  const where = (query: string) => {
    const parsed = parseRequest({
      method: 'DELETE',
      path: '/movies',
      query,
      headers: new Headers(),
      schemas: ['public'],
    });
    const b = new SqlBuilder();
    const conditions: Condition[] = parsed.read.filters
      .filter((f) => f.path.length === 0)
      .map((f) => f.condition);
    return {
      sql: renderWhere(b, conditions, {
        alias: 'movies',
        relation: cache.find('public', 'movies'),
      }),
      params: b.params,
    };
  };

  it.each<[string, string, unknown[]]>([
    ['', '', []],
    ['id=eq.1', 'WHERE ("movies"."id" = $1)', ['1']],
    [
      'id=not.eq.1&title=like.*x*',
      'WHERE (NOT ("movies"."id" = $1)) AND ("movies"."title" LIKE $2)',
      ['1', '%x%'],
    ],
    ['id=in.(1,"2,3")', 'WHERE ("movies"."id" = ANY($1))', ['{"1","2,3"}']],
    ['title=in.("a\\"b","c\\\\d")', 'WHERE ("movies"."title" = ANY($1))', ['{"a\\"b","c\\\\d"}']],
    ['title=is.null', 'WHERE ("movies"."title" IS NULL)', []],
    ['title=not.is.true', 'WHERE (NOT ("movies"."title" IS TRUE))', []],
    ['title=isdistinct.x', 'WHERE ("movies"."title" IS DISTINCT FROM $1)', ['x']],
    ['title=ilike(any).{a*,*b}', 'WHERE ("movies"."title" ILIKE ANY($1))', ['{"a%","%b"}']],
    ['data->a->>b=eq.1', 'WHERE ("movies"."data"->$1::text->>$2::text = $3)', ['a', 'b', '1']],
    ['data->0=cs.{"x":1}', 'WHERE ("movies"."data"->$1::int @> $2)', [0, '{"x":1}']],
    [
      'title=fts(english).cat',
      'WHERE (to_tsvector($1::regconfig, "movies"."title") @@ to_tsquery($1::regconfig, $2))',
      ['english', 'cat'],
    ],
    [
      'or=(id.eq.1,and(id.gt.2,title.neq.x))',
      'WHERE (("movies"."id" = $1) OR (("movies"."id" > $2) AND ("movies"."title" <> $3)))',
      ['1', '2', 'x'],
    ],
    [
      "title=eq.'; drop table movies; --",
      'WHERE ("movies"."title" = $1)',
      ["'; drop table movies; --"],
    ],
    ['"ti\\"tle"=eq.1', 'WHERE ("movies"."ti""tle" = $1)', ['1']],
  ])('%s', (query, sql, params) => {
    expect(where(query)).toEqual({ sql, params });
  });
});

describe('renderReadStatement', () => {
  it('renders a plain read as one statement with the body built by Postgres', () => {
    const { sql, params } = render('select=id,title&id=gte.2&order=title.desc.nullslast');
    expect(sql).toBe(
      'SELECT NULL::bigint AS total_result_set, pg_catalog.count(*) AS page_total, ' +
        `coalesce(json_agg(row_to_json("pgrst_t")), '[]'::json)::text AS body FROM (` +
        'SELECT "movies"."id" AS "id", "movies"."title" AS "title" FROM "public"."movies" AS "movies" ' +
        'WHERE ("movies"."id" >= $1) ORDER BY "movies"."title" DESC NULLS LAST) AS "pgrst_t"',
    );
    expect(params).toEqual(['2']);
  });

  it('renders embeds as lateral subqueries joined on the foreign key', () => {
    const { sql, params } = render(
      'select=title,director:people(name),reviews!inner(stars)&reviews.stars=gt.3&reviews.limit=2',
    );
    expect(sql).toContain(
      'LEFT JOIN LATERAL (SELECT row_to_json("pgrst_t") AS "pgrst_body" FROM (SELECT "people_1"."name" AS "name" FROM "public"."people" AS "people_1" WHERE "people_1"."id" = "movies"."director_id") AS "pgrst_t") AS "movies_director_1" ON true',
    );
    expect(sql).toContain(
      'LEFT JOIN LATERAL (SELECT json_agg("pgrst_t") AS "pgrst_body" FROM (SELECT "reviews_2"."stars" AS "stars" FROM "public"."reviews" AS "reviews_2" WHERE "reviews_2"."movie_id" = "movies"."id" AND ("reviews_2"."stars" > $1) LIMIT $2::bigint) AS "pgrst_t") AS "movies_reviews_2" ON true',
    );
    expect(sql).toContain(`coalesce("movies_reviews_2"."pgrst_body", '[]'::json) AS "reviews"`);
    expect(sql).toContain('WHERE "movies_reviews_2"."pgrst_body" IS NOT NULL');
    expect(params).toEqual(['3', 2]);
  });

  it('reads over a CTE of mutated rows, as writes do', () => {
    const { sql } = render('select=id,director:people(name)', 'pgrst_source', 'movies');
    expect(sql).toContain('FROM pgrst_source AS "movies"');
    expect(sql).toContain('WHERE "people_1"."id" = "movies"."director_id"');
  });

  it('groups by the non-aggregated outputs', () => {
    const { sql } = render('select=director_id,count(),id.max()::text');
    expect(sql).toContain(
      'SELECT "movies"."director_id" AS "director_id", pg_catalog.count(*) AS "count", (pg_catalog.max("movies"."id"))::text AS "max" FROM "public"."movies" AS "movies" GROUP BY 1',
    );
  });

  it('never puts a value into the SQL text', () => {
    const evil = `x');select pg_sleep(1);--"\\`;
    const { sql, params } = render(
      `select=id&title=eq.${encodeURIComponent(evil)}&or=(title.like.${encodeURIComponent('"' + evil.replace(/["\\]/g, '\\$&') + '"')})`,
    );
    expect(sql).not.toContain('pg_sleep');
    expect(params).toEqual([evil, evil]);
  });
});
