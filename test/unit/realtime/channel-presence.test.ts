import { describe, expect, it } from 'vitest';
import { rig, scheduler } from './realtime-helpers.js';

const T = 'realtime:room1';

describe('presence: presence$ replayed immutable map, one emission per server message', () => {
  it('marble: state, then diffs (held back until the state of the current join) — a track update is one emission', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const { client, reply, lastFrame, serverPush } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1', { config: { presence: { key: 'me' } } });
      ts.schedule(() => {
        reply(lastFrame('phx_join'), 'ok');
        // A diff before the presence_state: applied after it, in the same emission.
        serverPush(T, 'presence_diff', {
          joins: { x: { metas: [{ phx_ref: 'F3', n: 'c' }] } },
          leaves: {},
        });
        serverPush(
          T,
          'presence_state',
          {
            me: { metas: [{ phx_ref: 'F1', n: 'a' }] },
            other: { metas: [{ phx_ref: 'F2', n: 'b' }] },
          },
          '6',
        );
      }, 5);
      // me updates its tracked payload: one diff with the old meta leaving and the new joining.
      ts.schedule(
        () =>
          serverPush(T, 'presence_diff', {
            joins: { me: { metas: [{ phx_ref: 'F4', phx_ref_prev: 'F1', n: 'a2' }] } },
            leaves: { me: { metas: [{ phx_ref: 'F1', n: 'a' }] } },
          }),
        10,
      );
      ts.schedule(
        () =>
          serverPush(T, 'presence_diff', {
            joins: {},
            leaves: { other: { metas: [{ phx_ref: 'F2' }] } },
          }),
        15,
      );
      expectObservable(ch.presence$, '^ 20ms !').toBe('e 4ms s 4ms u 4ms l', {
        e: {},
        s: {
          me: [{ n: 'a', presence_ref: 'F1' }],
          other: [{ n: 'b', presence_ref: 'F2' }],
          x: [{ n: 'c', presence_ref: 'F3' }],
        },
        u: {
          me: [{ n: 'a2', presence_ref: 'F4' }],
          other: [{ n: 'b', presence_ref: 'F2' }],
          x: [{ n: 'c', presence_ref: 'F3' }],
        },
        l: { me: [{ n: 'a2', presence_ref: 'F4' }], x: [{ n: 'c', presence_ref: 'F3' }] },
      });
    });
  });

  it("on('presence') streams get realtime-js's join/leave/sync payloads; the join asks for presence; state is frozen", () => {
    const ts = scheduler();
    ts.run(() => {
      const { client, reply, lastFrame, serverPush } = rig(ts, { graceMs: 0 });
      const ch = client.channel('room1');
      const got: unknown[] = [];
      ch.on('presence', { event: 'join' }).subscribe((p) => got.push(p));
      ch.on('presence', { event: 'leave' }).subscribe((p) => got.push(p));
      ch.on('presence', { event: 'sync' }).subscribe((p) => got.push(p));
      ts.schedule(() => {
        expect(lastFrame('phx_join')[4].config.presence).toEqual({ key: '', enabled: true });
        reply(lastFrame('phx_join'), 'ok');
        serverPush(T, 'presence_state', { me: { metas: [{ phx_ref: 'F1', n: 'a' }] } }, '6');
        serverPush(T, 'presence_diff', {
          joins: {},
          leaves: { me: { metas: [{ phx_ref: 'F1', n: 'a' }] } },
        });
      }, 1);
      ts.flush();
      expect(got).toEqual([
        {
          event: 'join',
          key: 'me',
          currentPresences: [],
          newPresences: [{ n: 'a', presence_ref: 'F1' }],
        },
        { event: 'sync' },
        {
          event: 'leave',
          key: 'me',
          currentPresences: [],
          leftPresences: [{ n: 'a', presence_ref: 'F1' }],
        },
        { event: 'sync' },
      ]);
      expect(Object.isFrozen(ch.presenceState())).toBe(true);
    });
  });
});
