import * as T from '@supabase/realtime-js/dist/main/lib/transformers.js';
import { describe, expect, it } from 'vitest';
import {
  convertCell,
  convertRecord,
  isPostgresChangeMessage,
  toPostgresChangePayload,
  type PostgresChangeData,
} from '../../../src/realtime/postgres-change.js';
import { RealtimeError } from '../../../src/realtime/errors.js';
import { realtimeJs, takeFrames } from './realtime-js-oracle.js';

const cells: [string, unknown][] = [
  ['bool', 't'],
  ['bool', 'f'],
  ['bool', 'true'],
  ['bool', true],
  ['bool', null],
  ['int2', '1'],
  ['int4', '-42'],
  ['int8', '9007199254740993'],
  ['float4', '1.5'],
  ['float8', '1e3'],
  ['numeric', '12.50'],
  ['oid', '7'],
  ['int4', 'abc'],
  ['int4', '12abc'],
  ['int4', ''],
  ['int8', 5],
  ['numeric', 'NaN'],
  ['json', '{"a":1}'],
  ['jsonb', '[1,"x"]'],
  ['jsonb', 'not json'],
  ['jsonb', { a: 1 }],
  ['json', 'null'],
  ['jsonb', '"s"'],
  ['timestamp', '2024-01-01 00:00:00'],
  ['timestamp', '2024-01-01 00:00:00 x'],
  ['timestamp', null],
  ['timestamptz', '2024-01-01 00:00:00+00'],
  ['date', '2024-01-01'],
  ['text', 't'],
  ['uuid', '5'],
  ['money', '$1.00'],
  ['_int4', '{1,2,3}'],
  ['_int4', '{}'],
  ['_text', '{a,b}'],
  ['_text', '{"a b",c}'],
  ['_text', '{"x","y"}'],
  ['_bool', '{t,f}'],
  ['_bool', '{true,false}'],
  ['_int4', '{{1,2},{3,4}}'],
  ['_int4', [1, 2]],
  ['_int4', 'nope'],
  ['_jsonb', '{"{\\"a\\":1}"}'],
  ['_timestamp', '{"2024-01-01 00:00:00"}'],
  ['_numeric', '{1.5,NULL}'],
  ['_float8', '{1,2'],
  ['_', '{1}'],
  ['_text', null],
];

describe('convertCell, equal to realtime-js 2.119 convertCell', () => {
  it.each(cells)('%s %j', (type, value) => {
    expect(convertCell(type, value)).toEqual(T.convertCell(type, value as never));
  });
});

describe('convertRecord, equal to realtime-js convertChangeData', () => {
  const columns = [
    { name: 'id', type: 'int8' },
    { name: 'ok', type: 'bool' },
    { name: 'tags', type: '_text' },
    { name: 'ts', type: 'timestamp' },
    { name: 'j', type: 'jsonb' },
    { name: 'id', type: 'text' },
  ];
  it.each<[string, Record<string, unknown> | null | undefined]>([
    ['§4.10 capture', { id: '5', ok: 't', tags: '{a,b}', ts: '2024-01-01 00:00:00', j: { a: 1 } }],
    ['field without a column', { other: '1', id: '2' }],
    ['null values', { id: null, ok: null }],
    ['null record', null],
    ['undefined record', undefined],
  ])('%s', (_name, record) => {
    const ours = convertRecord(columns, record);
    expect(ours).toEqual(T.convertChangeData(columns, record as never));
    expect(Object.keys(ours)).toEqual(Object.keys(record ?? {}));
  });

  it('converts the §4.10 capture', () => {
    expect(
      convertRecord(columns, {
        id: '5',
        ok: 't',
        tags: '{a,b}',
        ts: '2024-01-01 00:00:00',
        j: { a: 1 },
      }),
    ).toEqual({ id: 5, ok: true, tags: ['a', 'b'], ts: '2024-01-01T00:00:00', j: { a: 1 } });
  });

  it('keeps a __proto__ column a plain field, never touching the prototype', () => {
    const record = JSON.parse('{"__proto__":"1"}') as Record<string, unknown>;
    const out = convertRecord([{ name: '__proto__', type: 'int4' }], record);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(1);
  });

  it('leaves fields of a column with a non-string type alone', () => {
    expect(convertRecord([{ name: 'a', type: 5 as never }], { a: 't' })).toEqual({ a: 't' });
  });
});

