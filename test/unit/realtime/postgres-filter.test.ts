import { postgresChangesFilter } from '@supabase/realtime-js';
import { describe, expect, it } from 'vitest';
import { RealtimeError } from '../../../src/realtime/errors.js';
import {
  BINDINGS_MISMATCH_MESSAGE,
  isSamePostgresBinding,
  matchesPostgresBinding,
  postgresBinding,
  serverBindingIds,
  type PostgresBinding,
  type PostgresChangesFilter,
} from '../../../src/realtime/postgres-filter.js';
import { realtimeJs, takeFrames } from './realtime-js-oracle.js';

/** Joins a realtime-js channel with these bindings and this reply echo; returns the join config and statuses. */
async function realtimeJsJoin(filters: PostgresChangesFilter[], echo: unknown) {
  const { client, socket } = realtimeJs();
  const ch = client.channel('room1');
  const hits: number[][] = [];
  filters.forEach((f, i) => ch.on('postgres_changes', f as never, () => hits[i].push(1)));
  filters.forEach((_, i) => (hits[i] = []));
  const statuses: [string, string | undefined][] = [];
  ch.subscribe((status, err) => statuses.push([status, err?.message]));
  const [join] = takeFrames(socket);
  const [joinRef] = JSON.parse(join as string) as string[];
  const response = echo === undefined ? {} : { postgres_changes: echo };
  socket.receive(
    JSON.stringify([joinRef, joinRef, 'realtime:room1', 'phx_reply', { status: 'ok', response }]),
  );
  const deliver = (payload: unknown) =>
    socket.receive(JSON.stringify([null, null, 'realtime:room1', 'postgres_changes', payload]));
  return {
    join: JSON.parse(join as string)[4],
    statuses,
    hits,
    deliver,
    stop: () => client.disconnect(),
  };
}

