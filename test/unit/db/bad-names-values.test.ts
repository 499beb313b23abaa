import { describe, expect, it } from 'vitest';
import { PostgrestClient } from '../../../src/db/client.js';
import type { QueryState } from '../../../src/db/state.js';
import { toRequest } from '../../../src/db/to-request.js';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { BASE, recordingFetch } from './helpers.js';

const cyclic = (): Record<string, unknown> => {
  const a: Record<string, unknown> = { x: 1 };
  a.self = a;
  return a;
};
const cyclicArray = (): unknown[] => {
  const a: unknown[] = [1];
  a.push(a);
  return a;
};

// Each call → the message its SupabaseRxInputError must carry; nothing may reach fetch.
const cases: [string, (db: PostgrestClient) => unknown, RegExp][] = [
  ['from() with /', (db) => db.from('a/b').select(), /^from\(\): table name must not hold "\/"/],
  ['from() with ..', (db) => db.from('..').select(), /^from\(\): table name must not be "\.\."/],
  ['from() with %2e%2e', (db) => db.from('%2E%2e').select(), /must not be "%2E%2e"/],
  ['from() with .', (db) => db.from('.').select(), /must not be "\."/],
  ['from() with ?', (db) => db.from('t?id=eq.1').select(), /table name must not hold "\?"/],
  ['from() with #', (db) => db.from('t#x').select(), /table name must not hold "#"/],
  ['from() with \\', (db) => db.from('a\\b').select(), /table name must not hold "\\\\"/],
  [
    'from() leaving the API',
    (db) => db.from('../auth/v1/admin/users').select(),
    /out of its URL path segment; got "\.\.\/auth/,
  ],
  ['rpc() with /', (db) => db.rpc('a/b'), /^rpc\(\): function name must not hold "\/"/],
  ['rpc() with ?', (db) => db.rpc('f?n'), /^rpc\(\): function name must not hold "\?"/],
  ['rpc() with ..', (db) => db.rpc('..'), /function name must not be "\.\."/],
  [
    'schema() with a newline',
    (db) => db.schema('a\nb'),
    /schema name is sent in a header.*U\+000A/,
  ],
  ['schema() past U+00FF', (db) => db.schema('日本' as never), /must not hold "日".*U\+65E5/],
  [
    'cyclic insert body',
    (db) => db.from('t').insert(cyclic()),
    /^insert\(\): values is not serialisable: it contains itself/,
  ],
  [
    'cyclic upsert body',
    (db) => db.from('t').upsert([cyclic()]),
    /^upsert\(\): values is not serialisable: it contains itself/,
  ],
  [
    'cyclic update body',
    (db) => db.from('t').update(cyclic()),
    /^update\(\): values is not serialisable/,
  ],
  ['symbol in a body', (db) => db.from('t').insert({ s: Symbol('s') }), /symbol at key "s"/],
  [
    'function in rpc args',
    (db) => db.rpc('f', { cb: () => 1 }),
    /^rpc\(\): args is not serialisable: function at key "cb"/,
  ],
  [
    'cyclic rpc args',
    (db) => db.rpc('f', { a: cyclic() }),
    /^rpc\(\): args is not serialisable: it contains itself/,
  ],
  [
    'cyclic contains()',
    (db) => db.from('t').select().contains('j', cyclic()),
    /^contains\(\): value is not serialisable: it contains itself/,
  ],
  [
    'cyclic containedBy()',
    (db) => db.from('t').select().containedBy('j', cyclic()),
    /^containedBy\(\): value is not serialisable/,
  ],
  [
    'symbol in contains() array',
    (db) =>
      db
        .from('t')
        .select()
        .contains('tags', [Symbol('x')]),
    /^contains\(\): a filter value cannot be a symbol \(Symbol\(x\)\)/,
  ],
  [
    'function in contains() object',
    (db) =>
      db
        .from('t')
        .select()
        .contains('j', { f: () => 1 }),
    /^contains\(\): value is not serialisable: function at key "f"/,
  ],
  [
    'cyclic array in overlaps()',
    (db) => db.from('t').select().overlaps('tags', cyclicArray()),
    /^overlaps\(\): a filter value holds an array that contains itself/,
  ],
  [
    'symbol in eq()',
    (db) => db.from('t').select().eq('a', Symbol('s')),
    /^eq\(\): a filter value cannot be a symbol/,
  ],
  [
    'cyclic object in eq()',
    (db) => db.from('t').select().eq('a', cyclic()),
    /^eq\(\): a filter value cannot be a plain object/,
  ],
  [
    'plain object in gt()',
    (db) => db.from('t').select().gt('a', { n: 1 }),
    /^gt\(\): .*"\[object Object\]"/,
  ],
  [
    'function in neq()',
    (db) =>
      db
        .from('t')
        .select()
        .neq('a', () => 1),
    /^neq\(\): a filter value cannot be a function/,
  ],
  [
    'symbol in in()',
    (db) =>
      db
        .from('t')
        .select()
        .in('a', [1, Symbol('s')]),
    /^in\(\): a filter value cannot be a symbol/,
  ],
  [
    'symbol in likeAnyOf()',
    (db) =>
      db
        .from('t')
        .select()
        .likeAnyOf('a', [Symbol('s')] as never),
    /^likeAnyOf\(\): .*symbol/,
  ],
  [
    'symbol in match()',
    (db) =>
      db
        .from('t')
        .select()
        .match({ a: Symbol('s') }),
    /^match\(\): .*symbol/,
  ],
  [
    'function in not()',
    (db) =>
      db
        .from('t')
        .select()
        .not('a', 'eq', () => 1),
    /^not\(\): .*function/,
  ],
  [
    'object in filter()',
    (db) => db.from('t').select().filter('a', 'eq', { b: 1 }),
    /^filter\(\): .*plain object/,
  ],
  [
    'symbol in rpc GET args',
    (db) => db.rpc('f', { a: Symbol('s') }, { get: true }),
    /^rpc\(\): .*symbol/,
  ],
  [
    'object in rpc GET args',
    (db) => db.rpc('f', { a: { b: 1 } }, { get: true }),
    /^rpc\(\): .*plain object/,
  ],
  [
    'a toString that throws',
    (db) =>
      db
        .from('t')
        .select()
        .eq(
          'a',
          new (class Odd {
            [Symbol.toPrimitive]() {
              return Symbol('no');
            }
          })() as never,
        ),
    /^eq\(\): a filter value has no text form/,
  ],
];