const data = (over: Partial<PostgresChangeData>): PostgresChangeData => ({
  schema: 'public',
  table: 'msgs',
  commit_timestamp: '2024-01-01T00:00:00Z',
  type: 'INSERT',
  columns: [
    { name: 'id', type: 'int8' },
    { name: 'body', type: 'text' },
    { name: 'at', type: 'timestamp' },
  ],
  errors: null,
  ...over,
});

describe('toPostgresChangePayload, equal to what a realtime-js 2.119 listener receives', () => {
  it.each<[string, PostgresChangeData]>([
    ['INSERT', data({ record: { id: '5', body: 'hi', at: '2024-01-01 10:00:00' } })],
    [
      'UPDATE with old',
      data({ type: 'UPDATE', record: { id: '5', body: 'b' }, old_record: { id: '5', body: 'a' } }),
    ],
    ['UPDATE without old', data({ type: 'UPDATE', record: { id: '5', body: 'b' } })],
    ['DELETE', data({ type: 'DELETE', old_record: { id: '5' } })],
    [
      'DELETE with a record it ignores',
      data({ type: 'DELETE', record: { id: '9' }, old_record: { id: '5' } }),
    ],
    [
      'INSERT with an old_record it ignores',
      data({ record: { id: '1' }, old_record: { id: '0' } }),
    ],
    ['errors', data({ record: {}, errors: ['Error 413: Payload Too Large'] })],
  ])('%s', async (_name, change) => {
    const { client, socket } = realtimeJs();
    const received: unknown[] = [];
    const ch = client.channel('room1');
    ch.on('postgres_changes', { event: '*', schema: 'public' }, (p) => received.push(p));
    ch.subscribe();
    const join = JSON.parse(takeFrames(socket)[0] as string) as string[];
    const reply = {
      status: 'ok',
      response: { postgres_changes: [{ id: 111, event: '*', schema: 'public' }] },
    };
    socket.receive(JSON.stringify([join[0], join[1], 'realtime:room1', 'phx_reply', reply]));
    socket.receive(
      JSON.stringify([
        null,
        null,
        'realtime:room1',
        'postgres_changes',
        { ids: [111], data: change },
      ]),
    );
    await client.disconnect();

    expect(received).toHaveLength(1);
    const ours = toPostgresChangePayload(JSON.parse(JSON.stringify(change)));
    expect(ours).toEqual(received[0]);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(received[0]));
  });

  it('converts by column type (INSERT)', () => {
    expect(
      toPostgresChangePayload(data({ record: { id: '5', at: '2024-01-01 10:00:00' } })),
    ).toEqual({
      schema: 'public',
      table: 'msgs',
      commit_timestamp: '2024-01-01T00:00:00Z',
      eventType: 'INSERT',
      new: { id: 5, at: '2024-01-01T10:00:00' },
      old: {},
      errors: null,
    });
  });

  it('does not convert without columns, and rejects a non-object', () => {
    expect(
      toPostgresChangePayload(data({ columns: undefined as never, record: { id: '5' } })).new,
    ).toEqual({ id: '5' });
    expect(() => toPostgresChangePayload(null as never)).toThrow(RealtimeError);
    expect(() => toPostgresChangePayload('x' as never)).toThrow(
      /postgres_changes data must be an object/,
    );
  });

  it('isPostgresChangeMessage', () => {
    expect(isPostgresChangeMessage({ ids: [1], data: {} })).toBe(true);
    expect(isPostgresChangeMessage({ type: 'broadcast' })).toBe(false);
    expect(isPostgresChangeMessage(null)).toBe(false);
    expect(isPostgresChangeMessage('ids')).toBe(false);
  });
});
