import { describe, expect, it } from 'vitest';
import type { SelectItem } from '../../src/rest/ast.js';
import { parseFilterValue, parseSelect } from '../../src/rest/parse/index.js';
import { errorOf } from './read-errors-helper.js';

const col = (name: string, extra: object = {}): SelectItem => ({
  type: 'column',
  field: { name, jsonPath: [] },
  ...extra,
});

describe('parseSelect', () => {
  it.each<[string, SelectItem[]]>([
    ['', [{ type: 'star' }]],
    ['*', [{ type: 'star' }]],
    ['id,name', [col('id'), col('name')]],
    ['  id , name ', [col('id'), col('name')]],
    ['label:name', [col('name', { alias: 'label' })]],
    ['year::text', [col('year', { cast: 'text' })]],
    ['n:amount::double precision', [col('amount', { alias: 'n', cast: 'double precision' })]],
    [
      'data->a->>b',
      [
        {
          type: 'column',
          field: {
            name: 'data',
            jsonPath: [
              { arrow: '->', key: 'a' },
              { arrow: '->>', key: 'b' },
            ],
          },
        },
      ],
    ],
    [
      'data->0->>-1',
      [
        {
          type: 'column',
          field: {
            name: 'data',
            jsonPath: [
              { arrow: '->', key: 0 },
              { arrow: '->>', key: -1 },
            ],
          },
        },
      ],
    ],
    ['"first name","a,b"', [col('first name'), col('a,b')]],
    ['"we\\"ird"', [col('we"ird')]],
    ['my-col', [col('my-col')]],
    ['count()', [{ type: 'column', field: { name: '', jsonPath: [] }, aggregate: 'count' }]],
    [
      'total:count()::int',
      [
        {
          type: 'column',
          field: { name: '', jsonPath: [] },
          aggregate: 'count',
          alias: 'total',
          aggregateCast: 'int',
        },
      ],
    ],
    ['amount.sum()', [col('amount', { aggregate: 'sum' })]],
    [
      'amount::int.avg()::text',
      [col('amount', { cast: 'int', aggregate: 'avg', aggregateCast: 'text' })],
    ],
    [
      'people(*)',
      [{ type: 'embed', relation: 'people', spread: false, select: [{ type: 'star' }] }],
    ],
    [
      'd:people!fk!inner(name)',
      [
        {
          type: 'embed',
          relation: 'people',
          alias: 'd',
          hint: 'fk',
          joinType: 'inner',
          spread: false,
          select: [col('name')],
        },
      ],
    ],
    [
      'people!left(name)',
      [
        {
          type: 'embed',
          relation: 'people',
          joinType: 'left',
          spread: false,
          select: [col('name')],
        },
      ],
    ],
    [
      'people!inner!fk(name)',
      [
        {
          type: 'embed',
          relation: 'people',
          hint: 'fk',
          joinType: 'inner',
          spread: false,
          select: [col('name')],
        },
      ],
    ],
    [
      '...people(name)',
      [{ type: 'embed', relation: 'people', spread: true, select: [col('name')] }],
    ],
    [
      '...director:people(name)',
      [
        {
          type: 'embed',
          relation: 'people',
          alias: 'director',
          spread: true,
          select: [col('name')],
        },
      ],
    ],
    [
      'a(b(c(*)))',
      [
        {
          type: 'embed',
          relation: 'a',
          spread: false,
          select: [
            {
              type: 'embed',
              relation: 'b',
              spread: false,
              select: [{ type: 'embed', relation: 'c', spread: false, select: [{ type: 'star' }] }],
            },
          ],
        },
      ],
    ],
    ['rel()', [{ type: 'embed', relation: 'rel', spread: false, select: [] }]],
  ])('%s', (input, expected) => {
    expect(parseSelect(input)).toEqual(expected);
  });

  it.each(['id,', 'id,,name', 'people(name', 'name::', 'a.b', 'name!hint', 'x.nope()', ')'])(
    'rejects %s with PGRST100',
    (input) => {
      const e = errorOf(() => parseSelect(input));
      expect(e.status).toBe(400);
      expect(e.body.code).toBe('PGRST100');
      expect(e.body.message).toMatch(
        /^"failed to parse select parameter \(.*\)" \(line 1, column \d+\)$/,
      );
    },
  );
});

