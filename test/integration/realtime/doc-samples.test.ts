import { afterAll, beforeAll, expect, it } from 'vitest';
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { createClient } from 'supabase-rx';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';
import { fileURLToPath } from 'node:url';

/** The realtime samples of the README and docs/realtime.md, against the example project. */

const EXAMPLE_PROJECT = fileURLToPath(new URL('../../../examples/supabase', import.meta.url));
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, projectDir: EXAMPLE_PROJECT });
});
afterAll(() => emu?.stop());

it('README: a broadcast to self and a postgres_changes insert on reviews', async () => {
  const supabase = createClient(emu.url, emu.anonKey);
  const room = supabase.channel('readme-room', { config: { broadcast: { self: true } } });
  const cursor = firstValueFrom(
    room.on('broadcast', { event: 'cursor' }).pipe(take(1), timeout(5000)),
  );
  const review = firstValueFrom(
    room
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'reviews' })
      .pipe(take(1), timeout(5000)),
  );
  room.status$.pipe(filter(({ status }) => status === 'SUBSCRIBED')).subscribe(() => {
    room.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } }).subscribe();
  });
  expect((await cursor).payload).toEqual({ x: 3 });
  await emu.db.query(`insert into reviews (movie_id, stars, body) values (1, 5, 'great')`);
  expect((await review).new).toMatchObject({ movie_id: 1, stars: 5, body: 'great' });
  expect(await firstValueFrom(supabase.removeAllChannels())).toEqual(['ok']);
});

it('docs/realtime.md: join, send, removeChannel', async () => {
  const supabase = createClient(emu.url, emu.anonKey);
  const room = supabase.channel('room1', { config: { broadcast: { self: true } } });
  const received = firstValueFrom(
    room.on('broadcast', { event: 'cursor' }).pipe(take(1), timeout(5000)),
  );
  await firstValueFrom(room.status$.pipe(filter(({ status }) => status === 'SUBSCRIBED')));
  expect(
    await firstValueFrom(room.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } })),
  ).toBe('ok');
  expect((await received).payload).toEqual({ x: 3 });
  expect(await firstValueFrom(supabase.removeChannel(room))).toBe('ok');
  expect(supabase.getChannels()).toEqual([]);
});