describe('bad names and values: a SupabaseRxInputError before anything is sent', () => {
  it.each(cases)('%s', (_name, call, message) => {
    const { fetch, calls } = recordingFetch();
    const db = new PostgrestClient(BASE, { fetch });
    let caught: unknown;
    try {
      const q = call(db) as { subscribe?: (o: object) => void } | undefined;
      q?.subscribe?.({ error: (e: unknown) => (caught = e) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SupabaseRxInputError);
    expect((caught as Error).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });
});

describe('good names and values still go out as supabase-js sends them', () => {
  const shared = { a: 1 };
  const ok: [string, (db: PostgrestClient) => { state: QueryState }, string, string?][] = [
    ['a dotted name', (db) => db.from('v1.2').select(), '/v1.2?select=*'],
    ['a name with a space', (db) => db.from('my table').select(), '/my%20table?select=*'],
    ['a schema with / (a header)', (db) => db.schema('a/b').from('t').select(), '/t?select=*'],
    [
      'a Date in gte()',
      (db) => db.from('t').select().gte('at', new Date(0)),
      `/t?select=*&${new URLSearchParams({ at: `gte.${String(new Date(0))}` })}`,
    ],
    [
      'a bigint in eq()',
      (db) => db.from('t').select().eq('id', 12345678901234567890n),
      '/t?select=*&id=eq.12345678901234567890',
    ],
    ['a bigint in an insert', (db) => db.from('t').insert({ id: 1n }), '/t', '{"id":"1"}'],
    [
      'a shared (not cyclic) object',
      (db) => db.from('t').insert({ x: shared, y: shared }),
      '/t',
      '{"x":{"a":1},"y":{"a":1}}',
    ],
    [
      'null in an in() list',
      (db) => db.from('t').select().in('a', [null, 1]),
      '/t?select=*&a=in.%28null%2C1%29',
    ],
    [
      'an array in eq() (joined)',
      (db) => db.from('t').select().eq('a', [1, 2]),
      '/t?select=*&a=eq.1%2C2',
    ],
  ];
  it.each(ok)('%s', (_name, call, path, body) => {
    const { fetch } = recordingFetch();
    const req = toRequest(call(new PostgrestClient(BASE, { fetch })).state);
    expect(req.url).toBe(`${BASE}${path}`);
    if (body !== undefined) expect(req.body).toBe(body);
  });
});
