import { describe, expect, it } from 'vitest';
import { renderCallFrom, renderCallSource } from '../../src/rest/rpc/call-sql.js';
import { renderCallStatement } from '../../src/rest/rpc/call-statement.js';
import type { Routine, RoutineParam } from '../../src/rest/rpc/functions.js';
import { SqlBuilder } from '../../src/rest/sql/builder.js';

const param = (name: string, type: string, extra: Partial<RoutineParam> = {}): RoutineParam => ({
  name,
  type,
  hasDefault: false,
  variadic: false,
  ...extra,
});
const routine = (over: Partial<Routine>): Routine => ({
  schema: 'public',
  name: 'fn',
  params: [],
  volatility: 'v',
  returnsSet: false,
  returnType: 'integer',
  returnsComposite: false,
  outColumns: [],
  ...over,
});

describe('renderCallFrom', () => {
  const cases: [string, Routine, 'named' | 'single', string, string[], string, unknown[]][] = [
    [
      'named arguments read from one bound jsonb, passed by name',
      routine({ params: [param('a', 'integer'), param('b', 'text')] }),
      'named',
      '{"b":"x; drop","a":1}',
      ['b', 'a'],
      `jsonb_to_recordset(CASE WHEN jsonb_typeof($1::jsonb) = 'array' THEN $1::jsonb ELSE jsonb_build_array($1::jsonb) END) AS pgrst_body("b" text, "a" integer), ` +
        'LATERAL (SELECT "public"."fn"("b" := pgrst_body."b", "a" := pgrst_body."a") AS pgrst_scalar) pgrst_call',
      ['{"b":"x; drop","a":1}'],
    ],
    [
      'no arguments (defaults apply)',
      routine({ params: [param('a', 'integer', { hasDefault: true })] }),
      'named',
      '{}',
      [],
      '(SELECT "public"."fn"() AS pgrst_scalar) pgrst_call',
      [],
    ],
    [
      'a row result is called in FROM',
      routine({ returnsComposite: true, returnsSet: true, returnType: 'movies' }),
      'named',
      '{}',
      [],
      '"public"."fn"() pgrst_call',
      [],
    ],
    [
      'the whole body as the single parameter, cast to its type',
      routine({ params: [param('', 'jsonb')], returnType: 'jsonb' }),
      'single',
      '{"x":1}',
      [],
      '(SELECT "public"."fn"($1::jsonb) AS pgrst_scalar) pgrst_call',
      ['{"x":1}'],
    ],
    [
      'variadic',
      routine({ params: [param('v', 'integer[]', { variadic: true })] }),
      'named',
      '{"v":[1,2]}',
      ['v'],
      `jsonb_to_recordset(CASE WHEN jsonb_typeof($1::jsonb) = 'array' THEN $1::jsonb ELSE jsonb_build_array($1::jsonb) END) AS pgrst_body("v" integer[]), ` +
        'LATERAL (SELECT "public"."fn"(VARIADIC "v" := pgrst_body."v") AS pgrst_scalar) pgrst_call',
      ['{"v":[1,2]}'],
    ],
  ];
  it.each(cases)('%s', (_name, fn, mode, args, keys, sql, params) => {
    const builder = new SqlBuilder();
    expect(renderCallFrom({ call: { routine: fn, mode }, args, keys, builder })).toBe(sql);
    expect(builder.params).toEqual(params);
  });

  it('quotes odd function and parameter names', () => {
    const builder = new SqlBuilder();
    const fn = routine({ schema: 'my "s"', name: 'f"n', params: [param('a"b', 'text')] });
    const sql = renderCallFrom({
      call: { routine: fn, mode: 'named' },
      args: '{}',
      keys: ['a"b'],
      builder,
    });
    expect(sql).toContain('"my ""s"""."f""n"("a""b" := pgrst_body."a""b")');
  });
});

describe('renderCallStatement (scalar results)', () => {
  it('a single value: the first element of the aggregate, counted only when asked', () => {
    const builder = new SqlBuilder();
    const fn = routine({});
    const source = renderCallSource({
      call: { routine: fn, mode: 'named' },
      args: '{}',
      keys: [],
      builder,
    });
    const sql = renderCallStatement({
      routine: fn,
      source,
      builder,
      read: { select: [], filters: [], orders: [], ranges: [] },
      count: false,
      accept: { type: 'json' },
    });
    expect(sql).toBe(
      'WITH pgrst_source AS (SELECT pgrst_call.pgrst_scalar FROM (SELECT "public"."fn"() AS pgrst_scalar) pgrst_call), ' +
        'pgrst_page AS (SELECT pgrst_scalar FROM pgrst_source) ' +
        'SELECT (SELECT count(*) FROM pgrst_page)::int AS pgrst_page_count, NULL::int AS pgrst_total, ' +
        "coalesce(((SELECT coalesce(json_agg(pgrst_scalar), '[]') FROM pgrst_page) -> 0)::text, 'null') AS pgrst_body",
    );
    expect(builder.params).toEqual([]);
  });

  it('a set of values: paged with bound limit and offset, the whole array', () => {
    const builder = new SqlBuilder();
    const fn = routine({ returnsSet: true });
    const sql = renderCallStatement({
      routine: fn,
      source: 'SELECT 1',
      builder,
      read: { select: [], filters: [], orders: [], ranges: [] },
      limit: 10,
      offset: 5,
      count: true,
      accept: { type: 'json' },
    });
    expect(sql).toContain(
      'pgrst_page AS (SELECT pgrst_scalar FROM pgrst_source LIMIT $1::bigint OFFSET $2::bigint)',
    );
    expect(sql).toContain('(SELECT count(*) FROM pgrst_source)::int AS pgrst_total');
    expect(sql).toContain(
      "(SELECT coalesce(json_agg(pgrst_scalar), '[]') FROM pgrst_page)::text AS pgrst_body",
    );
    expect(builder.params).toEqual([10, 5]);
  });
});