describe('parseFilterValue', () => {
  it.each<[string, object]>([
    ['eq.1', { negated: false, operator: 'eq', value: '1' }],
    ['eq.a.b.c', { negated: false, operator: 'eq', value: 'a.b.c' }],
    ['eq.', { negated: false, operator: 'eq', value: '' }],
    ['not.eq.5', { negated: true, operator: 'eq', value: '5' }],
    ['like.*a,b)', { negated: false, operator: 'like', value: '*a,b)' }],
    ['is.NULL', { negated: false, operator: 'is', value: 'null' }],
    ['not.is.true', { negated: true, operator: 'is', value: 'true' }],
    ['is.unknown', { negated: false, operator: 'is', value: 'unknown' }],
    ['in.(1,2,3)', { negated: false, operator: 'in', value: ['1', '2', '3'] }],
    [
      'in.(a,"b,c","d(e)",f.g,h:i,"j\\"k",1,null)',
      {
        negated: false,
        operator: 'in',
        value: ['a', 'b,c', 'd(e)', 'f.g', 'h:i', 'j"k', '1', 'null'],
      },
    ],
    ['in.("a\\\\b")', { negated: false, operator: 'in', value: ['a\\b'] }],
    ['in.()', { negated: false, operator: 'in', value: [] }],
    ['in.("")', { negated: false, operator: 'in', value: [''] }],
    ['not.in.(1,2)', { negated: true, operator: 'in', value: ['1', '2'] }],
    [
      'like(any).{a*,b*}',
      { negated: false, operator: 'like', quantifier: 'any', value: ['a*', 'b*'] },
    ],
    [
      'eq(all).{"x,y",z}',
      { negated: false, operator: 'eq', quantifier: 'all', value: ['x,y', 'z'] },
    ],
    ['fts.cat', { negated: false, operator: 'fts', value: 'cat' }],
    [
      "fts(english).'fat' & 'cat'",
      { negated: false, operator: 'fts', language: 'english', value: "'fat' & 'cat'" },
    ],
    [
      'not.wfts(simple).a or b',
      { negated: true, operator: 'wfts', language: 'simple', value: 'a or b' },
    ],
    ['cs.{1,2}', { negated: false, operator: 'cs', value: '{1,2}' }],
    ['cs.{"a":1}', { negated: false, operator: 'cs', value: '{"a":1}' }],
    ['ov.[1,5)', { negated: false, operator: 'ov', value: '[1,5)' }],
    ['adj.(1,2]', { negated: false, operator: 'adj', value: '(1,2]' }],
    ['isdistinct.x', { negated: false, operator: 'isdistinct', value: 'x' }],
    ['imatch.^a.*$', { negated: false, operator: 'imatch', value: '^a.*$' }],
  ])('%s', (input, expected) => {
    expect(parseFilterValue(input)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['eqq.1', 'unknown single value operator eqq'],
    ['is.maybe', 'unexpected "m" expecting null or trilean value (unknown, true, false)'],
    ['in.1,2', 'unexpected "1" expecting "("'],
    ['in.(1,2', 'unexpected end of input expecting ")"'],
    ['cs(any).{1}', 'unknown single value operator cs(any)'],
    ['nope', 'unexpected "n" expecting operator (eq, gt, ...)'],
  ])('rejects %s', (input, details) => {
    const e = errorOf(() => parseFilterValue(input));
    expect(e.body).toMatchObject({ code: 'PGRST100', details, hint: null });
    expect(e.body.message).toMatch(/^"failed to parse filter \(/);
  });
});
