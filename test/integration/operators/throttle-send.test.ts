import { filter, firstValueFrom, Subject, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { createClient } from 'supabase-rx';
import { throttleSend } from 'supabase-rx/operators';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { suiteEngines } from '../helpers/emulator.js';

/** throttleSend over the emulator's realtime: a burst of cursor moves reaches a peer as few broadcasts, the last one included. */

describe.each(suiteEngines())('throttleSend against the emulator (%s)', (engine) => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
  });
  afterAll(() => emu?.stop());

  it('a burst of 50 positions arrives as the first and the last', async () => {
    const sender = createClient(emu.url, emu.anonKey, { auth: { persistSession: false } });
    const receiver = createClient(emu.url, emu.anonKey, { auth: { persistSession: false } });
    const topic = `cursors-${process.pid}`;
    const joined = (ch: ReturnType<typeof sender.channel>) =>
      firstValueFrom(ch.status$.pipe(filter(({ status }) => status === 'SUBSCRIBED')));
    const inbox = receiver.channel(topic);
    const got = firstValueFrom(
      inbox.on('broadcast', { event: 'cursor' }).pipe(
        filter(({ payload }) => (payload as { x: number }).x === 49),
        take(1),
      ),
    );
    const all: unknown[] = [];
    const allSub = inbox
      .on('broadcast', { event: 'cursor' })
      .subscribe(({ payload }) => all.push(payload));
    await joined(inbox);
    const room = sender.channel(topic);
    const status = room.status$.subscribe();
    await joined(room);

    const moves$ = new Subject<{ x: number }>();
    const results = firstValueFrom(
      moves$.pipe(throttleSend(room, { event: 'cursor', interval: 200 }), take(2), toArray()),
    );
    for (let x = 0; x < 50; x++) moves$.next({ x });
    expect(await results).toEqual(['ok', 'ok']);
    await got;
    expect(all).toEqual([{ x: 0 }, { x: 49 }]);

    allSub.unsubscribe();
    status.unsubscribe();
    await firstValueFrom(sender.removeAllChannels());
    await firstValueFrom(receiver.removeAllChannels());
  });
});
