import { describe, expect, it } from 'vitest';
import { jsDriver, rxDriver, settled, type Driver, type DriverFactory } from './drivers.js';
import { startFrameServer, type Connection } from './frame-server.js';
import { defaultResponder, kind4, serverFrame, vsnOf } from './frames.js';
import {
  EXPECTED_PRESENCE,
  EXPECTED_RECEIVED,
  injectSession,
  PG_ANY,
  PG_INSERT,
  ROOM_CONFIG,
} from './session.js';

/**
 * For the same server frames, supabase-rx hands its subscribers the payloads realtime-js 2.119
 * hands its callbacks: broadcast (JSON, kind 4 with JSON and raw bytes, meta), presence
 * join/leave/sync and the final presenceState(), postgres_changes converted by column type, system.
 */

type Listen = (ch: ReturnType<Driver['channel']>) => void;
type Inject = (conn: Connection, joinRef: string) => void;

/** ArrayBuffers as their bytes and type, so both clients' payloads compare structurally. */
function plain(v: unknown): unknown {
  if (v instanceof ArrayBuffer) return { ArrayBuffer: Buffer.from(v).toString('hex') };
  if (ArrayBuffer.isView(v)) return { [v.constructor.name]: Buffer.from(v.buffer).toString('hex') };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

async function handed(
  make: DriverFactory,
  vsn: '1.0.0' | '2.0.0',
  name: string,
  listen: Listen,
  inject: Inject,
) {
  const server = await startFrameServer(defaultResponder());
  const d = make(server.url, { vsn });
  try {
    await settled();
    const ch = d.channel(name, ROOM_CONFIG);
    listen(ch);
    expect(await ch.subscribe()).toBe('SUBSCRIBED');
    const join = await server.waitFor('phx_join', (f) => f.msg.event === 'phx_join');
    inject(server.latest(), join.msg.join_ref!);
    // The ack is answered after the injected frames: once it resolves, every one was handled.
    expect(await ch.send({ type: 'broadcast', event: 'sync-point', payload: {} })).toBe('ok');
    return { received: plain(ch.received), presence: plain(ch.presenceState()) };
  } finally {
    await d.close().catch(() => undefined);
    await server.close();
  }
}

const sessionListeners: Listen = (ch) =>
  void ch
    .on('broadcast', { type: 'broadcast', filter: { event: 'cursor' } })
    .on('sync', { type: 'presence', filter: { event: 'sync' } })
    .on('join', { type: 'presence', filter: { event: 'join' } })
    .on('leave', { type: 'presence', filter: { event: 'leave' } })
    .on('pg insert', { type: 'postgres_changes', filter: PG_INSERT })
    .on('pg any', { type: 'postgres_changes', filter: PG_ANY })
    .on('system', { type: 'system', filter: {} });

const extraListeners: Listen = (ch) =>
  void ch
    .on('any', { type: 'broadcast', filter: { event: '*' } })
    .on('Cursor', { type: 'broadcast', filter: { event: 'Cursor' } })
    .on('upd', {
      type: 'postgres_changes',
      filter: { event: 'UPDATE', schema: 'public', table: 'msgs' },
    })
    .on('del', {
      type: 'postgres_changes',
      filter: { event: 'DELETE', schema: 'public', table: 'msgs' },
    })
    .on('system', { type: 'system', filter: {} });

const change = (type: string, extra: Record<string, unknown>) => ({
  schema: 'public',
  table: 'msgs',
  commit_timestamp: '2024-01-02T03:04:05.678Z',
  type,
  columns: [
    { name: 'id', type: 'int4' },
    { name: 'f', type: 'float8' },
    { name: 'flags', type: '_bool' },
    { name: 'at', type: 'timestamptz' },
    { name: 'doc', type: 'json' },
  ],
  errors: null,
  ...extra,
});

const injectExtras: Inject = (conn) => {
  const vsn = vsnOf(conn.url);
  const t = 'realtime:room2';
  const f = (event: string, payload: unknown) =>
    conn.send(serverFrame(vsn, null, null, t, event, payload));
  if (vsn === '2.0.0') {
    conn.send(kind4(t, 'bin', new Uint8Array([0, 1, 2, 255])));
    conn.send(kind4(t, 'cursor', { y: 1 }));
  }
  f('broadcast', { type: 'broadcast', event: 'CURSOR', payload: { z: 1 }, meta: { id: 'r1' } });
  f('postgres_changes', {
    ids: [111],
    data: change('UPDATE', {
      record: { id: '7', f: '2.5', flags: '{t,f}', at: '2024-01-02 03:04:05+00', doc: '{"a":[1]}' },
      old_record: { id: '7', f: '1', flags: '{}', at: null, doc: null },
    }),
  });
  f('postgres_changes', {
    ids: [222],
    data: change('DELETE', { old_record: { id: '8' } }),
  });
  // Matches the UPDATE binding's id but not its event: nobody gets it.
  f('postgres_changes', { ids: [111], data: change('INSERT', { record: { id: '9' } }) });
  f('system', { extension: 'system', status: 'error', message: 'Too many messages per second' });
};

describe('conformance: the payloads handed to subscribers equal realtime-js 2.119s', () => {
  for (const vsn of ['2.0.0', '1.0.0'] as const) {
    it(`the §4.14 session (vsn ${vsn})`, async () => {
      const js = await handed(jsDriver, vsn, 'room1', sessionListeners, injectSession);
      const expected = vsn === '2.0.0' ? EXPECTED_RECEIVED : EXPECTED_RECEIVED.slice(0, -1);
      expect(js.received).toEqual(expected);
      expect(js.presence).toEqual(EXPECTED_PRESENCE);
      const rx = await handed(rxDriver, vsn, 'room1', sessionListeners, injectSession);
      expect(rx).toEqual(js);
    });

    it(`wildcard and case-insensitive broadcast, kind 4 raw bytes, UPDATE/DELETE, system error (vsn ${vsn})`, async () => {
      const js = await handed(jsDriver, vsn, 'room2', extraListeners, injectExtras);
      const labels = (js.received as [string, unknown][]).map(([l]) => l);
      expect(labels).toEqual([
        ...(vsn === '2.0.0' ? ['any', 'any', 'Cursor'] : []),
        'any',
        'Cursor',
        'upd',
        'del',
        'system',
      ]);
      const rx = await handed(rxDriver, vsn, 'room2', extraListeners, injectExtras);
      expect(rx).toEqual(js);
    });
  }
});
