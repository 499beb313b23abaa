import { describe, expect, it } from 'vitest';
import { rig, scheduler } from './realtime-helpers.js';

describe('channel join: lazy, one phx_join for every binding of the tick, refcounted', () => {
  it('the first subscription connects and joins once with every binding subscribed so far', () => {
    const ts = scheduler();
    ts.run(() => {
      const { fake, frames, client } = rig(ts, { graceMs: 1000, autoReply: true });
      const ch = client.channel('room1', { config: { presence: { key: 'me' } } });
      expect(fake.sockets).toHaveLength(0); // nothing before subscribe
      const subs = [
        ch.status$.subscribe(),
        ch.on('broadcast', { event: 'cursor' }).subscribe(),
        ch.on('presence', { event: 'sync' }).subscribe(),
        ch.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'msgs' }).subscribe(),
      ];
      ts.flush();
      expect(fake.sockets).toHaveLength(1);
      expect(fake.last.url).toBe('ws://localhost/realtime/v1/websocket?apikey=anon&vsn=2.0.0');
      const joins = frames().filter((f) => f[3] === 'phx_join');
      expect(joins).toEqual([
        [
          '6', // realtime-js's first join ref
          '6',
          'realtime:room1',
          'phx_join',
          {
            config: {
              broadcast: { ack: false, self: false },
              presence: { key: 'me', enabled: true },
              postgres_changes: [{ event: 'INSERT', schema: 'public', table: 'msgs' }],
              private: false,
            },
          },
        ],
      ]);
      subs.forEach((s) => s.unsubscribe());
    });
  });

  it('marble: status$ replays CLOSED, then SUBSCRIBED on the ok reply; leave 1 s after the last unsubscribe', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { client, reply, lastFrame, log } = rig(ts, { graceMs: 1000, openAfter: 5 });
      const ch = client.channel('room1');
      ts.schedule(() => reply(lastFrame('phx_join'), 'ok', {}), 10);
      expectObservable(ch.status$, '^ 100ms !').toBe('c 9ms s', {
        c: { status: 'CLOSED' },
        s: { status: 'SUBSCRIBED' },
      });
      ts.flush();
      expect(log).toEqual(['5 phx_join realtime:room1 6/6', '1101 phx_leave realtime:room1 7/6']);
    });
  });

  it('a resubscribe within the grace period keeps the join (no leave, no second join)', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, log } = rig(ts, { graceMs: 1000, autoReply: true });
      const ch = client.channel('room1');
      const a = ch.on('broadcast', { event: 'x' }).subscribe();
      ts.schedule(() => a.unsubscribe(), 100);
      let b: { unsubscribe(): void } | undefined;
      ts.schedule(() => (b = ch.on('broadcast', { event: 'x' }).subscribe()), 900);
      ts.schedule(() => b!.unsubscribe(), 5000);
      ts.flush();
      expect(log).toEqual(['0 phx_join realtime:room1 6/6', '6000 phx_leave realtime:room1 7/6']);
    });
  });

  it('a stream subscribed after channel.unsubscribe() joins again (the streams kept see SUBSCRIBED again)', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, log } = rig(ts, { graceMs: 1000, autoReply: true });
      const ch = client.channel('room1');
      const statuses: string[] = [];
      const kept = ch.status$.subscribe((s) => statuses.push(s.status));
      ts.schedule(() => ch.unsubscribe().subscribe(), 100);
      let later: { unsubscribe(): void } | undefined;
      ts.schedule(() => (later = ch.on('broadcast', { event: 'x' }).subscribe()), 500);
      ts.schedule(() => (later!.unsubscribe(), kept.unsubscribe()), 2000);
      ts.flush();
      expect(log).toEqual([
        '0 phx_join realtime:room1 6/6',
        '100 phx_leave realtime:room1 7/6',
        '500 phx_join realtime:room1 8/8',
        '3000 phx_leave realtime:room1 9/8',
      ]);
      expect(statuses).toEqual(['CLOSED', 'SUBSCRIBED', 'CLOSED', 'SUBSCRIBED']);
    });
  });

  it('a postgres_changes binding added while joined rejoins once with the full set, ids matched', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, log, serverPush } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const got: string[] = [];
      ch.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'a' }).subscribe((p) =>
        got.push(`a ${p.table} ${p.new.id}`),
      );
      ts.schedule(
        () =>
          reply(lastFrame('phx_join'), 'ok', {
            postgres_changes: [{ id: 11, event: 'INSERT', schema: 'public', table: 'a' }],
          }),
        1,
      );
      ts.schedule(() => {
        ch.on('postgres_changes', { event: '*', schema: 'public', table: 'b' }).subscribe((p) =>
          got.push(`b ${p.table} ${p.eventType}`),
        );
        ch.on('postgres_changes', { event: 'DELETE', schema: 'public', table: 'b' }).subscribe();
      }, 2);
      ts.schedule(() => {
        const join = lastFrame('phx_join');
        expect(join[4].config.postgres_changes).toEqual([
          { event: 'INSERT', schema: 'public', table: 'a' },
          { event: '*', schema: 'public', table: 'b' },
          { event: 'DELETE', schema: 'public', table: 'b' },
        ]);
        reply(join, 'ok', {
          postgres_changes: [
            { id: 21, event: 'INSERT', schema: 'public', table: 'a' },
            { id: 22, event: '*', schema: 'public', table: 'b' },
            { id: 23, event: 'DELETE', schema: 'public', table: 'b', filter: null },
          ],
        });
        const data = (table: string, type: string) => ({
          schema: 'public',
          table,
          commit_timestamp: 't',
          type,
          columns: [{ name: 'id', type: 'int4' }],
          record: { id: '7' },
          errors: null,
        });
        // A change for the old join's id is not delivered; stale join_ref frames are dropped.
        serverPush('realtime:room1', 'postgres_changes', { ids: [11], data: data('a', 'INSERT') });
        serverPush('realtime:room1', 'postgres_changes', { ids: [21], data: data('a', 'INSERT') });
        serverPush(
          'realtime:room1',
          'postgres_changes',
          { ids: [21], data: data('a', 'INSERT') },
          '6', // the first join's ref: stale
        );
        serverPush('realtime:room1', 'postgres_changes', { ids: [22], data: data('b', 'UPDATE') });
      }, 3);
      ts.flush();
      expect(log.filter((l) => l.includes('phx_'))).toEqual([
        '0 phx_join realtime:room1 6/6',
        '2 phx_join realtime:room1 7/7',
      ]);
      expect(got).toEqual(['a a 7', 'b b UPDATE']);
    });
  });

  it('bindings that do not match the server echo → CHANNEL_ERROR bindings_mismatch and a leave', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, log } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const statuses: string[] = [];
      ch.status$.subscribe(({ status, error }) =>
        statuses.push(`${status}${error ? ' ' + error.code : ''}`),
      );
      ch.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'a' }).subscribe();
      ts.schedule(
        () =>
          reply(lastFrame('phx_join'), 'ok', {
            postgres_changes: [{ id: 1, event: 'UPDATE', schema: 'public', table: 'a' }],
          }),
        1,
      );
      ts.flush();
      expect(statuses).toEqual(['CLOSED', 'CHANNEL_ERROR bindings_mismatch']);
      expect(log).toEqual(['0 phx_join realtime:room1 6/6', '1 phx_leave realtime:room1 7/6']);
    });
  });
});
