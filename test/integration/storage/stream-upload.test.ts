import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { filter, firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from 'supabase-rx';
import { StorageApiError } from 'supabase-rx/storage';
import { toResult } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator, testEngines } from '../../../emulator/test/helpers/index.js';

const MiB = 1024 * 1024;
const one = <T>(o: Observable<T>) => firstValueFrom(o);

/** `bytes` bytes (a pattern that depends on the offset), made 64 KiB at a time as they are pulled. */
function generated(bytes: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes) return controller.close();
      const n = Math.min(64 * 1024, bytes - at);
      controller.enqueue(new Uint8Array(n).map((_, i) => ((at + i) * 7) & 0xff));
      at += n;
    },
  });
}

async function md5(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>) {
  const hash = createHash('md5');
  for await (const chunk of stream as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

// On Node, uploads with a streamed body go through node:http (stream-upload/node.js) unless the
// client was given a fetch: both paths against the real server.
describe.each(testEngines())('streamed uploads against the emulator on %s', (engine) => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof createClient>;
  const bucket = `stream-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
    admin = createClient(emu.url, emu.serviceRoleKey);
    await one(admin.storage.createBucket(bucket, { fileSizeLimit: 8 * MiB }));
  });
  afterAll(() => emu?.stop());

  const stored = async (name: string) => {
    const { data } = await one(admin.storage.from(bucket).download(name, { as: 'stream' }));
    return md5(data);
  };

  it('uploads a web ReadableStream and a Node Readable, with and without events, byte for byte', async () => {
    const files = admin.storage.from(bucket);
    const size = 3 * MiB + 123;
    const want = await md5(generated(size));
    await one(files.upload('web.bin', generated(size), { contentType: 'application/x-a' }));
    expect(await stored('web.bin')).toBe(want);
    const node = Readable.fromWeb(generated(size) as any);
    const events = await lastValueFrom(
      files.upload('node.bin', node, { observe: 'events' }).pipe(toArray()),
    );
    expect(events.at(-2)).toEqual({ type: 'progress', loaded: size, total: size });
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { path: 'node.bin' } });
    expect(await stored('node.bin')).toBe(want);
    const info = await one(files.info('web.bin'));
    expect(info.data).toMatchObject({ size, contentType: 'application/x-a' });
  });

  it("a stream over the bucket's limit fails with Storage's error, and nothing is stored", async () => {
    const result = await firstValueFrom(
      admin.storage
        .from(bucket)
        .upload('big.bin', generated(9 * MiB))
        .pipe(toResult()),
    );
    expect(result.error).toBeInstanceOf(StorageApiError);
    expect(result.error).toMatchObject({ statusCode: '413' });
    expect((await one(admin.storage.from(bucket).exists('big.bin'))).data).toBe(false);
  });

  it('unsubscribing half-way aborts the upload: no object, the key stays free', async () => {
    const files = admin.storage.from(bucket);
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024)),
      cancel: () => void (cancelled = true),
    });
    await firstValueFrom(
      files.upload('cut.bin', endless, { observe: 'events' }).pipe(
        filter((e) => e.type === 'progress' && e.loaded > MiB),
        take(1),
      ),
    );
    await vi.waitFor(() => expect(cancelled).toBe(true));
    const { rows } = await emu.db.query(
      'select 1 from storage.objects where bucket_id = $1 and name = $2',
      [bucket, 'cut.bin'],
    );
    expect(rows).toEqual([]);
    await one(files.upload('cut.bin', generated(10)));
    expect(await stored('cut.bin')).toBe(await md5(generated(10)));
  });

  it('a client given its own fetch sends streamed uploads through it', async () => {
    const own = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    const client = createClient(emu.url, emu.serviceRoleKey, { global: { fetch: own } });
    await one(client.storage.from(bucket).upload('own.bin', generated(1000)));
    expect(own).toHaveBeenCalledWith(
      expect.stringContaining(`/object/${bucket}/own.bin`),
      expect.objectContaining({ duplex: 'half' }),
    );
    expect(await stored('own.bin')).toBe(await md5(generated(1000)));
  });
});
