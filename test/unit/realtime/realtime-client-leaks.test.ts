import { describe, expect, it } from 'vitest';
import { rig, scheduler } from './realtime-helpers.js';

describe('10,000 subscribe/unsubscribe cycles leave no socket, timer or listener behind', () => {
  it('each cycle joins and (after the grace period) leaves; at the end nothing is held', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake, log } = rig(ts, { autoReply: true, graceMs: 1000 });
      ts.maxFrames = Number.POSITIVE_INFINITY;
      const ch = client.channel('room1');
      let cycles = 0;
      const cycle = () => {
        const subs = [
          ch.on('broadcast', { event: 'x' }).subscribe(),
          ch.on('postgres_changes', { event: '*', schema: 'public' }).subscribe(),
          ch.status$.subscribe(),
          ch.presence$.subscribe(),
        ];
        ts.schedule(() => {
          subs.forEach((s) => s.unsubscribe());
          // The next cycle after the leave (grace 1 s) was answered.
          if (++cycles < 10_000) ts.schedule(cycle, 1_100);
        }, 10);
      };
      cycle();
      ts.flush();
      expect(cycles).toBe(10_000);
      expect(log.filter((l) => l.includes('phx_join'))).toHaveLength(10_000);
      expect(log.filter((l) => l.includes('phx_leave'))).toHaveLength(10_000);
      // One socket the whole time (the gaps are shorter than the 50 s empty-socket delay).
      expect(fake.sockets).toHaveLength(1);
      expect(fake.openSockets).toHaveLength(0);
      expect(fake.handlerCount).toBe(0);
      expect(client._pending).toEqual({ socket: 'closed', timers: false, auth: 0, active: 0 });
      expect(ch._core.hasTimers).toBe(false);
      expect(ch._core.bindings.size).toBe(0);
      expect(ch._core.status$.observed).toBe(false);
      expect(ch._core.presence.view$.observed).toBe(false);
      expect(ts.actions).toHaveLength(0);
    });
  });

  it('10,000 quick cycles inside the grace period: one join, one leave, nothing held after', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake, log } = rig(ts, { autoReply: true, graceMs: 1000 });
      const ch = client.channel('room1');
      ts.schedule(() => {
        for (let i = 0; i < 10_000; i++) {
          ch.on('broadcast', { event: 'x' }).subscribe().unsubscribe();
          ch.status$.subscribe().unsubscribe();
        }
      }, 0);
      ts.flush();
      expect(log).toEqual(['0 phx_join realtime:room1 6/6', '1000 phx_leave realtime:room1 7/6']);
      expect(fake.openSockets).toHaveLength(0);
      expect(fake.handlerCount).toBe(0);
      expect(client._pending).toEqual({ socket: 'closed', timers: false, auth: 0, active: 0 });
      expect(ch._core.bindings.size).toBe(0);
      expect(ts.actions).toHaveLength(0);
    });
  });

  it('10,000 cycles of a fresh channel removed with removeAllChannels: a socket each, all closed', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake, log } = rig(ts, { autoReply: true });
      ts.maxFrames = Number.POSITIVE_INFINITY;
      let cycles = 0;
      let completed = 0;
      const cycle = () => {
        const ch = client.channel(`room${cycles}`);
        const done = { complete: () => completed++ };
        ch.on('broadcast', { event: 'x' }).subscribe(done);
        ch.status$.subscribe(done);
        ch.presence$.subscribe(done);
        ts.schedule(() => {
          client.removeAllChannels().subscribe(() => {
            if (++cycles < 10_000) ts.schedule(cycle, 10);
          });
        }, 10);
      };
      cycle();
      ts.flush();
      expect(cycles).toBe(10_000);
      expect(completed).toBe(30_000);
      expect(log.filter((l) => l.includes('phx_join'))).toHaveLength(10_000);
      expect(log.filter((l) => l.includes('phx_leave'))).toHaveLength(10_000);
      // removeAllChannels disconnects: one socket per cycle, every one closed and let go of.
      expect(fake.sockets).toHaveLength(10_000);
      expect(fake.openSockets).toHaveLength(0);
      expect(fake.handlerCount).toBe(0);
      expect(client.getChannels()).toEqual([]);
      expect(client._pending).toEqual({ socket: 'closed', timers: false, auth: 0, active: 0 });
      expect(ts.actions).toHaveLength(0);
    });
  });

  it('removeChannel leaves at once, completes every stream and forgets the channel', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake, log } = rig(ts, { autoReply: true, graceMs: 1000 });
      const ch = client.channel('room1');
      const done: string[] = [];
      ch.on('broadcast', { event: 'x' }).subscribe({ complete: () => done.push('broadcast') });
      ch.status$.subscribe({ complete: () => done.push('status') });
      ch.presence$.subscribe({ complete: () => done.push('presence') });
      let result: unknown;
      ts.schedule(() => client.removeChannel(ch).subscribe((r) => (result = r)), 100);
      ts.flush();
      expect(result).toBe('ok');
      expect(done.sort()).toEqual(['broadcast', 'presence', 'status']);
      expect(log).toEqual(['0 phx_join realtime:room1 6/6', '100 phx_leave realtime:room1 7/6']);
      expect(client.getChannels()).toEqual([]);
      expect(client.channel('room1')).not.toBe(ch);
      expect(fake.openSockets).toHaveLength(0);
      expect(ts.actions).toHaveLength(0);
    });
  });

  it('removeAllChannels removes each and disconnects', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake } = rig(ts, { autoReply: true });
      client.channel('a').on('system').subscribe();
      client.channel('b').on('system').subscribe();
      let result: unknown;
      ts.schedule(() => client.removeAllChannels().subscribe((r) => (result = r)), 10);
      ts.flush();
      expect(result).toEqual(['ok', 'ok']);
      expect(client.getChannels()).toEqual([]);
      expect(fake.openSockets).toHaveLength(0);
      expect(fake.last.closedWith).toEqual({ code: 1000, reason: '' });
    });
  });
});

