import { describe, expect, it } from 'vitest';
import { PresenceTopic } from '../../src/realtime/presence.js';
import { parseJoinPayload } from '../../src/realtime/join-config.js';

describe('PresenceTopic', () => {
  it('tracks, updates (leave old + join new with phx_ref_prev), ignores identical tracks, untracks', () => {
    const room = new PresenceTopic();
    const first = room.track('c1', 'ada', { v: 1 })!;
    const ref = first.joins.ada.metas[0].phx_ref;
    expect(first).toEqual({ joins: { ada: { metas: [{ v: 1, phx_ref: ref }] } }, leaves: {} });
    expect(room.track('c1', 'ada', { v: 1 })).toBeUndefined();
    const update = room.track('c1', 'ada', { v: 2 })!;
    expect(update.leaves).toEqual({ ada: { metas: [{ v: 1, phx_ref: ref }] } });
    expect(update.joins.ada.metas[0]).toEqual({
      v: 2,
      phx_ref: expect.any(String),
      phx_ref_prev: ref,
    });
    expect(update.joins.ada.metas[0].phx_ref).not.toBe(ref);
    room.track('c2', 'ada', { v: 3 });
    expect(room.state().ada.metas.map((m) => m.v)).toEqual([2, 3]);
    expect(room.untrack('c1')!.leaves.ada.metas[0].v).toBe(2);
    expect(room.untrack('c1')).toBeUndefined();
    expect(room.size).toBe(1);
  });
});

describe('parseJoinPayload', () => {
  it('applies Realtime’s defaults and reads the token', () => {
    const parsed = parseJoinPayload({
      config: { broadcast: { self: 1 }, private: true },
      access_token: 't',
    });
    expect(parsed).toMatchObject({
      isPrivate: true,
      self: true,
      ack: false,
      presenceEnabled: true,
      bindings: [],
      token: 't',
    });
    expect(parsed.presenceKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      parseJoinPayload({
        config: { presence: { key: 'k', enabled: false } },
        user_token: 'u',
        access_token: 'a',
      }),
    ).toMatchObject({
      presenceKey: 'k',
      presenceEnabled: false,
      token: 'u',
    });
    expect(parseJoinPayload(null)).toMatchObject({ isPrivate: false, bindings: [] });
  });
});
