import type { Connection } from './frame-server.js';
import { kind4, serverFrame, vsnOf } from './frames.js';

/**
 * The server side of protocol.md §4.14: the frames injected after the join of `realtime:room1`
 * (system, presence_state, presence_diff, postgres_changes, broadcast as JSON and as kind 4), and
 * what realtime-js 2.119 hands its listeners for them.
 */

export const ROOM_CONFIG = {
  config: { broadcast: { self: true, ack: true }, presence: { key: 'me' } },
};

export const PG_INSERT = {
  event: 'INSERT',
  schema: 'public',
  table: 'msgs',
  filter: 'room_id=eq.1',
};
export const PG_ANY = { event: '*', schema: 'public' };

const CHANGE = {
  schema: 'public',
  table: 'msgs',
  commit_timestamp: '2024-01-01T00:00:00Z',
  type: 'INSERT',
  columns: [
    { name: 'id', type: 'int8' },
    { name: 'ok', type: 'bool' },
    { name: 'tags', type: '_text' },
    { name: 'ts', type: 'timestamp' },
    { name: 'j', type: 'jsonb' },
    { name: 'n', type: 'numeric' },
    { name: 'nothing', type: 'text' },
  ],
  record: {
    id: '5',
    ok: 't',
    tags: '{a,b}',
    ts: '2024-01-01 00:00:00',
    j: { a: 1 },
    n: 1.5,
    nothing: null,
  },
  errors: null,
};

/** Sends the §4.14 server frames for a channel joined with `joinRef` on `conn`. */
export function injectSession(conn: Connection, joinRef: string): void {
  const vsn = vsnOf(conn.url);
  const t = 'realtime:room1';
  const f = (join: string | null, event: string, payload: unknown) =>
    conn.send(serverFrame(vsn, join, null, t, event, payload));
  f(null, 'system', {
    extension: 'postgres_changes',
    status: 'ok',
    message: 'Subscribed to PostgreSQL',
    channel: 'room1',
  });
  f(joinRef, 'presence_state', {
    me: { metas: [{ phx_ref: 'F1', name: 'a' }] },
    other: { metas: [{ phx_ref: 'F2', name: 'b' }] },
  });
  f(null, 'presence_diff', {
    joins: { x: { metas: [{ phx_ref: 'F3', name: 'c' }] } },
    leaves: { other: { metas: [{ phx_ref: 'F2', name: 'b' }] } },
  });
  f(null, 'postgres_changes', { ids: [111, 222], data: CHANGE });
  f(null, 'broadcast', { type: 'broadcast', event: 'cursor', payload: { x: 1 } });
  if (vsn === '2.0.0') conn.send(kind4(t, 'cursor', { x: 2 }, { id: 'm1' }));
}

const CONVERTED = {
  schema: 'public',
  table: 'msgs',
  commit_timestamp: '2024-01-01T00:00:00Z',
  eventType: 'INSERT',
  new: {
    id: 5,
    ok: true,
    tags: ['a', 'b'],
    ts: '2024-01-01T00:00:00',
    j: { a: 1 },
    n: 1.5,
    nothing: null,
  },
  old: {},
  errors: null,
};

/** What realtime-js 2.119 hands the listeners of `listenSession` for `injectSession` (vsn 2.0.0). */
export const EXPECTED_RECEIVED: [string, unknown][] = [
  ['system', CONVERTED_SYSTEM()],
  [
    'join',
    {
      event: 'join',
      key: 'me',
      currentPresences: [],
      newPresences: [{ name: 'a', presence_ref: 'F1' }],
    },
  ],
  [
    'join',
    {
      event: 'join',
      key: 'other',
      currentPresences: [],
      newPresences: [{ name: 'b', presence_ref: 'F2' }],
    },
  ],
  ['sync', { event: 'sync' }],
  [
    'join',
    {
      event: 'join',
      key: 'x',
      currentPresences: [],
      newPresences: [{ name: 'c', presence_ref: 'F3' }],
    },
  ],
  [
    'leave',
    {
      event: 'leave',
      key: 'other',
      currentPresences: [],
      leftPresences: [{ name: 'b', presence_ref: 'F2' }],
    },
  ],
  ['sync', { event: 'sync' }],
  ['pg insert', CONVERTED],
  ['pg any', CONVERTED],
  ['broadcast', { type: 'broadcast', event: 'cursor', payload: { x: 1 } }],
  ['broadcast', { type: 'broadcast', event: 'cursor', payload: { x: 2 }, meta: { id: 'm1' } }],
];

function CONVERTED_SYSTEM() {
  return {
    extension: 'postgres_changes',
    status: 'ok',
    message: 'Subscribed to PostgreSQL',
    channel: 'room1',
  };
}

/** The final presence state of the session, in `presenceState()`'s shape. */
export const EXPECTED_PRESENCE = {
  me: [{ name: 'a', presence_ref: 'F1' }],
  x: [{ name: 'c', presence_ref: 'F3' }],
};
