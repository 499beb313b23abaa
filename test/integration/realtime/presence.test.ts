import { expect, it } from 'vitest';
import { realtimeSuite, topic } from './helpers.js';

/** Presence through the emulator between two clients of the same kind. */

const SYNC = { type: 'presence' as const, filter: { event: 'sync' as const } };
const JOIN = { type: 'presence' as const, filter: { event: 'join' as const } };
const LEAVE = { type: 'presence' as const, filter: { event: 'leave' as const } };

realtimeSuite('realtime presence', '', ({ connect }) => {
  it('two clients see each other track, update and untrack', async () => {
    const t = topic('presence');
    const a = await connect();
    const b = await connect();
    const chA = a
      .channel(t, { config: { presence: { key: 'alice' } } })
      .on('sync', SYNC)
      .on('join', JOIN)
      .on('leave', LEAVE);
    expect(await chA.subscribe()).toBe('SUBSCRIBED');
    expect(await chA.track({ name: 'Alice' })).toBe('ok');
    await chA.waitFor('join', 'A sees its own join', (j) => j.key === 'alice');

    const chB = b.channel(t, { config: { presence: { key: 'bob' } } }).on('join', JOIN);
    expect(await chB.subscribe()).toBe('SUBSCRIBED');
    // B's first presence_state already has alice.
    const seen = await chB.waitFor('join', 'B sees alice', (j) => j.key === 'alice');
    expect(seen).toEqual({
      event: 'join',
      key: 'alice',
      currentPresences: [],
      newPresences: [{ name: 'Alice', presence_ref: expect.any(String) }],
    });
    expect(await chB.track({ name: 'Bob' })).toBe('ok');
    expect(await chA.waitFor('join', 'A sees bob', (j) => j.key === 'bob')).toEqual({
      event: 'join',
      key: 'bob',
      currentPresences: [],
      newPresences: [{ name: 'Bob', presence_ref: expect.any(String) }],
    });
    expect(await chB.track({ name: 'Bobby' })).toBe('ok');
    await chA.waitFor('join', 'the update', (j) => j.newPresences[0].name === 'Bobby');
    expect(chA.presenceState()).toEqual({
      alice: [{ name: 'Alice', presence_ref: expect.any(String) }],
      bob: [{ name: 'Bobby', presence_ref: expect.any(String) }],
    });
    expect(await chB.untrack()).toBe('ok');
    const left = await chA.waitFor(
      'leave',
      'A sees bob leave',
      (l) => l.leftPresences[0].name === 'Bobby',
    );
    expect(left).toMatchObject({ event: 'leave', key: 'bob', currentPresences: [] });
    expect(Object.keys(chA.presenceState() as object)).toEqual(['alice']);
  });

  it("drops a client's presence when it leaves the channel", async () => {
    const t = topic('gone');
    const a = await connect();
    const b = await connect();
    const chA = a
      .channel(t, { config: { presence: { key: 'a' } } })
      .on('join', JOIN)
      .on('leave', LEAVE);
    expect(await chA.subscribe()).toBe('SUBSCRIBED');
    const chB = b.channel(t, { config: { presence: { key: 'b' } } });
    expect(await chB.subscribe()).toBe('SUBSCRIBED');
    expect(await chB.track({ here: true })).toBe('ok');
    await chA.waitFor('join', 'b joins', (j) => j.key === 'b');
    await chB.leave();
    const left = await chA.waitFor('leave', 'b leaves', (l) => l.key === 'b');
    expect(left.leftPresences).toEqual([{ here: true, presence_ref: expect.any(String) }]);
  });
});
