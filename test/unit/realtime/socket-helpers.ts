import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { PhoenixSocket, type HeartbeatStatus } from '../../../src/realtime/socket.js';
import { serializerFor } from '../../../src/realtime/serializer.js';
import type { PhoenixMessage } from '../../../src/realtime/message.js';
import { createFakeWebSocket } from 'supabase-rx/testing';

export const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));

/** A socket over the fake WebSocket, recording what it tells its owner, with virtual timestamps. */
export function socketRig(ts: TestScheduler, heartbeatIntervalMs = 25_000) {
  const fake = createFakeWebSocket();
  const log: string[] = [];
  const messages: PhoenixMessage[] = [];
  const heartbeats$ = new Subject<HeartbeatStatus>();
  const at = () => ts.now();
  const socket = new PhoenixSocket({
    url: 'ws://x/realtime/v1/websocket?apikey=anon&vsn=2.0.0',
    transport: fake.WebSocket,
    serializer: serializerFor('2.0.0'),
    scheduler: ts,
    heartbeatIntervalMs,
    events: {
      open: () => log.push(`${at()} open`),
      close: (e, clean) => log.push(`${at()} close ${e.message}${clean ? ' clean' : ''}`),
      message: (m) => messages.push(m),
      error: (e) => log.push(`${at()} error ${e.code}`),
      heartbeat: (s: HeartbeatStatus) => {
        log.push(`${at()} hb ${s}`);
        heartbeats$.next(s);
      },
    },
  });
  return { fake, socket, log, messages, heartbeats$ };
}
