import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { RULES_SQL } from './rest-rules-fixture.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

/** One call: method, path under /rest/v1, body and its content type. */
interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string | Uint8Array;
  type?: string;
}

const post = (path: string, body: string, type = 'application/json'): Call => ({
  method: 'POST',
  path,
  body,
  type,
});
const get = (path: string): Call => ({ method: 'GET', path });

// Which overload a call reaches: PostgREST's findProc (names, defaults, raw bodies by media type).
const RESOLVED: [string, Call, number, unknown][] = [
  ['no arguments → the overload without parameters', post('/rpc/ov', '{}'), 200, 'none'],
  ['an empty body is no arguments', post('/rpc/ov', ''), 200, 'none'],
  ['one name → the one-parameter overload', post('/rpc/ov', '{"a":1}'), 200, 'a'],
  ['two names on GET → the two-parameter overload', get('/rpc/ov?a=1&b=2'), 200, 'a,b'],
  ['defaults may be left out', get('/rpc/with_defaults?a=1'), 200, 111],
  ['any default may be given alone', get('/rpc/with_defaults?a=1&c=1'), 200, 12],
  ['same names, a name only one overload has', get('/rpc/same_args?arg=x&num=2'), 200, 'text'],
  [
    'text/plain → the single unnamed text parameter',
    post('/rpc/raw_text', 'hi', 'text/plain'),
    200,
    'text:hi',
  ],
  [
    'application/json → the single unnamed json parameter',
    post('/rpc/raw_json', '{"x":[1]}'),
    200,
    { x: [1] },
  ],
  [
    'an array of objects is the jsonb argument',
    post('/rpc/raw_jsonb', '[{"a":1},{"a":2}]'),
    200,
    [{ a: 1 }, { a: 2 }],
  ],
  [
    'text/xml → the single unnamed xml parameter',
    post('/rpc/raw_xml', '<a>q</a>', 'text/xml'),
    200,
    '{q}',
  ],
  [
    'a key named "" goes to the raw json parameter',
    post('/rpc/raw_jsonb', '{"":1}'),
    200,
    { '': 1 },
  ],
  ['a bare scalar body is an empty array', post('/rpc/raw_jsonb', '1'), 200, []],
  ['raw overloads by media type: text', post('/rpc/unnamed_over', 't', 'text/plain'), 200, 'text'],
  ['raw overloads by media type: xml', post('/rpc/unnamed_over', '<a/>', 'text/xml'), 200, 'xml'],
  [
    'raw overloads by media type: octet-stream',
    post('/rpc/unnamed_over', 'b', 'application/octet-stream'),
    200,
    'bytea',
  ],
  [
    'raw overloads by media type: json with keys',
    post('/rpc/unnamed_over', '{"x":1}'),
    200,
    'json',
  ],
  ['named match first: {} → no parameters', post('/rpc/unnamed_over', '{}'), 200, 'none'],
  ['GET never takes the raw-body rule', get('/rpc/unnamed_over'), 200, 'none'],
];

const NOT_FOUND = (message: string, details: string, hint: string | null = null) => ({
  code: 'PGRST202',
  message,
  details,
  hint,
});

// PostgREST's PGRST202 (404): message, details and hint as Error.hs words them.
const MISSING: [string, Call, unknown][] = [
  [
    'a raw text body with no text overload (no hint)',
    post('/rpc/ov', 'hi', 'text/plain'),
    NOT_FOUND(
      'Could not find the function public.ov in the schema cache',
      'Searched for the function public.ov with a single unnamed text parameter, but no matches were found in the schema cache.',
    ),
  ],
  [
    'a raw octet-stream body to a text function',
    post('/rpc/raw_text', 'hi', 'application/octet-stream'),
    NOT_FOUND(
      'Could not find the function public.raw_text in the schema cache',
      'Searched for the function public.raw_text with a single unnamed bytea parameter, but no matches were found in the schema cache.',
    ),
  ],
  [
    'a raw xml body to a json function',
    post('/rpc/raw_json', '<a/>', 'text/xml'),
    NOT_FOUND(
      'Could not find the function public.raw_json in the schema cache',
      'Searched for the function public.raw_json with a single unnamed xml parameter, but no matches were found in the schema cache.',
    ),
  ],
  [
    'an unknown function, far from every name',
    get('/rpc/zzzz_qqqq'),
    NOT_FOUND(
      'Could not find the function public.zzzz_qqqq without parameters in the schema cache',
      'Searched for the function public.zzzz_qqqq without parameters, but no matches were found in the schema cache.',
    ),
  ],
];

