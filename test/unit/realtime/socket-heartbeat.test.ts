import { describe, expect, it } from 'vitest';
import { scheduler, socketRig } from './socket-helpers.js';

describe('socket heartbeat (25 s from the previous reply, timeout closes 1000)', () => {
  it('sends a heartbeat 25 s after open and 25 s after each reply', () => {
    const ts = scheduler();
    ts.run(() => {
      const { fake, socket, log } = socketRig(ts);
      socket.connect();
      ts.schedule(() => fake.last.open(), 10);
      // The server answers each heartbeat 100 ms later.
      fake.onSend = (s, data) => {
        const [, ref, topic] = JSON.parse(data as string);
        if (topic === 'phoenix')
          ts.schedule(
            () =>
              s.receive(
                JSON.stringify([null, ref, 'phoenix', 'phx_reply', { status: 'ok', response: {} }]),
              ),
            100,
          );
      };
      ts.schedule(() => socket.disconnect(), 60_000);
      ts.flush();
      expect(fake.last.sent).toEqual([
        '[null,"1","phoenix","heartbeat",{}]',
        '[null,"2","phoenix","heartbeat",{}]',
      ]);
      expect(log).toEqual([
        '10 open',
        '25010 hb sent',
        '25110 hb ok',
        '50110 hb sent',
        '50210 hb ok',
        '60000 close socket closed: 1000 clean',
      ]);
      expect(socket.hasTimers).toBe(false);
      expect(fake.handlerCount).toBe(0);
    });
  });

  it('an unanswered heartbeat closes the socket 1000 "heartbeat timeout" and reconnects after 1 s', () => {
    const ts = scheduler();
    ts.run(() => {
      const { fake, socket, log } = socketRig(ts);
      socket.connect();
      fake.last.open();
      ts.schedule(() => socket.disconnect(), 52_000);
      ts.flush();
      expect(fake.sockets).toHaveLength(2);
      expect(fake.sockets[0].closedWith).toEqual({ code: 1000, reason: 'heartbeat timeout' });
      expect(log).toEqual([
        '0 open',
        '25000 hb sent',
        '50000 hb timeout',
        '50000 close heartbeat timeout',
        // the reconnect at 51 s is still connecting when disconnect() comes
        '52000 close socket closed: 1000 clean',
      ]);
      expect(fake.sockets[1].url).toBe(fake.sockets[0].url);
      expect(fake.openSockets).toEqual([]);
    });
  });

  it('marble: heartbeat statuses over time, server answering at once, then silent', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { fake, socket, heartbeats$ } = socketRig(ts);
      socket.connect();
      fake.last.open();
      let answering = true;
      fake.onSend = (s, data) => {
        const [, ref, topic] = JSON.parse(data as string);
        const reply = [null, ref, 'phoenix', 'phx_reply', { status: 'ok', response: {} }];
        if (answering && topic === 'phoenix')
          ts.schedule(() => s.receive(JSON.stringify(reply)), 1);
      };
      ts.schedule(() => (answering = false), 60_000);
      ts.schedule(() => socket.disconnect(), 200_000);
      // Replies 1 ms after each heartbeat until 60 s; the next is sent 25 s after the reply; the
      // unanswered one times out 25 s later; the reconnect (101 s) never opens, so nothing more.
      expectObservable(heartbeats$).toBe('25s s o 24999ms s o 24999ms s 24999ms t', {
        s: 'sent',
        o: 'ok',
        t: 'timeout',
      });
    });
  });
});
