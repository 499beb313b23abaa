import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { SUPABASE_TUS_CHUNK_SIZE, uploadResumable } from 'supabase-rx/storage/resumable';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator, testEngines } from '../../../emulator/test/helpers/index.js';

/** An in-memory tus-js-client UrlStorage: what a restarted process would read back. */
function memoryUrlStorage() {
  const entries = new Map<string, { fingerprint: string; upload: Record<string, unknown> }>();
  let n = 0;
  const list = (match: (fp: string) => boolean) =>
    [...entries.entries()]
      .filter(([, e]) => match(e.fingerprint))
      .map(([k, e]) => ({ ...e.upload, urlStorageKey: k })) as never;
  return {
    entries,
    findAllUploads: async () => list(() => true),
    findUploadsByFingerprint: async (fp: string) => list((f) => f === fp),
    removeUpload: async (key: string) => void entries.delete(key),
    addUpload: async (fingerprint: string, upload: Record<string, unknown>) => {
      const key = `tus::${fingerprint}::${++n}`;
      entries.set(key, { fingerprint, upload });
      return key;
    },
  };
}

const SIZE = 2 * SUPABASE_TUS_CHUNK_SIZE + 1000;
const bytes = (): Buffer => {
  const b = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) b[i] = (i * 7) % 251;
  return b;
};

describe.each(testEngines())('uploadResumable() against the emulator on %s', (engine) => {
  let emu: EmulatorHandle;
  let supabase: ReturnType<typeof createClient>;
  const bucket = `tus-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
    supabase = createClient(emu.url, emu.serviceRoleKey);
    await firstValueFrom(supabase.storage.createBucket(bucket));
  });
  afterAll(() => emu?.stop());

  it('uploads in 6 MiB chunks with progress; the object has identical bytes and its type', async () => {
    const events = await lastValueFrom(
      uploadResumable(supabase.storage.from(bucket), 'big/file.bin', bytes(), {
        contentType: 'application/octet-stream',
        metadata: { by: 'test' },
      }).pipe(toArray()),
    );
    expect(events.at(-1)).toEqual({
      type: 'done',
      data: { path: 'big/file.bin', fullPath: `${bucket}/big/file.bin` },
    });
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last).toEqual({ type: 'progress', loaded: SIZE, total: SIZE });
    const { data } = await firstValueFrom(
      supabase.storage.from(bucket).download('big/file.bin', { as: 'arrayBuffer' }),
    );
    expect(Buffer.from(data).equals(bytes())).toBe(true);
    const info = (await firstValueFrom(supabase.storage.from(bucket).info('big/file.bin'))).data;
    expect(info).toMatchObject({ size: SIZE, contentType: 'application/octet-stream' });
  });

  it('a stopped upload is resumed by a new client from the stored URL, with identical bytes', async () => {
    const urlStorage = memoryUrlStorage();
    const options = { urlStorage: urlStorage as never, fingerprint: async () => `fp-${bucket}` };
    // The first client's body yields one chunk and then stalls, so it is stopped with exactly
    // one chunk on the server: tus saves the URL only once the server has taken that chunk.
    const stalled = new Readable({ read() {} });
    stalled.push(bytes().subarray(0, SUPABASE_TUS_CHUNK_SIZE));
    const saved = new Promise<void>((resolve) => {
      const add = urlStorage.addUpload;
      urlStorage.addUpload = async (fp, upload) => {
        const key = await add(fp, upload);
        resolve();
        return key;
      };
    });
    const first = uploadResumable(supabase.storage.from(bucket), 'resumed.bin', stalled, {
      ...options,
      uploadSize: SIZE,
    }).subscribe();
    await saved;
    first.unsubscribe();
    stalled.destroy();
    expect(urlStorage.entries.size).toBe(1);
    const again = createClient(emu.url, emu.serviceRoleKey);
    const events = await lastValueFrom(
      uploadResumable(again.storage.from(bucket), 'resumed.bin', bytes(), options).pipe(toArray()),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    // Resumed, not restarted: the first count already includes the chunk the server took.
    const firstCount = events.find((e) => e.type === 'progress') as { loaded: number };
    expect(firstCount.loaded).toBeGreaterThanOrEqual(SUPABASE_TUS_CHUNK_SIZE);
    const { data } = await firstValueFrom(
      again.storage.from(bucket).download('resumed.bin', { as: 'arrayBuffer' }),
    );
    expect(Buffer.from(data).equals(bytes())).toBe(true);
    expect(urlStorage.entries.size).toBe(0);
  });
});
