import { describe, expect, it } from 'vitest';
import { RestError } from '../../src/rest/ast.js';
import { SqlBuilder } from '../../src/rest/sql/builder.js';
import { renderDelete, renderInsert, renderUpdate } from '../../src/rest/write/mutation-sql.js';
import { parsePayload } from '../../src/rest/write/payload.js';
import { renderWriteStatement, allColumnsBody } from '../../src/rest/write/statement.js';
import type { WriteTarget } from '../../src/rest/write/target.js';

const target: WriteTarget = {
  schema: 'public',
  name: 'movies',
  kind: 'table',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer', default: null, identity: 'd', generated: '' },
    { name: 'title', type: 'text', default: null, identity: '', generated: '' },
    { name: 'year', type: 'integer', default: '2000', identity: '', generated: '' },
    { name: 'odd "name"', type: 'text', default: null, identity: '', generated: '' },
  ],
};

describe('renderInsert', () => {
  it('binds the whole body as one jsonb parameter and converts with jsonb_to_record', () => {
    const b = new SqlBuilder();
    const body = '[{"title":"x\'); drop table movies; --","year":1}]';
    const sql = renderInsert({
      target,
      params: b,
      payload: parsePayload(body, null),
      missingDefault: false,
      trackInserted: false,
    });
    expect(b.params).toEqual([body]);
    expect(sql).not.toContain('drop table');
    expect(sql).toBe(
      'INSERT INTO "public"."movies" ("title", "year") SELECT pgrst_body."title", pgrst_body."year" ' +
        "FROM jsonb_array_elements(CASE WHEN jsonb_typeof($1::jsonb) = 'array' THEN $1::jsonb ELSE jsonb_build_array($1::jsonb) END) " +
        'WITH ORDINALITY AS pgrst_rows(elem, ord), LATERAL jsonb_to_record(pgrst_rows.elem) AS pgrst_body("title" text, "year" integer) ' +
        'ORDER BY pgrst_rows.ord RETURNING "public"."movies".*',
    );
  });

  it('quotes odd column names', () => {
    const b = new SqlBuilder();
    const sql = renderInsert({
      target,
      params: b,
      payload: parsePayload('{"odd \\"name\\"":1}', null),
      missingDefault: false,
      trackInserted: false,
    });
    expect(sql).toContain('("odd ""name""")');
    expect(sql).toContain('pgrst_body("odd ""name""" text)');
  });

  it('with missing=default, the defaults are merged under each row (the key name is bound)', () => {
    const b = new SqlBuilder();
    const sql = renderInsert({
      target,
      params: b,
      payload: parsePayload('{"title":"a","year":1}', null, { columns: ['title', 'year'] }),
      missingDefault: true,
      trackInserted: false,
    });
    expect(sql).toContain(
      'LATERAL (SELECT jsonb_build_object($2::text, 2000) || pgrst_raw.elem AS elem, pgrst_raw.ord AS ord) pgrst_rows',
    );
    expect(b.params).toEqual(['{"title":"a","year":1}', 'year']);
  });

  it('with missing=default, an identity column takes its sequence, named by bound parameters', () => {
    const b = new SqlBuilder();
    const sql = renderInsert({
      target,
      params: b,
      payload: parsePayload('[{"id":1}]', null, { columns: ['id'] }),
      missingDefault: true,
      trackInserted: false,
    });
    expect(sql).toContain(
      'jsonb_build_object($4::text, nextval(pg_get_serial_sequence($2, $3))) || pgrst_raw.elem',
    );
    expect(b.params).toEqual(['[{"id":1}]', '"public"."movies"', 'id', 'id']);
  });

  it('upserts: merge-duplicates updates the payload columns, ignore-duplicates does nothing', () => {
    const payload = parsePayload('{"id":1,"title":"a"}', null);
    const merge = renderInsert({
      target,
      params: new SqlBuilder(),
      payload,
      missingDefault: false,
      trackInserted: true,
      conflict: { columns: ['id'], resolution: 'merge-duplicates' },
    });
    expect(merge).toContain(
      'ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id", "title" = EXCLUDED."title"',
    );
    expect(merge).toContain(
      'RETURNING "public"."movies".*, ("public"."movies".xmax = 0) AS pgrst_inserted',
    );
    const ignore = renderInsert({
      target,
      params: new SqlBuilder(),
      payload,
      missingDefault: false,
      trackInserted: false,
      conflict: { columns: ['id'], resolution: 'ignore-duplicates' },
    });
    expect(ignore).toContain('ON CONFLICT ("id") DO NOTHING');
  });

  it('an empty object inserts a row of defaults', () => {
    const sql = renderInsert({
      target,
      params: new SqlBuilder(),
      payload: parsePayload('{}', null),
      missingDefault: false,
      trackInserted: false,
    });
    expect(sql).toMatch(/^INSERT INTO "public"."movies" SELECT {2}FROM jsonb_array_elements/);
  });

  it('an unknown key is PGRST204', () => {
    let error: unknown;
    try {
      renderInsert({
        target,
        params: new SqlBuilder(),
        payload: parsePayload('{"nope":1}', null),
        missingDefault: false,
        trackInserted: false,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).status).toBe(400);
    expect((error as RestError).body).toEqual({
      code: 'PGRST204',
      details: null,
      hint: null,
      message: "Could not find the 'nope' column of 'movies' in the schema cache",
    });
  });
});

describe('renderUpdate / renderDelete', () => {
  it('updates from the bound body, filtered', () => {
    const b = new SqlBuilder();
    b.param('7');
    const sql = renderUpdate({
      target,
      params: b,
      payload: parsePayload('{"title":"t"}', null),
      missingDefault: false,
      where: '"public"."movies"."id" = $1',
    });
    expect(sql).toBe(
      'UPDATE "public"."movies" SET "title" = pgrst_body."title" ' +
        "FROM (SELECT CASE WHEN jsonb_typeof($2::jsonb) = 'array' THEN $2::jsonb -> 0 ELSE $2::jsonb END AS elem) pgrst_rows, " +
        'LATERAL jsonb_to_record(pgrst_rows.elem) AS pgrst_body("title" text) WHERE "public"."movies"."id" = $1 RETURNING "public"."movies".*',
    );
    expect(b.params).toEqual(['7', '{"title":"t"}']);
  });

  it('an update without columns changes nothing', () => {
    expect(
      renderUpdate({
        target,
        params: new SqlBuilder(),
        payload: parsePayload('{}', null),
        missingDefault: false,
      }),
    ).toBe('SELECT "public"."movies".* FROM "public"."movies" WHERE false');
  });

  it('limited deletes pick rows by ctid', () => {
    expect(
      renderDelete({
        target,
        params: new SqlBuilder(),
        where: 'true',
        limited: 'ORDER BY "id" LIMIT 2',
      }),
    ).toBe(
      'DELETE FROM "public"."movies" WHERE "public"."movies".ctid = ANY (ARRAY(SELECT "public"."movies".ctid FROM "public"."movies" WHERE true ORDER BY "id" LIMIT 2)) RETURNING "public"."movies".*',
    );
    expect(renderDelete({ target, params: new SqlBuilder() })).toBe(
      'DELETE FROM "public"."movies" RETURNING "public"."movies".*',
    );
  });
});

describe('renderWriteStatement', () => {
  it('wraps the mutation as pgrst_source and reports count, location and body', () => {
    const b = new SqlBuilder();
    const sql = renderWriteStatement({
      mutation: 'DELETE FROM "public"."movies" RETURNING "public"."movies".*',
      params: b,
      columns: ['id', 'title'],
      trackInserted: false,
      locationKeys: ['id'],
      body: allColumnsBody,
    });
    expect(sql).toBe(
      'WITH pgrst_source AS (DELETE FROM "public"."movies" RETURNING "public"."movies".*) ' +
        'SELECT (SELECT count(*) FROM pgrst_source)::int AS pgrst_count, NULL::int AS pgrst_inserted, ' +
        'CASE WHEN (SELECT count(*) FROM pgrst_source) = 1 THEN (SELECT json_build_array("id"::text)::text FROM pgrst_source) END AS pgrst_location, ' +
        "(SELECT coalesce(json_agg(_postgrest_t), '[]')::text FROM (SELECT * FROM pgrst_source) _postgrest_t) AS pgrst_body",
    );
  });

  it('hides pgrst_inserted from the rows when tracking upserts', () => {
    const sql = renderWriteStatement({
      mutation: 'INSERT …',
      params: new SqlBuilder(),
      columns: ['id', 'title'],
      trackInserted: true,
      body: allColumnsBody,
    });
    expect(sql).toContain(
      'pgrst_mutation AS (INSERT …), pgrst_source AS (SELECT "id", "title" FROM pgrst_mutation)',
    );
    expect(sql).toContain(
      '(SELECT count(*) FILTER (WHERE pgrst_inserted) FROM pgrst_mutation)::int AS pgrst_inserted',
    );
  });
});