// Requests whose match PostgREST finds by name only, reported without the hint.
const MISSING_NO_HINT_CHECK: [string, Call, string, string][] = [
  [
    'a single *named* json parameter does not take the whole body',
    post('/rpc/named_json', '{"a":1}'),
    'Could not find the function public.named_json(a) in the schema cache',
    'Searched for the function public.named_json with parameter a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
  ],
  [
    'unnamed parameters cannot be given by name ("" never reaches SQL)',
    get('/rpc/raw_text?=x'),
    'Could not find the function public.raw_text() in the schema cache',
    'Searched for the function public.raw_text with parameter , but no matches were found in the schema cache.',
  ],
  [
    'two unnamed parameters: not callable',
    post('/rpc/unnamed_pair', '{}'),
    'Could not find the function public.unnamed_pair without parameters in the schema cache',
    'Searched for the function public.unnamed_pair without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
  ],
  [
    'GET does not take the raw-body rule',
    get('/rpc/raw_text'),
    'Could not find the function public.raw_text without parameters in the schema cache',
    'Searched for the function public.raw_text without parameters, but no matches were found in the schema cache.',
  ],
  [
    'two parameters where overloads take one or none',
    get('/rpc/ov?b=1&c=2'),
    'Could not find the function public.ov(b, c) in the schema cache',
    'Searched for the function public.ov with parameters b, c, but no matches were found in the schema cache.',
  ],
];

describe.each(testEngines())('rpc overload resolution on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine, RULES_SQL);
  });
  afterAll(() => w?.stop());

  const send = async (call: Call) => {
    const res = await fetch(`${w.emu.url}/rest/v1${call.path}`, {
      method: call.method,
      headers: {
        apikey: w.emu.anonKey,
        ...(call.type ? { 'content-type': call.type } : {}),
      },
      body: call.body as BodyInit | undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
  };

  it.each(RESOLVED)('%s', async (_, call, status, body) => {
    expect(await send(call)).toEqual({ status, json: body });
  });

  it('a bytea parameter gets the body bytes as sent, not their UTF-8 reading', async () => {
    const bytes = new Uint8Array([0, 1, 0xc3, 0xff, 0x80]);
    const res = await send({
      method: 'POST',
      path: '/rpc/raw_bytea',
      body: bytes,
      type: 'application/octet-stream',
    });
    expect(res).toEqual({ status: 200, json: 5 });
  });

  it('overloads that differ only by type: PGRST203 (300) worded as PostgREST', async () => {
    expect(await send(get('/rpc/same_args?arg=1'))).toEqual({
      status: 300,
      json: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.same_args(arg => integer), public.same_args(arg => xml), public.same_args(arg => text, num => integer)',
      },
    });
  });

  it.each(MISSING)('PGRST202: %s', async (_, call, body) => {
    expect(await send(call)).toEqual({ status: 404, json: body });
  });

  it.each(MISSING_NO_HINT_CHECK)('PGRST202: %s', async (_, call, message, details) => {
    const res = await send(call);
    expect([res.status, res.json.code, res.json.message, res.json.details]).toEqual([
      404,
      'PGRST202',
      message,
      details,
    ]);
  });

  it('the overloads hint lists parameters in declaration order', async () => {
    const res = await send(get('/rpc/with_defaults?a=1&d=2'));
    expect(res.json.hint).toBe(
      'Perhaps you meant to call the function public.with_defaults(a, b, c)',
    );
  });

  it('the official postgrest-js client gets the same answers', async () => {
    const client = new PostgrestClient(`${w.emu.url}/rest/v1`, {
      headers: { apikey: w.emu.anonKey },
    });
    expect(await client.rpc('ov', { a: 1 })).toMatchObject({ data: 'a', error: null, status: 200 });
    expect(await client.rpc('with_defaults', { a: 1 }, { get: true })).toMatchObject({ data: 111 });
    const ambiguous = await client.rpc('same_args', { arg: 1 }, { get: true });
    expect([ambiguous.status, ambiguous.error?.code]).toEqual([300, 'PGRST203']);
    const missing = await client.rpc('named_json', { a: 1 });
    expect([missing.status, missing.error?.code]).toEqual([404, 'PGRST202']);
  });
});
