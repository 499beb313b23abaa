import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { bounded, KEY } from './drivers.js';
import { startFrameServer, type FrameServer } from './frame-server.js';
import { defaultResponder, hex } from './frames.js';
import {
  EXPECTED_PRESENCE,
  EXPECTED_RECEIVED,
  injectSession,
  PG_ANY,
  PG_INSERT,
  ROOM_CONFIG,
} from './session.js';

/**
 * The harness checked against realtime-js 2.119 alone: its frames for the §4.14 session equal the
 * transcript in protocol.md byte for byte, and its listeners get the documented payloads. This is
 * what the supabase-rx comparisons stand on.
 */

const T = 'realtime:room1';
const b = (s: string) => Buffer.from(s).toString('hex');
const JOIN_CONFIG = {
  config: {
    broadcast: { self: true, ack: true },
    presence: { key: 'me', enabled: true },
    postgres_changes: [PG_INSERT, PG_ANY],
    private: false,
  },
};

let server: FrameServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function session(vsn: '1.0.0' | '2.0.0') {
  server = await startFrameServer(defaultResponder());
  const sb = createClient(server.url, KEY, {
    accessToken: async () => 'user-jwt-1',
    realtime: { transport: ws as never, vsn },
  });
  const got: [string, unknown][] = [];
  const push = (label: string) => (p: unknown) => void got.push([label, p]);
  const ch = sb
    .channel('room1', ROOM_CONFIG)
    .on('broadcast', { event: 'cursor' }, push('broadcast'))
    .on('presence', { event: 'sync' }, push('sync') as never)
    .on('presence', { event: 'join' }, push('join') as never)
    .on('presence', { event: 'leave' }, push('leave') as never)
    .on('postgres_changes', PG_INSERT as never, push('pg insert'))
    .on('postgres_changes', PG_ANY as never, push('pg any'))
    .on('system', {}, push('system'));
  const status = bounded('SUBSCRIBED', new Promise((resolve) => ch.subscribe((s) => resolve(s))));
  const join = await server.waitFor('phx_join', (f) => f.msg.event === 'phx_join');
  expect(await status).toBe('SUBSCRIBED');
  injectSession(server.latest(), join.msg.join_ref!);
  // The ack's reply comes after the injected frames: once it resolves, all were handed over.
  expect(
    await bounded('send', ch.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } })),
  ).toBe('ok');
  expect(await bounded('track', ch.track({ online_at: 'now' }))).toBe('ok');
  expect(await bounded('untrack', ch.untrack())).toBe('ok');
  await bounded('setAuth', sb.realtime.setAuth('user-jwt-2'));
  await bounded('heartbeat', sb.realtime.sendHeartbeat());
  await server.waitFor(
    'the access_token push after the heartbeat',
    (f) => f.msg.event === 'access_token' && f.msg.payload.access_token === 'user-jwt-1',
  );
  expect(await bounded('unsubscribe', ch.unsubscribe())).toBe('ok');
  await server.waitFor('phx_leave', (f) => f.msg.event === 'phx_leave');
  const presence = ch.presenceState();
  await sb.removeAllChannels();
  sb.realtime.disconnect();
  return {
    got,
    presence,
    frames: server.frames.map((f) => hex(f.data)),
    urls: server.connections.map((c) => c.url),
  };
}

describe('realtime-js 2.119 on the loopback frame server (the §4.14 transcript)', () => {
  it('vsn 2.0.0: the frames of the transcript, byte for byte', async () => {
    const s = await session('2.0.0');
    expect(s.urls).toEqual(['/realtime/v1/websocket?apikey=anon&vsn=2.0.0']);
    expect(s.frames).toEqual([
      JSON.stringify(['6', '6', T, 'phx_join', JOIN_CONFIG]),
      `0301010e060001${b('67')}${b(T)}${b('cursor')}${b('{"x":3}')}`,
      JSON.stringify([
        '6',
        '8',
        T,
        'presence',
        { type: 'presence', event: 'track', payload: { online_at: 'now' } },
      ]),
      JSON.stringify(['6', '9', T, 'presence', { type: 'presence', event: 'untrack' }]),
      JSON.stringify(['6', '10', T, 'access_token', { access_token: 'user-jwt-2' }]),
      JSON.stringify([null, '11', 'phoenix', 'heartbeat', {}]),
      JSON.stringify(['6', '12', T, 'access_token', { access_token: 'user-jwt-1' }]),
      JSON.stringify(['6', '13', T, 'phx_leave', {}]),
    ]);
    expect(s.got).toEqual(EXPECTED_RECEIVED);
    expect(s.presence).toEqual(EXPECTED_PRESENCE);
  });

  it('vsn 1.0.0: the same session as JSON objects, no binary frame', async () => {
    const s = await session('1.0.0');
    expect(s.urls).toEqual(['/realtime/v1/websocket?apikey=anon&vsn=1.0.0']);
    const o = (topic: string, event: string, payload: unknown, ref: string, join_ref?: string) =>
      JSON.stringify(
        join_ref === undefined
          ? { topic, event, payload, ref }
          : { topic, event, payload, ref, join_ref },
      );
    expect(s.frames).toEqual([
      o(T, 'phx_join', JOIN_CONFIG, '6', '6'),
      o(T, 'broadcast', { type: 'broadcast', event: 'cursor', payload: { x: 3 } }, '7', '6'),
      o(
        T,
        'presence',
        { type: 'presence', event: 'track', payload: { online_at: 'now' } },
        '8',
        '6',
      ),
      o(T, 'presence', { type: 'presence', event: 'untrack' }, '9', '6'),
      o(T, 'access_token', { access_token: 'user-jwt-2' }, '10', '6'),
      o('phoenix', 'heartbeat', {}, '11'),
      o(T, 'access_token', { access_token: 'user-jwt-1' }, '12', '6'),
      o(T, 'phx_leave', {}, '13', '6'),
    ]);
    // No kind-4 frame on 1.0.0: the last broadcast of the vsn-2 session is absent.
    expect(s.got).toEqual(EXPECTED_RECEIVED.slice(0, -1));
  });
});
