import { describe, expect, it } from 'vitest';
import { scheduler, socketRig } from './socket-helpers.js';

describe('socket reconnect back-off (1, 2, 5, 10, 10 … s)', () => {
  it('reconnects after each failed attempt on realtime-js schedule, and resets after an open', () => {
    const ts = scheduler();
    ts.run(() => {
      const { fake, socket } = socketRig(ts);
      const madeAt: number[] = [];
      // Every socket fails at once until 40 s; the next one opens, and drops at 50 s.
      fake.onSocket = (s) => {
        madeAt.push(ts.now());
        ts.schedule(() => (ts.now() < 40_000 ? s.fail() : s.open()), 0);
      };
      socket.connect();
      ts.schedule(() => fake.last.serverClose(1006), 50_000);
      ts.schedule(() => socket.disconnect(), 60_000);
      ts.flush();
      // 0 fails → 1 s → fails → +2 s (3) → +5 s (8) → +10 s (18) → +10 s (28) → +10 s (38)
      // → +10 s (48, opens) ; closed at 50 → +1 s (51) → ...
      expect(madeAt).toEqual([0, 1_000, 3_000, 8_000, 18_000, 28_000, 38_000, 48_000, 51_000]);
      expect(fake.openSockets).toEqual([]);
      expect(socket.hasTimers).toBe(false);
    });
  });

  it('disconnect() cancels a pending reconnect', () => {
    const ts = scheduler();
    ts.run(() => {
      const { fake, socket, log } = socketRig(ts);
      socket.connect();
      fake.last.open();
      fake.last.serverClose(1006);
      ts.schedule(() => socket.disconnect(), 500);
      ts.flush();
      expect(fake.sockets).toHaveLength(1);
      expect(log).toEqual(['0 open', '0 close socket closed: 1006']);
      expect(socket.hasTimers).toBe(false);
    });
  });

  it('a malformed frame is reported, never thrown, and the socket stays up', () => {
    const ts = scheduler();
    ts.run(() => {
      const { fake, socket, log, messages } = socketRig(ts);
      socket.connect();
      fake.last.open();
      expect(() => fake.last.receive('{not json')).not.toThrow();
      fake.last.receive('[null,null,"realtime:a","broadcast",{}]');
      socket.disconnect();
      expect(log).toEqual(['0 open', '0 error invalid_frame', '0 close socket closed: 1000 clean']);
      expect(messages.map((m) => m.topic)).toEqual(['realtime:a']);
    });
  });

  it('refs are decimal strings from one counter', () => {
    const ts = scheduler();
    ts.run(() => {
      const { socket } = socketRig(ts);
      expect([socket.makeRef(), socket.makeRef(), socket.makeRef()]).toEqual(['1', '2', '3']);
    });
  });
});
