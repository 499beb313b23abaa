import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { rig, scheduler } from './realtime-helpers.js';

describe('join and push timeouts, rejoin back-off (10 s; 1, 2, 5, 10 s)', () => {
  it('marble: an unanswered join times out after 10 s → phx_leave, TIMED_OUT, rejoins 1 s, 2 s, 5 s, 10 s later', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { client, log } = rig(ts);
      const ch = client.channel('room1');
      const status$ = ch.status$;
      // Joins at 0, 11 s, 23 s, 38 s, 58 s; each times out 10 s later (10, 21, 33, 48, 68 s).
      expectObservable(status$, '^ 70s !').toBe(
        'c 9999ms t 10999ms t 11999ms t 14999ms t 19999ms t',
        {
          c: { status: 'CLOSED' },
          t: { status: 'TIMED_OUT' },
        },
      );
      ts.flush();
      const joins = log.filter((l) => l.includes('phx_join')).map((l) => Number(l.split(' ')[0]));
      expect(joins).toEqual([0, 11_000, 23_000, 38_000, 58_000]);
      const leaves = log.filter((l) => l.includes('phx_leave')).map((l) => l.split(' ')[0]);
      expect(leaves.slice(0, 4)).toEqual(['10000', '21000', '33000', '48000']);
    });
  });

  it('a join error reply → CHANNEL_ERROR join_failed with the reason, rejoin after back-off', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, log } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const seen: string[] = [];
      const sub = ch.status$.subscribe(({ status, error }) =>
        seen.push(`${ts.now()} ${status}${error ? ` ${error.code}: ${error.message}` : ''}`),
      );
      ts.schedule(() => reply(lastFrame('phx_join'), 'error', { reason: 'Unauthorized: nope' }), 5);
      ts.schedule(() => reply(lastFrame('phx_join'), 'ok'), 1_010);
      ts.schedule(() => sub.unsubscribe(), 2_000);
      ts.flush();
      expect(seen).toEqual([
        '0 CLOSED',
        '5 CHANNEL_ERROR join_failed: Unauthorized: nope',
        '1010 SUBSCRIBED',
      ]);
      expect(log.filter((l) => l.includes('phx_join'))).toEqual([
        '0 phx_join realtime:room1 6/6',
        '1005 phx_join realtime:room1 7/7',
      ]);
    });
  });

  it('marble: a push with ack answers ok on the reply, "timed out" after 10 s without one', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { client, reply, lastFrame } = rig(ts, { vsn: '1.0.0', graceMs: 0 });
      const ch = client.channel('room1', { config: { broadcast: { ack: true } } });
      ch.on('broadcast', { event: 'x' }).subscribe();
      ts.schedule(() => reply(lastFrame('phx_join'), 'ok'), 1);
      const send = () => ch.send({ type: 'broadcast', event: 'x', payload: {} });
      ts.schedule(() => {
        const f = lastFrame('broadcast');
        reply(f, 'ok');
      }, 7);
      // Frames are absolute: subscribed at 5 ms, answered at 7 ms; the second never answered.
      expectObservable(send(), '5ms ^').toBe('7ms (o|)', { o: 'ok' });
      expectObservable(send(), '10ms ^').toBe('10010ms (t|)', { t: 'timed out' });
    });
  });

  it('without ack a broadcast answers ok once sent; track before the join is buffered until it', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, log } = rig(ts, { vsn: '1.0.0', openAfter: 50 });
      const ch = client.channel('room1');
      const sub = ch.presence$.subscribe();
      const got: string[] = [];
      ts.schedule(
        () => ch.track({ online_at: 'now' }).subscribe((r) => got.push(`${ts.now()} track ${r}`)),
        1,
      );
      ts.schedule(() => reply(lastFrame('phx_join'), 'ok'), 60);
      ts.schedule(() => reply(lastFrame('presence'), 'ok'), 70);
      ts.schedule(
        () =>
          ch
            .send({ type: 'broadcast', event: 'x', payload: 1 })
            .subscribe((r) => got.push(`${ts.now()} send ${r}`)),
        80,
      );
      ts.schedule(() => sub.unsubscribe(), 100);
      ts.flush();
      expect(got).toEqual(['70 track ok', '80 send ok']);
      expect(log.slice(0, 3)).toEqual([
        '50 phx_join realtime:room1 6/6',
        '60 presence realtime:room1 7/6',
        '80 broadcast realtime:room1 8/6',
      ]);
      expect(lastFrame('presence')[4]).toEqual({
        type: 'presence',
        event: 'track',
        payload: { online_at: 'now' },
      });
    });
  });

  it('pushing before the channel was ever joined errors with RealtimeError not_joined', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client } = rig(ts);
      let error: any;
      client
        .channel('room1')
        .track({ a: 1 })
        .subscribe({ error: (e) => (error = e) });
      expect(error?.name).toBe('RealtimeError');
      expect(error?.code).toBe('not_joined');
    });
  });
});

