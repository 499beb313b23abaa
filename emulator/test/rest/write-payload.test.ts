import { describe, expect, it } from 'vitest';
import { RestError } from '../../src/rest/ast.js';
import { parseCsv } from '../../src/rest/write/csv.js';
import { mediaTypeOf, parsePayload } from '../../src/rest/write/payload.js';

function errorOf(fn: () => unknown): RestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RestError) return error;
    throw error;
  }
  throw new Error('expected a RestError');
}

describe('parsePayload', () => {
  const ok: [
    string,
    string,
    string | undefined,
    { keys: string[]; isArray: boolean; json?: string },
  ][] = [
    ['one object', '{"a":1,"b":"x"}', 'application/json', { keys: ['a', 'b'], isArray: false }],
    [
      'bulk, same keys in any order',
      '[{"a":1,"b":2},{"b":3,"a":4}]',
      undefined,
      { keys: ['a', 'b'], isArray: true },
    ],
    ['empty array', '[]', 'application/json', { keys: [], isArray: true }],
    ['empty object (a row of defaults)', '{}', 'application/json', { keys: [], isArray: false }],
    ['a scalar reads as no rows', '5', 'application/json', { keys: [], isArray: true, json: '[]' }],
    [
      'charset parameter ignored',
      '{"a":1}',
      'application/json; charset=utf-8',
      { keys: ['a'], isArray: false },
    ],
    [
      'hostile keys are just keys',
      '{"a\\"; drop table t; --":1}',
      'application/json',
      { keys: ['a"; drop table t; --'], isArray: false },
    ],
  ];
  it.each(ok)('%s', (_name, body, type, expected) => {
    const payload = parsePayload(body, type);
    expect(payload.keys).toEqual(expected.keys);
    expect(payload.isArray).toBe(expected.isArray);
    expect(payload.json).toBe(expected.json ?? body);
  });

  const bad: [string, string, string | undefined, string][] = [
    ['malformed JSON', '{"a":', 'application/json', 'Empty or invalid json'],
    ['empty body', '', 'application/json', 'Empty or invalid json'],
    ['mixed keys', '[{"a":1},{"b":2}]', 'application/json', 'All object keys must match'],
    [
      'a subset of keys',
      '[{"a":1,"b":2},{"a":1}]',
      'application/json',
      'All object keys must match',
    ],
    ['non-object in array', '[{"a":1},2]', 'application/json', 'All object keys must match'],
    ['array of scalars', '[1,2]', 'application/json', 'All object keys must match'],
    ['unsupported content type', 'x', 'text/plain', 'Content-Type not acceptable: text/plain'],
    ['csv with a short line', 'a,b\n1\n', 'text/csv', 'All lines must have same number of fields'],
  ];
  it.each(bad)('%s → PGRST102', (_name, body, type, message) => {
    const error = errorOf(() => parsePayload(body, type));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ code: 'PGRST102', details: null, hint: null, message });
  });

  it('passes the body through untouched with ?columns= (Postgres judges it)', () => {
    const payload = parsePayload('[{"a":1},{"b":2,"c":3}]', 'application/json', {
      columns: ['a', 'b'],
    });
    expect(payload).toEqual({ json: '[{"a":1},{"b":2,"c":3}]', keys: ['a', 'b'], isArray: true });
  });

  it('reads an empty rpc body as no arguments', () => {
    expect(parsePayload('', 'application/json', { isRpc: true })).toEqual({
      json: '{}',
      keys: [],
      isArray: false,
    });
  });

  it('turns CSV into rows of strings, NULL into null', () => {
    const payload = parsePayload('id,name\n1,"a, b"\n2,NULL\n', 'text/csv');
    expect(JSON.parse(payload.json)).toEqual([
      { id: '1', name: 'a, b' },
      { id: '2', name: null },
    ]);
    expect(payload.keys).toEqual(['id', 'name']);
  });

  it('turns a url-encoded form into one row', () => {
    const payload = parsePayload('name=a+b&year=1999', 'application/x-www-form-urlencoded');
    expect(JSON.parse(payload.json)).toEqual({ name: 'a b', year: '1999' });
    expect(payload.keys).toEqual(['name', 'year']);
  });
});

describe('mediaTypeOf', () => {
  it.each([
    [null, 'application/json'],
    ['', 'application/json'],
    ['Text/CSV; charset=utf-8', 'text/csv'],
  ])('%s → %s', (header, expected) => expect(mediaTypeOf(header)).toBe(expected));
});

describe('parseCsv', () => {
  it.each([
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a\n"x ""quoted"", y"\n', [['a'], ['x "quoted", y']]],
    [
      'a,b\n,\n',
      [
        ['a', 'b'],
        ['', ''],
      ],
    ],
    ['a\n"multi\nline"', [['a'], ['multi\nline']]],
    ['', []],
  ])('%j', (text, expected) => expect(parseCsv(text)).toEqual(expected));
});
