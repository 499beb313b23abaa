import { randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createClient } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import { StorageApiError } from 'supabase-rx/storage';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { USER_FOLDER_POLICIES, userToken } from '../../../emulator/test/storage/helpers.js';

/** The storage samples of the README and docs/storage.md, run against the emulator. */

let emu: EmulatorHandle;
let supabase: ReturnType<typeof createClient>;
const userId = randomUUID();
const file = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });

beforeAll(async () => {
  emu = await startTestEmulator({
    engine: 'pglite',
    sql: `${USER_FOLDER_POLICIES}\nupdate storage.buckets set public = true where id = 'avatars';`,
  });
  const token = await userToken(emu, userId);
  supabase = createClient(emu.url, emu.anonKey, { accessToken: async () => token });
});
afterAll(() => emu?.stop());

it('README: upload with events, download, signed URL, public URL', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const avatars = supabase.storage.from('avatars');
  const events = await lastValueFrom(
    avatars
      .upload(`${userId}/me.png`, file, {
        contentType: 'image/png',
        upsert: true,
        observe: 'events',
      })
      .pipe(toArray()),
  );
  // The README's subscriber, applied to each event.
  const next = (e: (typeof events)[number]) =>
    e.type === 'progress' ? console.log(e.loaded, e.total) : console.log(e.data.fullPath);
  events.forEach(next);
  expect(log).toHaveBeenLastCalledWith(`avatars/${userId}/me.png`);

  const { data: blob } = await firstValueFrom(avatars.download(`${userId}/me.png`));
  expect(blob.size).toBe(4);
  const { data: signed } = await firstValueFrom(avatars.createSignedUrl(`${userId}/me.png`, 60));
  expect((await fetch(signed.signedUrl)).status).toBe(200);
  const { data } = avatars.getPublicUrl(`${userId}/me.png`);
  const res = await fetch(data.publicUrl);
  expect([res.status, (await res.arrayBuffer()).byteLength]).toEqual([200, 4]);
  log.mockRestore();
});

it('docs/storage.md: the example (events upload, then a missing file as StorageApiError)', async () => {
  const avatars = supabase.storage.from('avatars');
  const events = await lastValueFrom(
    avatars
      .upload(`${userId}/me.png`, file, {
        contentType: 'image/png',
        upsert: true,
        observe: 'events',
      })
      .pipe(toArray()),
  );
  expect(events.at(-1)).toMatchObject({
    type: 'done',
    data: { fullPath: `avatars/${userId}/me.png` },
  });
  const { data, error } = await firstValueFrom(
    avatars.download(`${userId}/missing.png`).pipe(toResult()),
  );
  expect(data).toBeNull();
  expect(error).toBeInstanceOf(StorageApiError);
  expect((error as StorageApiError).statusCode).toBe('404');
});
