import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { RealtimeClient, type RealtimeClientOptions } from 'supabase-rx/realtime';
import { createFakeWebSocket, type FakeSocket } from 'supabase-rx/testing';

export const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));

type Frame = [string | null, string | null, string, string, any];

/**
 * A RealtimeClient over the fake WebSocket on virtual time. Sockets open `openAfter` ms after
 * they are made (or never, with `openAfter: null`); `autoReply` answers joins/leaves/pushes ok.
 */
export function rig(
  ts: TestScheduler,
  options: Partial<RealtimeClientOptions> & {
    openAfter?: number | null;
    autoReply?: boolean;
    heartbeats?: boolean;
  } = {},
) {
  // Heartbeats go on forever while a socket is open: virtual time stops after 10 minutes.
  ts.maxFrames = 600_000;
  const fake = createFakeWebSocket();
  const { openAfter = 0, autoReply = false, heartbeats = true, ...rest } = options;
  fake.onSocket = (s) => {
    if (openAfter !== null) ts.schedule(() => s.readyState === 0 && s.open(), openAfter);
  };
  const client = new RealtimeClient('ws://localhost/realtime/v1', {
    params: { apikey: 'anon' },
    transport: fake.WebSocket,
    scheduler: ts,
    ...rest,
  });
  const v1 = rest.vsn === '1.0.0';
  const parse = (d: string): Frame => {
    const m = JSON.parse(d);
    return Array.isArray(m)
      ? (m as Frame)
      : [m.join_ref ?? null, m.ref ?? null, m.topic, m.event, m.payload];
  };
  const encode = (f: Frame) =>
    JSON.stringify(v1 ? { join_ref: f[0], ref: f[1], topic: f[2], event: f[3], payload: f[4] } : f);
  const frames = (socket: FakeSocket = fake.last): Frame[] =>
    socket.sent.filter((d): d is string => typeof d === 'string').map(parse);
  /** Every frame sent on every socket, as `time event topic ref join_ref`. */
  const log: string[] = [];
  const reply = (frame: Frame, status: 'ok' | 'error', response: unknown = {}) =>
    fake.last.receive(encode([frame[0], frame[1], frame[2], 'phx_reply', { status, response }]));
  fake.onSend = (_s, data) => {
    if (typeof data !== 'string') {
      log.push(`${ts.now()} binary`);
      return;
    }
    const f = parse(data);
    if (f[2] === 'phoenix') {
      // The server answers heartbeats (unless the test silences it); they are not logged.
      if (heartbeats) ts.schedule(() => reply(f, 'ok'), 0);
      return;
    }
    log.push(`${ts.now()} ${f[3]} ${f[2]} ${f[1]}/${f[0]}`);
    if (autoReply) ts.schedule(() => reply(f, 'ok'), 0);
  };
  const serverPush = (
    topic: string,
    event: string,
    payload: unknown,
    joinRef: string | null = null,
  ) => fake.last.receive(encode([joinRef, null, topic, event, payload]));
  const lastFrame = (event: string) => {
    const all = fake.sockets.flatMap((s) => frames(s)).filter((f) => f[3] === event);
    return all[all.length - 1];
  };
  return { fake, client, frames, log, reply, serverPush, lastFrame };
}