describe('postgresBinding', () => {
  it.each<[string, PostgresChangesFilter]>([
    ['event and schema', { event: '*', schema: 'public' }],
    ['all fields', { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' }],
    ['user key order', { table: 'msgs', schema: 'public', event: 'UPDATE' }],
    ['select', { event: 'DELETE', schema: 'public', table: 'users', select: ['id', 'name'] }],
    [
      'builder',
      {
        event: 'INSERT',
        schema: 'public',
        table: 't',
        filter: postgresChangesFilter().eq('a', 'x,y').in('b', [1, 2]),
      },
    ],
  ])('%s: the join payload entry equals realtime-js 2.119', async (_name, filter) => {
    const rt = await realtimeJsJoin([filter], undefined);
    await rt.stop();
    const ours = postgresBinding(filter);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(rt.join.config.postgres_changes[0]));
  });

  it('turns a builder into its string', () => {
    const b = postgresBinding({
      event: '*',
      schema: 'public',
      filter: { build: () => 'id=gt.0,id=lt.100' },
    });
    expect(b.filter).toBe('id=gt.0,id=lt.100');
  });

  it('does not keep the caller object', () => {
    const f: PostgresChangesFilter = { event: '*', schema: 'public' };
    expect(postgresBinding(f)).not.toBe(f);
  });

  it.each<[string, unknown, string]>([
    ['not an object', null, 'postgres_changes filter must be an object, got null'],
    [
      'bad event',
      { event: 'insert', schema: 'public' },
      'postgres_changes event "insert" must be one of INSERT, UPDATE, DELETE, *',
    ],
    [
      'no schema',
      { event: '*' },
      'postgres_changes schema must be a non-empty string, got undefined',
    ],
    [
      'empty schema',
      { event: '*', schema: '' },
      'postgres_changes schema must be a non-empty string, got ""',
    ],
    [
      'numeric table',
      { event: '*', schema: 'public', table: 3 },
      'postgres_changes table must be a string, got 3',
    ],
    [
      'numeric filter',
      { event: '*', schema: 'public', filter: 3 },
      'postgres_changes filter must be a string or a filter builder, got 3',
    ],
    [
      'builder giving a number',
      { event: '*', schema: 'p', filter: { build: () => 1 } },
      'postgres_changes filter builder gave number, not a string',
    ],
    [
      'select not strings',
      { event: '*', schema: 'public', select: [1] },
      'postgres_changes select must be an array of column names, got [1]',
    ],
    [
      'select a string',
      { event: '*', schema: 'public', select: 'id' },
      'postgres_changes select must be an array of column names, got "id"',
    ],
  ])('%s → invalid_filter', (_name, filter, message) => {
    expect(() => postgresBinding(filter as never)).toThrow(
      new RealtimeError(message, 'invalid_filter'),
    );
    expect(() => postgresBinding(filter as never)).toThrow(
      expect.objectContaining({ code: 'invalid_filter', message }),
    );
  });
});

describe('isSamePostgresBinding, the duplicate rule realtime-js 2.119 applies', () => {
  it.each<[string, PostgresBinding, PostgresBinding]>([
    ['identical', { event: '*', schema: 'public' }, { event: '*', schema: 'public' }],
    [
      'null ≡ absent',
      { event: '*', schema: 'public', table: null as never },
      { event: '*', schema: 'public' },
    ],
    [
      'different event',
      { event: 'INSERT', schema: 'public' },
      { event: 'UPDATE', schema: 'public' },
    ],
    [
      'different table',
      { event: '*', schema: 'public', table: 'a' },
      { event: '*', schema: 'public', table: 'b' },
    ],
    [
      'different filter',
      { event: '*', schema: 'p', table: 'a', filter: 'id=eq.1' },
      { event: '*', schema: 'p', table: 'a', filter: 'id=eq.2' },
    ],
    [
      'same select',
      { event: '*', schema: 'p', select: ['a', 'b'] },
      { event: '*', schema: 'p', select: ['a', 'b'] },
    ],
    [
      'different select',
      { event: '*', schema: 'p', select: ['a', 'b'] },
      { event: '*', schema: 'p', select: ['b', 'a'] },
    ],
    ['select vs none', { event: '*', schema: 'p', select: ['a'] }, { event: '*', schema: 'p' }],
  ])('%s', async (_name, a, b) => {
    const { client } = realtimeJs();
    const ch = client.channel('room1');
    ch.on('postgres_changes', a as never, () => {});
    ch.on('postgres_changes', b as never, () => {});
    const kept = ch.bindings.postgres_changes.length;
    await client.disconnect();
    expect(isSamePostgresBinding(a, b)).toBe(kept === 1);
  });
});

const two: PostgresChangesFilter[] = [
  { event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
  { event: '*', schema: 'public' },
];

describe('serverBindingIds, against realtime-js 2.119 subscribe outcomes', () => {
  it.each<[string, PostgresChangesFilter[], unknown]>([
    [
      '§4.14 echo',
      two,
      [
        { id: 111, event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
        { id: 222, event: '*', schema: 'public', table: null, filter: null },
      ],
    ],
    [
      'extra server entries',
      [two[1]],
      [
        { id: 1, event: '*', schema: 'public' },
        { id: 2, event: '*', schema: 'x' },
      ],
    ],
    ['no bindings, empty echo', [], []],
    ['no echo at all', two, undefined],
    [
      'one entry missing',
      two,
      [{ id: 111, event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' }],
    ],
    ['empty echo', two, []],
    ['other event', [two[1]], [{ id: 1, event: 'INSERT', schema: 'public' }]],
    [
      'event case differs',
      [two[0]],
      [{ id: 1, event: 'insert', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' }],
    ],
    [
      'other filter',
      [two[0]],
      [{ id: 1, event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.2' }],
    ],
    [
      'table dropped by server',
      [two[0]],
      [{ id: 1, event: 'INSERT', schema: 'public', filter: 'room_id=eq.1' }],
    ],
    [
      'swapped order',
      two,
      [
        { id: 222, event: '*', schema: 'public' },
        { id: 111, event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
      ],
    ],
    ['echo not an array', [two[1]], 'nope'],
  ])('%s', async (_name, filters, echo) => {
    const rt = await realtimeJsJoin(filters, echo);
    const statuses = [...rt.statuses];
    await rt.stop();
    let ours: [string, string | undefined];
    try {
      serverBindingIds(filters.map(postgresBinding), echo);
      ours = ['SUBSCRIBED', undefined];
    } catch (e) {
      expect(e).toBeInstanceOf(RealtimeError);
      expect((e as RealtimeError).code).toBe('bindings_mismatch');
      ours = ['CHANNEL_ERROR', (e as RealtimeError).message];
    }
    // On a mismatch realtime-js leaves first (CLOSED), then reports CHANNEL_ERROR.
    expect(statuses.filter(([s]) => s !== 'CLOSED')).toEqual([ours]);
  });

  it('gives the ids in binding order', () => {
    const echo = [
      { id: 111, event: 'INSERT', schema: 'public', table: 'msgs', filter: 'room_id=eq.1' },
      { id: 222, event: '*', schema: 'public', table: null, filter: null },
    ];
    expect(serverBindingIds(two.map(postgresBinding), echo)).toEqual([111, 222]);
    expect(serverBindingIds(two.map(postgresBinding), undefined)).toBeUndefined();
    expect(() => serverBindingIds(two.map(postgresBinding), [])).toThrow(BINDINGS_MISMATCH_MESSAGE);
  });
});

describe('matchesPostgresBinding, the routing realtime-js 2.119 does', () => {
  const filters: PostgresChangesFilter[] = [
    { event: 'INSERT', schema: 'public', table: 'msgs' },
    { event: '*', schema: 'public' },
    { event: 'DELETE', schema: 'public', table: 'msgs' },
    { event: 'UPDATE', schema: 'public', table: 'msgs' },
  ];
  const echo = filters.map((f, i) => ({ id: 100 + i, ...f }));
  it.each<[string, unknown]>([
    ['INSERT to 100 and 101', { ids: [100, 101], data: { type: 'INSERT' } }],
    ['UPDATE to 101 only', { ids: [101], data: { type: 'UPDATE' } }],
    ['UPDATE to all', { ids: [100, 101, 102, 103], data: { type: 'UPDATE' } }],
    ['lower-case type', { ids: [100, 102], data: { type: 'delete' } }],
    ['unknown id', { ids: [999], data: { type: 'INSERT' } }],
    ['empty ids', { ids: [], data: { type: 'INSERT' } }],
  ])('%s', async (_name, payload) => {
    const rt = await realtimeJsJoin(filters, echo);
    rt.deliver(payload);
    await rt.stop();
    const ids = serverBindingIds(filters.map(postgresBinding), echo)!;
    const ours = filters.map((f, i) =>
      matchesPostgresBinding({ id: ids[i], event: f.event }, payload),
    );
    expect(ours).toEqual(rt.hits.map((h) => h.length === 1));
  });

  it('needs an id and an object payload', () => {
    expect(
      matchesPostgresBinding({ id: undefined, event: '*' }, { ids: [1], data: { type: 'INSERT' } }),
    ).toBe(false);
    expect(matchesPostgresBinding({ id: 1, event: '*' }, null)).toBe(false);
    expect(matchesPostgresBinding({ id: 1, event: 'INSERT' }, { ids: [1] })).toBe(false);
    expect(matchesPostgresBinding({ id: 1, event: '*' }, { ids: [1] })).toBe(true);
  });
});
