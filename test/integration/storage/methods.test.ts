import { randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { StorageApiError, type TransferEvent } from 'supabase-rx/storage';
import { toResult } from 'supabase-rx/operators';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { startTestEmulator, testEngines } from '../../../emulator/test/helpers/index.js';
import { USER_FOLDER_POLICIES, userToken } from '../../../emulator/test/storage/helpers.js';

const one = <T>(o: Observable<T>) => firstValueFrom(o);
const failure = async (o: Observable<unknown>) => (await firstValueFrom(o.pipe(toResult()))).error;

describe.each(testEngines())('supabase.storage against the emulator on %s', (engine) => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof createClient>;
  const bucket = `docs-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: USER_FOLDER_POLICIES });
    admin = createClient(emu.url, emu.serviceRoleKey);
    await one(admin.storage.createBucket(bucket, { public: true, fileSizeLimit: 5 * 1024 * 1024 }));
  });
  afterAll(() => emu?.stop());

  it('buckets: create, get, list, update, empty, delete', async () => {
    const s = admin.storage;
    const id = `${bucket}-b`;
    expect((await one(s.createBucket(id, { public: false, fileSizeLimit: '1MB' }))).data).toEqual({
      name: id,
    });
    expect((await one(s.getBucket(id))).data).toMatchObject({
      id,
      name: id,
      public: false,
    });
    expect((await one(s.listBuckets())).data.map((b) => b.id)).toContain(id);
    expect((await one(s.updateBucket(id, { public: true }))).data).toHaveProperty('message');
    expect((await one(s.getBucket(id))).data.public).toBe(true);
    const temp = `${id}-temp`;
    await one(s.createBucket(temp));
    await one(s.from(temp).upload('x.txt', 'x'));
    expect((await one(s.emptyBucket(temp))).data).toHaveProperty('message');
    expect((await one(s.deleteBucket(temp))).data).toHaveProperty('message');
    const gone = await failure(s.getBucket(temp));
    expect(gone).toBeInstanceOf(StorageApiError);
    const dup = await failure(s.createBucket(id));
    expect(dup).toMatchObject({ name: 'StorageApiError', statusCode: '409' });
  });

  it('upload (raw and multipart), update, download, info, exists, with awkward names', async () => {
    const files = admin.storage.from(bucket);
    const names = [
      'plain.txt',
      'with space.txt',
      'ünï/çødé.txt',
      'a/b/c/deep.txt',
      'a+b&c=(1).txt',
    ];
    for (const name of names) {
      const up = await one(files.upload(name, `body of ${name}`, { contentType: 'text/plain' }));
      expect(up.data).toMatchObject({ path: name, fullPath: `${bucket}/${name}` });
      expect((await one(files.download(name, { as: 'text' }))).data).toBe(`body of ${name}`);
    }
    const blob = new Blob(['<svg/>'], { type: 'image/svg+xml' });
    await one(files.upload('pic.svg', blob, { cacheControl: '60', metadata: { by: 'test' } }));
    const info = (await one(files.info('pic.svg'))).data;
    expect(info).toMatchObject({
      name: 'pic.svg',
      bucketId: bucket,
      contentType: 'image/svg+xml',
      size: 6,
    });
    const downloaded = (await one(files.download('pic.svg'))).data;
    expect(await downloaded.text()).toBe('<svg/>');

    expect(await failure(files.upload('plain.txt', 'again'))).toMatchObject({
      name: 'StorageApiError',
      statusCode: '409',
    });
    await one(files.upload('plain.txt', 'upserted', { upsert: true }));
    await one(files.update('plain.txt', 'updated', { contentType: 'text/plain' }));
    expect((await one(files.download('plain.txt', { as: 'text' }))).data).toBe('updated');

    expect((await one(files.exists('plain.txt'))).data).toBe(true);
    expect((await one(files.exists('nope.txt'))).data).toBe(false);
    expect(await failure(files.download('nope.txt'))).toMatchObject({
      name: 'StorageApiError',
      status: 400,
      statusCode: '404',
    });
  });

  it('upload and download with observe: events end with loaded === total and the result', async () => {
    const files = admin.storage.from(bucket);
    const size = 3 * 1024 * 1024 + 7;
    const bytes = new Uint8Array(size).map((_, i) => i % 256);
    const up = await lastValueFrom(
      files
        .upload('big.bin', bytes, { observe: 'events', contentType: 'application/octet-stream' })
        .pipe(toArray()),
    );
    const last = (e: TransferEvent<unknown>[]) => e.filter((x) => x.type === 'progress').at(-1);
    expect(last(up)).toEqual({ type: 'progress', loaded: size, total: size });
    expect(up.at(-1)).toEqual({
      type: 'done',
      data: { path: 'big.bin', id: expect.any(String), fullPath: `${bucket}/big.bin` },
    });
    const down = await lastValueFrom(
      files.download('big.bin', { observe: 'events', as: 'arrayBuffer' }).pipe(toArray()),
    );
    expect(last(down)).toEqual({ type: 'progress', loaded: size, total: size });
    const done = down.at(-1) as { type: 'done'; data: ArrayBuffer };
    // (Buffer.equals: a deep toEqual of 3 MB of numbers takes longer than the test timeout.)
    expect(Buffer.from(done.data).equals(Buffer.from(bytes))).toBe(true);
  });

  it('list, move, copy, remove', async () => {
    const files = admin.storage.from(bucket);
    await one(files.upload('folder/one.txt', '1'));
    await one(files.upload('folder/two.txt', '2'));
    await one(files.upload('folder/sub/three.txt', '3'));
    const listed = (await one(files.list('folder'))).data;
    expect(listed.map((f) => [f.name, f.id === null])).toEqual([
      ['one.txt', false],
      ['sub', true],
      ['two.txt', false],
    ]);
    expect(
      (await one(files.list('folder', { limit: 1, offset: 1 }))).data.map((f) => f.name),
    ).toEqual(['sub']);
    expect((await one(files.list('folder', { search: 'two' }))).data.map((f) => f.name)).toEqual([
      'two.txt',
    ]);
    await one(files.move('folder/one.txt', 'moved/one.txt'));
    expect((await one(files.exists('folder/one.txt'))).data).toBe(false);
    expect((await one(files.copy('folder/two.txt', 'copied/two.txt'))).data).toEqual({
      path: `${bucket}/copied/two.txt`,
    });
    const other = `${bucket}-other`;
    await one(admin.storage.createBucket(other));
    await one(files.copy('copied/two.txt', 'across.txt', { destinationBucket: other }));
    expect((await one(admin.storage.from(other).download('across.txt', { as: 'text' }))).data).toBe(
      '2',
    );
    const removed = (await one(files.remove(['moved/one.txt', 'copied/two.txt']))).data;
    expect(removed.map((f) => f.name).sort()).toEqual(['copied/two.txt', 'moved/one.txt']);
  });

  it('signed URLs, signed uploads and public URLs work with a plain fetch', async () => {
    const files = admin.storage.from(bucket);
    await one(files.upload('share/a b.txt', 'shared'));
    const { signedUrl } = (await one(files.createSignedUrl('share/a b.txt', 60))).data;
    expect(await (await fetch(signedUrl)).text()).toBe('shared');
    const many = (await one(files.createSignedUrls(['share/a b.txt', 'share/missing.txt'], 60)))
      .data;
    expect(await (await fetch(many[0]!.signedUrl!)).text()).toBe('shared');
    expect(many[1]!.signedUrl).toBeNull();
    const ticket = (await one(files.createSignedUploadUrl('share/dropped.txt'))).data;
    expect(ticket.path).toBe('share/dropped.txt');
    const put = await one(files.uploadToSignedUrl(ticket.path, ticket.token, 'via ticket'));
    expect(put.data).toEqual({
      path: 'share/dropped.txt',
      fullPath: `${bucket}/share/dropped.txt`,
    });
    const { publicUrl } = files.getPublicUrl('share/a b.txt').data;
    const res = await fetch(publicUrl);
    expect([res.status, await res.text()]).toEqual([200, 'shared']);
  });

  it('RLS: a signed-in user reaches their own folder and never another user’s', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const tokenA = await userToken(emu, a);
    const tokenB = await userToken(emu, b);
    const asA = createClient(emu.url, emu.anonKey, {
      accessToken: async () => tokenA,
    }).storage.from('avatars');
    const asB = createClient(emu.url, emu.anonKey, {
      accessToken: async () => tokenB,
    }).storage.from('avatars');
    await one(asB.upload(`${b}/secret.txt`, 'b only'));
    expect((await one(asA.upload(`${a}/me.txt`, 'mine'))).data.path).toBe(`${a}/me.txt`);
    expect((await one(asA.download(`${a}/me.txt`, { as: 'text' }))).data).toBe('mine');
    const target = `${b}/secret.txt`;
    expect(await failure(asA.download(target))).toBeInstanceOf(StorageApiError);
    expect((await one(asA.exists(target))).data).toBe(false);
    expect((await one(asA.list(b))).data).toEqual([]);
    expect(await failure(asA.upload(target, 'overwrite', { upsert: true }))).toBeInstanceOf(
      StorageApiError,
    );
    expect(await failure(asA.createSignedUrl(target, 60))).toBeInstanceOf(StorageApiError);
    await firstValueFrom(asA.remove([target]).pipe(toResult()));
    expect((await one(asB.download(target, { as: 'text' }))).data).toBe('b only');
  });
  it('a file over the bucket limit is refused with the server’s typed error', async () => {
    const err = await failure(
      admin.storage.from(bucket).upload('huge.bin', new Uint8Array(5 * 1024 * 1024 + 1)),
    );
    expect(err).toMatchObject({ name: 'StorageApiError', statusCode: '413' });
    // Streamed (observe: 'events'): the same typed error, and the next call still works.
    const streamed = await lastValueFrom(
      admin.storage
        .from(bucket)
        .upload('huge.bin', new Uint8Array(5 * 1024 * 1024 + 1), { observe: 'events' })
        .pipe(toResult()),
    );
    expect(streamed.error).toMatchObject({ name: 'StorageApiError', statusCode: '413' });
    expect((await one(admin.storage.from(bucket).exists('huge.bin'))).data).toBe(false);
  });
});
