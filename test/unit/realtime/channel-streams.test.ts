import { describe, expect, it } from 'vitest';
import { rig, scheduler } from './realtime-helpers.js';

const T = 'realtime:room1';

describe('channel streams: hot, multicast, routed as realtime-js routes', () => {
  it('broadcast events match case-insensitively, * gets all; system goes to every system stream', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, serverPush } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const got: string[] = [];
      ch.on('broadcast', { event: 'Cursor' }).subscribe((m) => got.push(`Cursor:${m.event}`));
      ch.on('broadcast', { event: '*' }).subscribe((m) => got.push(`*:${m.event}`));
      ch.on('system').subscribe((m) => got.push(`sys1:${m.message}`));
      ch.on('system').subscribe((m) => got.push(`sys2:${m.message}`));
      ts.schedule(() => {
        reply(lastFrame('phx_join'), 'ok');
        serverPush(T, 'broadcast', { type: 'broadcast', event: 'cursor', payload: {} });
        serverPush(T, 'broadcast', { type: 'broadcast', event: 'other', payload: {} });
        serverPush(T, 'system', {
          extension: 'system',
          status: 'ok',
          message: 'hi',
          channel: 'room1',
        });
        // Another topic, and a stale join_ref: not for these streams.
        serverPush('realtime:room2', 'broadcast', {
          type: 'broadcast',
          event: 'cursor',
          payload: {},
        });
        serverPush(T, 'broadcast', { type: 'broadcast', event: 'cursor', payload: {} }, '99');
      }, 1);
      ts.schedule(() => client.disconnect(), 2);
      ts.flush();
      expect(got).toEqual(['Cursor:cursor', '*:cursor', '*:other', 'sys1:hi', 'sys2:hi']);
    });
  });

  it('marble: one on() stream is multicast — late subscribers share the binding and get later values', () => {
    const ts = scheduler();
    ts.run(({ expectObservable, hot }) => {
      const { client, reply, lastFrame, serverPush, log } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const cursor$ = ch.on('broadcast', { event: 'c' });
      ts.schedule(() => reply(lastFrame('phx_join'), 'ok'), 1);
      hot('---a---b---c').subscribe((x) =>
        serverPush(T, 'broadcast', { type: 'broadcast', event: 'c', payload: x }),
      );
      const payloads = (sub: string) => expectObservable(cursor$, sub);
      const v = (x: string) => ({ type: 'broadcast', event: 'c', payload: x });
      payloads('^ 9ms !').toBe('---a---b', { a: v('a'), b: v('b') });
      payloads('----^ 7ms !').toBe('-------b---c', { b: v('b'), c: v('c') });
      ts.flush();
      expect(log.filter((l) => l.includes('phx_join'))).toHaveLength(1);
    });
  });

  it('status$ and presence$ are replayed to late subscribers', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, serverPush } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const keep = ch.presence$.subscribe();
      ts.schedule(() => {
        reply(lastFrame('phx_join'), 'ok');
        serverPush(T, 'presence_state', { k: { metas: [{ phx_ref: 'F1' }] } }, '6');
      }, 1);
      const late: unknown[] = [];
      ts.schedule(() => {
        ch.status$.subscribe((s) => late.push(s.status));
        ch.presence$.subscribe((p) => late.push(Object.keys(p)));
      }, 5);
      ts.schedule(() => {
        keep.unsubscribe();
        client.disconnect();
      }, 6);
      ts.flush();
      // disconnect() errors the joined channel, as Phoenix does.
      expect(late).toEqual(['SUBSCRIBED', ['k'], 'CHANNEL_ERROR']);
    });
  });
});

describe('a server answering inside send()', () => {
  it('a join reply delivered synchronously still subscribes the channel', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake } = rig(ts);
      fake.onSend = (s, d) => {
        const f = JSON.parse(d as string);
        if (f[3] === 'phx_join')
          s.receive(
            JSON.stringify([f[0], f[1], f[2], 'phx_reply', { status: 'ok', response: {} }]),
          );
      };
      const statuses: string[] = [];
      const sub = client.channel('room1').status$.subscribe((s) => statuses.push(s.status));
      ts.schedule(() => sub.unsubscribe(), 10);
      ts.schedule(() => client.disconnect(), 20);
      ts.flush();
      expect(statuses).toEqual(['CLOSED', 'SUBSCRIBED']);
    });
  });
});