describe('server unreachable, then back', () => {
  it('marble: CHANNEL_ERROR socket_closed per failed attempt (reconnects at 1 s, 3 s), SUBSCRIBED once it opens', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { client, fake } = rig(ts, { openAfter: null, autoReply: true });
      let n = 0;
      fake.onSocket = (s) => ts.schedule(() => (++n < 3 ? s.fail() : s.open()), 0);
      const status$ = client
        .channel('room1')
        .status$.pipe(map(({ status, error }) => (error ? `${status} ${error.code}` : status)));
      expectObservable(status$, '^ 5s !').toBe('(ce) 996ms e 1999ms s', {
        c: 'CLOSED',
        e: 'CHANNEL_ERROR socket_closed',
        s: 'SUBSCRIBED',
      });
    });
  });
});

describe('§4.11 captured timeline (heartbeat 200 ms, timeout 300 ms, server silent)', () => {
  it('join, heartbeat, join timeout → leave + TIMED_OUT, heartbeat timeout → close 1000, reconnect, new join ref', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake, log } = rig(ts, {
        heartbeatIntervalMs: 200,
        timeout: 300,
        heartbeats: false,
      });
      const statuses: string[] = [];
      const sub = client
        .channel('room1')
        .status$.subscribe(({ status }) => statuses.push(`${ts.now()} ${status}`));
      const sentHeartbeats: number[] = [];
      const onSend = fake.onSend!;
      fake.onSend = (s, d) => {
        if (typeof d === 'string' && d.includes('"heartbeat"')) sentHeartbeats.push(ts.now());
        onSend(s, d);
      };
      ts.schedule(() => sub.unsubscribe(), 1_450);
      ts.flush();
      expect(log.slice(0, 3)).toEqual([
        '0 phx_join realtime:room1 6/6',
        '300 phx_leave realtime:room1 8/6',
        '1400 phx_join realtime:room1 9/9',
      ]);
      expect(sentHeartbeats.slice(0, 1)).toEqual([200]);
      expect(fake.sockets[0].closedWith).toEqual({ code: 1000, reason: 'heartbeat timeout' });
      // Already errored by the join timeout: the socket's death adds no second error (Phoenix).
      expect(statuses).toEqual(['0 CLOSED', '300 TIMED_OUT']);
    });
  });
});

describe('server-side channel errors and closes', () => {
  it('phx_error → CHANNEL_ERROR and a rejoin after 1 s; phx_close → CLOSED and no rejoin', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, serverPush, log } = rig(ts, { autoReply: true, graceMs: 0 });
      const statuses: string[] = [];
      const sub = client
        .channel('room1')
        .status$.subscribe(({ status }) => statuses.push(`${ts.now()} ${status}`));
      ts.schedule(() => serverPush('realtime:room1', 'phx_error', {}, '6'), 100);
      ts.schedule(() => serverPush('realtime:room1', 'phx_close', {}, '7'), 2_000);
      ts.schedule(() => sub.unsubscribe(), 20_000);
      ts.flush();
      expect(statuses).toEqual([
        '0 CLOSED',
        '0 SUBSCRIBED',
        '100 CHANNEL_ERROR',
        '1100 SUBSCRIBED',
        '2000 CLOSED',
      ]);
      expect(log.filter((l) => l.includes('phx_join'))).toEqual([
        '0 phx_join realtime:room1 6/6',
        '1100 phx_join realtime:room1 7/7',
      ]);
      // Closed by the server: unsubscribing sends no leave.
      expect(log.filter((l) => l.includes('phx_leave'))).toEqual([]);
    });
  });
});
