import { describe, expect, it } from 'vitest';
import { parseResponse } from '../../../src/db/parse-response.js';
import { PostgrestError } from '../../../src/db/postgrest-error.js';
import type { QueryState } from '../../../src/db/state.js';
import { BASE, response } from './helpers.js';

function state(patch: Partial<QueryState> = {}): QueryState {
  return {
    method: 'GET',
    url: BASE + '/t',
    params: [],
    headers: {},
    schema: 'public',
    maybeSingle: false,
    stripNulls: false,
    ...patch,
  };
}

const exact = { headers: { prefer: 'count=exact' } };

// [name, state, response, expected { data, count, status, statusText }]
const successes: [string, QueryState, ReturnType<typeof response>, object][] = [
  [
    'JSON array',
    state(),
    response(200, '[{"a":1}]'),
    { data: [{ a: 1 }], count: null, status: 200, statusText: 'OK' },
  ],
  [
    'empty body (return=minimal)',
    state({ method: 'POST' }),
    response(201, '', {}, 'Created'),
    { data: null, count: null, status: 201, statusText: 'Created' },
  ],
  [
    '204',
    state({ method: 'PATCH' }),
    response(204, '', {}, 'No Content'),
    { data: null, count: null, status: 204, statusText: 'No Content' },
  ],
  [
    'HEAD: body not read',
    state({ method: 'HEAD', ...exact }),
    response(200, null, { 'content-range': '*/12' }),
    { data: null, count: 12, status: 200, statusText: 'OK' },
  ],
  [
    'count from Content-Range',
    state(exact),
    response(206, '[]', { 'content-range': '0-24/573' }, 'Partial Content'),
    { data: [], count: 573, status: 206, statusText: 'Partial Content' },
  ],
  [
    'count planned among other prefs',
    state({ headers: { prefer: 'return=representation, count=planned' } }),
    response(200, '[]', { 'content-range': '0-0/7' }),
    { data: [], count: 7, status: 200, statusText: 'OK' },
  ],
  [
    'count */* is null, not NaN (fix)',
    state(exact),
    response(200, '[]', { 'content-range': '0-0/*' }),
    { data: [], count: null, status: 200, statusText: 'OK' },
  ],
  [
    'no count asked: Content-Range ignored',
    state(),
    response(200, '[]', { 'content-range': '0-0/5' }),
    { data: [], count: null, status: 200, statusText: 'OK' },
  ],
  [
    'Content-Range without /',
    state(exact),
    response(200, '[]', { 'content-range': '0-0' }),
    { data: [], count: null, status: 200, statusText: 'OK' },
  ],
  [
    'csv is raw text',
    state({ headers: { accept: 'text/csv' } }),
    response(200, 'a,b\n1,2'),
    { data: 'a,b\n1,2', count: null, status: 200, statusText: 'OK' },
  ],
  [
    'plan text is raw text',
    state({
      headers: { accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=;' },
    }),
    response(200, 'Seq Scan'),
    { data: 'Seq Scan', count: null, status: 200, statusText: 'OK' },
  ],
  [
    'plan json is parsed',
    state({
      headers: { accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=;' },
    }),
    response(200, '[{"Plan":{}}]'),
    { data: [{ Plan: {} }], count: null, status: 200, statusText: 'OK' },
  ],
  [
    'maybeSingle 0 rows',
    state({ maybeSingle: true }),
    response(200, '[]'),
    { data: null, count: null, status: 200, statusText: 'OK' },
  ],
  [
    'maybeSingle 1 row',
    state({ maybeSingle: true }),
    response(200, '[{"a":1}]'),
    { data: { a: 1 }, count: null, status: 200, statusText: 'OK' },
  ],
  [
    'maybeSingle on an object body',
    state({ maybeSingle: true }),
    response(200, '{"a":1}'),
    { data: { a: 1 }, count: null, status: 200, statusText: 'OK' },
  ],
  [
    'legacy: 404 with a JSON array',
    state(),
    response(404, '[]', {}, 'Not Found'),
    { data: [], count: null, status: 200, statusText: 'OK' },
  ],
  [
    'legacy: 404 empty body',
    state(),
    response(404, '', {}, 'Not Found'),
    { data: null, count: null, status: 204, statusText: 'No Content' },
  ],
];

// [name, state, response, expected error fields]
const failures: [string, QueryState, ReturnType<typeof response>, object][] = [
  [
    'PostgREST error body',
    state(),
    response(
      400,
      '{"code":"22P02","details":null,"hint":null,"message":"invalid input syntax"}',
      {},
      'Bad Request',
    ),
    {
      code: '22P02',
      details: null,
      hint: null,
      message: 'invalid input syntax',
      status: 400,
      statusText: 'Bad Request',
    },
  ],
  [
    'error body missing fields',
    state(),
    response(401, '{"message":"JWT expired"}'),
    { code: '', details: '', hint: '', message: 'JWT expired', status: 401 },
  ],
  [
    'non-JSON error body keeps its text',
    state(),
    response(502, '<html>Bad gateway</html>'),
    { code: '', message: '<html>Bad gateway</html>', status: 502 },
  ],
  ['404 non-JSON', state(), response(404, 'nope'), { message: 'nope', status: 404 }],
  [
    '404 JSON object is an error',
    state(),
    response(404, '{"code":"PGRST205","message":"Could not find the table"}'),
    { code: 'PGRST205', status: 404 },
  ],
  [
    '2xx non-JSON body',
    state(),
    response(200, 'not json'),
    { message: 'not json', code: '', status: 200 },
  ],
  [
    'maybeSingle > 1 rows: PGRST116',
    state({ maybeSingle: true }),
    response(200, '[{"a":1},{"a":2}]'),
    {
      code: 'PGRST116',
      details: 'Results contain 2 rows, application/vnd.pgrst.object+json requires 1 row',
      hint: null,
      message: 'JSON object requested, multiple (or no) rows returned',
      status: 406,
      statusText: 'Not Acceptable',
    },
  ],
];

describe('parseResponse', () => {
  it.each(successes)('%s', (_n, s, res, expected) => {
    expect(parseResponse(res, s)).toEqual(expected);
  });

  it.each(failures)('%s → PostgrestError', (_n, s, res, expected) => {
    let caught: unknown;
    try {
      parseResponse(res, s);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PostgrestError);
    expect(caught).toMatchObject(expected);
  });

  it('PostgrestError.toJSON keeps every field', () => {
    const e = new PostgrestError(
      { message: 'm', code: 'c', details: 'd', hint: 'h' },
      { status: 409 },
    );
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'PostgrestError',
      message: 'm',
      code: 'c',
      details: 'd',
      hint: 'h',
      status: 409,
    });
  });
});
