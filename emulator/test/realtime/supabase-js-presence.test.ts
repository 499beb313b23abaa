import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { closeAll, Inbox, jsClient, joined, uniqueTopic } from './supabase-js-helpers.js';

/** The official supabase-js 2.119 realtime client against the emulator: presence between clients. */

const keys = (state: Record<string, unknown>) => Object.keys(state).sort();

describe.each(testEngines())(
  'supabase-js realtime presence against the emulator (%s)',
  (engine) => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      emu = await startTestEmulator({ engine });
    });
    afterEach(() => closeAll());
    afterAll(() => emu?.stop());

    it('two clients see each other join, update and leave', async () => {
      const topic = uniqueTopic('presence');
      const a = await jsClient(emu);
      const b = await jsClient(emu);
      const syncA = new Inbox();
      const joinsA = new Inbox();
      const leavesA = new Inbox();
      const chA = a.channel(topic, { config: { presence: { key: 'alice' } } });
      await joined(
        chA
          .on('presence', { event: 'sync' }, () => syncA.push(keys(chA.presenceState())))
          .on('presence', { event: 'join' }, joinsA.push)
          .on('presence', { event: 'leave' }, leavesA.push),
      );
      expect(await chA.track({ name: 'Alice' })).toBe('ok');
      await joinsA.find((j) => j.key === 'alice', 'A sees its own join');

      const syncB = new Inbox();
      const chB = b.channel(topic, { config: { presence: { key: 'bob' } } });
      await joined(
        chB.on('presence', { event: 'sync' }, () => syncB.push(keys(chB.presenceState()))),
      );
      // B's first state already has A.
      await syncB.find((k) => k.includes('alice'), 'B sees alice');
      expect(chB.presenceState().alice).toEqual([
        { name: 'Alice', presence_ref: expect.any(String) },
      ]);
      expect(await chB.track({ name: 'Bob' })).toBe('ok');
      const bobJoin = await joinsA.find((j) => j.key === 'bob', 'A sees bob join');
      expect(bobJoin).toMatchObject({
        event: 'join',
        key: 'bob',
        currentPresences: [],
        newPresences: [{ name: 'Bob', presence_ref: expect.any(String) }],
      });
      await syncA.find((k) => k.join() === 'alice,bob', 'A syncs with both');

      // Tracking again replaces bob's entry (one meta, the new payload).
      expect(await chB.track({ name: 'Bobby' })).toBe('ok');
      await joinsA.find((j) => j.key === 'bob' && j.newPresences[0].name === 'Bobby', 'the update');
      expect(chA.presenceState().bob).toEqual([
        { name: 'Bobby', presence_ref: expect.any(String) },
      ]);

      expect(await chB.untrack()).toBe('ok');
      const left = await leavesA.find(
        (l) => l.key === 'bob' && l.leftPresences[0].name === 'Bobby',
        'A sees bob leave',
      );
      expect(left).toMatchObject({ event: 'leave', key: 'bob', currentPresences: [] });
      await syncA.find((k) => k.join() === 'alice', 'A syncs with alice alone');
      expect(keys(chA.presenceState())).toEqual(['alice']);
    });

    it("removes a client's presence when its socket goes away", async () => {
      const topic = uniqueTopic('gone');
      const a = await jsClient(emu);
      const b = await jsClient(emu);
      const leavesA = new Inbox();
      const joinsA = new Inbox();
      await joined(
        a
          .channel(topic, { config: { presence: { key: 'a' } } })
          .on('presence', { event: 'join' }, joinsA.push)
          .on('presence', { event: 'leave' }, leavesA.push),
      );
      const chB = await joined(b.channel(topic, { config: { presence: { key: 'b' } } }));
      expect(await chB.track({ here: true })).toBe('ok');
      await joinsA.find((j) => j.key === 'b', 'b joins');
      b.realtime.disconnect();
      const left = await leavesA.find((l) => l.key === 'b', 'b leaves when its socket closes');
      expect(left.leftPresences).toEqual([{ here: true, presence_ref: expect.any(String) }]);
    });
  },
);
