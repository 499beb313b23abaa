import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { feedRealtimeAuth, type AuthEventLike } from '../../../src/realtime/auth-feed.js';
import { rig, scheduler } from './realtime-helpers.js';

describe('realtime tokens (§1.6, §4.7)', () => {
  it('auth events push access_token to joined channels: sign-in, refresh, unchanged, sign-out → key', () => {
    const ts = scheduler();
    ts.run(() => {
      let session: string | null = 'user-1';
      const { client, frames } = rig(ts, {
        autoReply: true,
        accessToken: () => session ?? 'anon',
      });
      const events = new Subject<AuthEventLike>();
      feedRealtimeAuth(events, (token) => client.setAuth(token).subscribe());
      const sub = client.channel('room1').on('broadcast', { event: 'x' }).subscribe();
      const at = (ms: number, event: string, token: string | null) =>
        ts.schedule(() => {
          session = token;
          events.next({ event, session: token ? { access_token: token } : null });
        }, ms);
      at(100, 'SIGNED_IN', 'user-2');
      at(200, 'TOKEN_REFRESHED', 'user-3');
      at(300, 'TOKEN_REFRESHED', 'user-3');
      at(400, 'SIGNED_OUT', null);
      ts.schedule(() => sub.unsubscribe(), 500);
      ts.flush();
      const sent = frames().filter((f) => f[3] === 'access_token' || f[3] === 'phx_join');
      expect(sent.map((f) => [f[3], f[4].access_token])).toEqual([
        ['phx_join', 'user-1'],
        ['access_token', 'user-2'],
        ['access_token', 'user-3'],
        ['access_token', 'anon'],
      ]);
      expect(sent[1][0]).toBe('6'); // pushed with the channel's join_ref
    });
  });

  it('a heartbeat asks the callback again; a changed token is pushed after the heartbeat', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, frames } = rig(ts, {
        autoReply: true,
        accessToken: () => (ts.now() < 20_000 ? 'jwt-a' : 'jwt-b'),
      });
      const sub = client.channel('room1').on('system').subscribe();
      ts.schedule(() => sub.unsubscribe(), 30_000);
      ts.flush();
      const f = frames().filter((x) => ['heartbeat', 'access_token'].includes(x[3]));
      expect(f.map((x) => [x[3], x[4].access_token])).toEqual([
        ['heartbeat', undefined],
        ['access_token', 'jwt-b'],
        // left at 31 s; the socket stays up two heartbeats more before closing (81 s)
        ['heartbeat', undefined],
        ['heartbeat', undefined],
      ]);
    });
  });

  it('after a reconnect the rejoin carries a fresh token from the callback, with version', () => {
    const ts = scheduler();
    ts.run(() => {
      // The token the callback gives changes while the socket is down (standby, offline).
      const { client, fake, frames } = rig(ts, {
        autoReply: true,
        accessToken: () => `jwt-at-${Math.floor(ts.now() / 10_000)}`,
      });
      const statuses: string[] = [];
      const ch = client.channel('room1');
      const sub = ch.status$.subscribe(({ status }) => statuses.push(`${ts.now()} ${status}`));
      ts.schedule(() => fake.last.fail(), 15_000);
      ts.schedule(() => sub.unsubscribe(), 20_000);
      ts.flush();
      expect(fake.sockets).toHaveLength(2);
      expect(frames(fake.sockets[0]).find((f) => f[3] === 'phx_join')![4].access_token).toBe(
        'jwt-at-0',
      );
      const rejoin = frames(fake.sockets[1]).find((f) => f[3] === 'phx_join')!;
      expect(rejoin[4].access_token).toBe('jwt-at-1');
      expect(rejoin[4].version).toBe('realtime-js/2.119.1');
      expect(statuses).toEqual([
        '0 CLOSED',
        '0 SUBSCRIBED',
        '15000 CHANNEL_ERROR',
        '16000 SUBSCRIBED', // reconnect after 1 s, rejoined at once
      ]);
    });
  });

  it('setAuth(token) without a callback is manual: pushed once, kept for later joins', () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, frames } = rig(ts, { autoReply: true, graceMs: 0 });
      const ch = client.channel('room1');
      const got: string[] = [];
      ts.schedule(() => client.setAuth('manual-1').subscribe((r) => got.push(r)), 0);
      const sub = ch.on('system').subscribe();
      ts.schedule(() => client.setAuth('manual-2').subscribe((r) => got.push(r)), 10);
      ts.schedule(() => sub.unsubscribe(), 20);
      ts.schedule(() => ch.on('system').subscribe(), 30);
      ts.schedule(() => client.disconnect(), 40);
      ts.flush();
      expect(got).toEqual(['ok', 'ok']);
      const f = frames().filter((x) => ['phx_join', 'access_token'].includes(x[3]));
      expect(f.map((x) => [x[3], x[4].access_token])).toEqual([
        ['phx_join', 'manual-1'],
        ['access_token', 'manual-2'],
        ['phx_join', 'manual-2'],
      ]);
    });
  });
});