describe('the socket with no joined channel', () => {
  it('closes two heartbeats (50 s) after the last leave, in virtual time; a join before that keeps it', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake } = rig(ts, { autoReply: true, graceMs: 0 });
      const a = client.channel('a').on('system').subscribe();
      ts.schedule(() => a.unsubscribe(), 1_000); // empty from 1 s …
      let b: { unsubscribe(): void } | undefined;
      ts.schedule(() => (b = client.channel('b').on('system').subscribe()), 30_000); // … not any more
      ts.schedule(() => b!.unsubscribe(), 40_000); // empty again: closes at 90 s
      const closedAt: number[] = [];
      ts.schedule(function (this: { schedule(s?: unknown, d?: number): void }) {
        if (fake.sockets[0].readyState === 3 && closedAt.length === 0) closedAt.push(ts.now());
        if (ts.now() < 100_000) this.schedule(undefined, 1_000);
      }, 0);
      ts.flush();
      expect(fake.sockets).toHaveLength(1);
      expect(closedAt).toEqual([90_000]);
      expect(fake.sockets[0].closedWith).toEqual({ code: 1000, reason: '' });
    });
  });

  it('an undecodable frame is reported on errors$, never thrown', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, fake } = rig(ts, { autoReply: true });
      const errors: string[] = [];
      client.errors$.subscribe((e) => errors.push(`${e.name} ${e.code}`));
      const sub = client.channel('a').on('system').subscribe();
      ts.schedule(() => expect(() => fake.last.receive('[1,2')).not.toThrow(), 5);
      ts.schedule(() => sub.unsubscribe(), 10);
      ts.schedule(() => client.disconnect(), 20);
      ts.flush();
      expect(errors).toEqual(['RealtimeError invalid_frame']);
    });
  });
});
