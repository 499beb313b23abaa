import { describe, expect, it } from 'vitest';
import { cleanSelect } from '../../../src/db/clean-select.js';
import { assertOperator, encodeContainer, encodeInList } from '../../../src/db/filter-values.js';
import { rpcShape } from '../../../src/db/rpc-request.js';
import { appendHeader, setParam, withHeader } from '../../../src/db/state.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';

describe('cleanSelect', () => {
  it.each([
    ['*', '*'],
    ['id, name', 'id,name'],
    [' id ,\n\tname ', 'id,name'],
    ['"first name", x', '"first name",x'],
    ['a:"b  c" ( d )', 'a:"b  c"(d)'],
    ['', ''],
  ])('%j → %j', (input, expected) => expect(cleanSelect(input)).toBe(expected));
});

describe('encodeInList', () => {
  it.each<[unknown[], string]>([
    [[], '()'],
    [[1, 2, 2, 1], '(1,2)'],
    [['a,b', '(c)', 'd.e', 'f:g'], '("a,b","(c)",d.e,f:g)'],
    [[null, true, 0], '(null,true,0)'],
    [['say "hi"'], '("say \\"hi\\"")'],
    [['a\\b'], '("a\\\\b")'],
    [['x,"y"'], '("x,\\"y\\"")'],
  ])('%j → %s', (values, expected) => expect(encodeInList(values)).toBe(expected));
});

describe('encodeContainer', () => {
  it('strings as is, arrays as {…}, objects as JSON; others refused', () => {
    expect(encodeContainer('[1,2)')).toBe('[1,2)');
    expect(encodeContainer(['a', 1])).toBe('{a,1}');
    expect(encodeContainer({ a: [1] })).toBe('{"a":[1]}');
    expect(() => encodeContainer(5)).toThrow(SupabaseRxInputError);
    expect(() => encodeContainer(null)).toThrow(SupabaseRxInputError);
  });
});

describe('assertOperator', () => {
  it.each([
    'eq',
    'not.eq',
    'in',
    'not.in',
    'cs',
    'fts(english)',
    'not.wfts(simple)',
    'like(any)',
    'eq(all)',
    'isdistinct',
  ])('filter accepts %s', (op) => expect(() => assertOperator(op, 'filter')).not.toThrow());
  it.each(['', 'equals', 'not.', 'not.not.eq', 'in(any)', 'fts()', 'EQ', 'eq ', 'cs(all)'])(
    'filter refuses %j',
    (op) => expect(() => assertOperator(op, 'filter')).toThrow(SupabaseRxInputError),
  );
  it('not() refuses a not. prefix', () => {
    expect(() => assertOperator('not.eq', 'not')).toThrow(/not\(\): unknown operator/);
    expect(() => assertOperator('eq', 'not')).not.toThrow();
  });
});

describe('state helpers', () => {
  it('setParam replaces the first occurrence in place and drops the others', () => {
    expect(
      setParam(
        [
          ['a', '1'],
          ['b', '2'],
          ['a', '3'],
        ],
        'a',
        '9',
      ),
    ).toEqual([
      ['a', '9'],
      ['b', '2'],
    ]);
    expect(setParam([['a', '1']], 'c', '3')).toEqual([
      ['a', '1'],
      ['c', '3'],
    ]);
  });
  it('headers follow Headers semantics', () => {
    expect(withHeader({}, 'Accept', ' text/csv ')).toEqual({ accept: 'text/csv' });
    expect(appendHeader(appendHeader({}, 'Prefer', 'a'), 'prefer', 'b')).toEqual({
      prefer: 'a, b',
    });
    expect(() => withHeader({}, 'bad name', 'x')).toThrow(SupabaseRxInputError);
  });
});

describe('rpcShape', () => {
  it.each<[string, Record<string, unknown>, object, object]>([
    [
      'POST by default',
      { a: 1 },
      {},
      { method: 'POST', params: [], body: '{"a":1}', prefer: undefined },
    ],
    [
      'count on POST',
      {},
      { count: 'exact' },
      { method: 'POST', body: '{}', prefer: 'count=exact' },
    ],
    [
      'GET args',
      { a: 1, b: [1, 2], c: undefined, d: null },
      { get: true },
      {
        method: 'GET',
        params: [
          ['a', '1'],
          ['b', '{1,2}'],
          ['d', 'null'],
        ],
      },
    ],
    ['HEAD args', { a: 'x' }, { head: true }, { method: 'HEAD', params: [['a', 'x']] }],
    [
      'HEAD with object arg → POST',
      { a: { b: 1 } },
      { head: true },
      { method: 'POST', body: '{"a":{"b":1}}', prefer: 'return=minimal' },
    ],
    [
      'HEAD with object arg and count',
      { a: [{ b: 1 }] },
      { head: true, count: 'planned' },
      { method: 'POST', prefer: 'count=planned,return=minimal' },
    ],
    [
      'GET with object arg stays GET',
      { a: { b: 1 } },
      { get: true },
      { method: 'GET', params: [['a', '[object Object]']] },
    ],
  ])('%s', (_n, args, options, expected) =>
    expect(rpcShape(args, options)).toMatchObject(expected),
  );

  it('refuses args that are not an object', () => {
    expect(() => rpcShape([1] as never, {})).toThrow(SupabaseRxInputError);
    expect(() => rpcShape(null as never, {})).toThrow(SupabaseRxInputError);
  });
});
