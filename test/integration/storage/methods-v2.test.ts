import { randomUUID } from 'node:crypto';
import { firstValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import { StorageApiError, StorageClient } from 'supabase-rx/storage';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator, testEngines } from '../../../emulator/test/helpers/index.js';

const one = <T>(o: Observable<T>) => firstValueFrom(o);
const failure = async (o: Observable<unknown>) => (await firstValueFrom(o.pipe(toResult()))).error;

describe.each(testEngines())('storage-js 2.119 extras against the emulator on %s', (engine) => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof createClient>;
  const bucket = `v2-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
    admin = createClient(emu.url, emu.serviceRoleKey);
    await one(admin.storage.createBucket(bucket));
    const files = admin.storage.from(bucket);
    for (const p of ['a.txt', 'docs/b.txt', 'docs/c.txt', 'docs/deep/d.txt']) {
      await one(files.upload(p, `content of ${p}`));
    }
  });
  afterAll(() => emu?.stop());

  it('listV2: folders apart from objects with with_delimiter, cursor paging', async () => {
    const files = admin.storage.from(bucket);
    const top = (await one(files.listV2({ with_delimiter: true }))).data;
    expect(top.objects.map((o) => o.name)).toEqual(['a.txt']);
    expect(top.folders.map((f) => f.name)).toContain('docs/');
    const flat = (await one(files.listV2({ prefix: 'docs/' }))).data;
    expect(flat.objects.map((o) => o.name).sort()).toEqual(
      ['docs/b.txt', 'docs/c.txt', 'docs/deep/d.txt'].sort(),
    );
    const page1 = (await one(files.listV2({ prefix: 'docs/', limit: 1 }))).data;
    expect(page1.objects).toHaveLength(1);
    expect(page1.hasNext).toBe(true);
    const page2 = (await one(files.listV2({ prefix: 'docs/', limit: 1, cursor: page1.nextCursor })))
      .data;
    expect(page2.objects).toHaveLength(1);
    expect(page2.objects[0]!.name).not.toBe(page1.objects[0]!.name);
  });

  it('purgeCache / purgeBucketCache: the emulator has no CDN and answers with a StorageApiError', async () => {
    const e1 = await failure(admin.storage.from(bucket).purgeCache('a.txt'));
    expect(e1).toBeInstanceOf(StorageApiError);
    expect((e1 as StorageApiError).status).toBe(404);
    const e2 = await failure(admin.storage.purgeBucketCache(bucket));
    expect(e2).toBeInstanceOf(StorageApiError);
  });

  it('setHeader: a header the server reads (authorization) applies to later calls; throwOnError changes nothing', async () => {
    const storage = new StorageClient(`${emu.url}/storage/v1`, {
      headers: { apikey: emu.anonKey, authorization: `Bearer ${emu.anonKey}` },
    });
    // anon has no policy on storage.objects: nothing is listed.
    expect((await one(storage.from(bucket).listV2())).data.objects).toEqual([]);
    const files = storage.from(bucket).setHeader('Authorization', `Bearer ${emu.serviceRoleKey}`);
    expect((await one(files.throwOnError().listV2())).data.objects.length).toBe(4);
    // The client's own header: from() after setHeader inherits it.
    storage.setHeader('authorization', `Bearer ${emu.serviceRoleKey}`);
    expect((await one(storage.from(bucket).list('docs'))).data.length).toBeGreaterThan(0);
  });

  it("download as: 'stream' with events: the stream first, progress as it is read, done at its end", async () => {
    const body = 'x'.repeat(200_000);
    await one(admin.storage.from(bucket).upload('big.txt', body));
    const events$ = admin.storage
      .from(bucket)
      .download('big.txt', { as: 'stream', observe: 'events' });
    const seen: string[] = [];
    let text: Promise<string> | undefined;
    const events = await new Promise<unknown[]>((resolve, reject) => {
      const out: unknown[] = [];
      events$.subscribe({
        next: (e) => {
          out.push(e);
          seen.push(e.type);
          if (e.type === 'stream') text = new Response(e.data).text();
        },
        error: reject,
        complete: () => resolve(out),
      });
    });
    expect(seen[0]).toBe('stream');
    expect(seen.at(-1)).toBe('done');
    expect(await text).toBe(body);
    expect(events.at(-2)).toEqual({ type: 'progress', loaded: body.length, total: body.length });
  });
});
