import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialClient } from '../helpers/clients.js';
import { suiteEngines, type EmulatorHandle } from '../helpers/emulator.js';
import { startTestEmulator } from '../../../emulator/test/helpers/index.js';
import { USER_FOLDER_POLICIES, userToken } from '../../../emulator/test/storage/helpers.js';

// The official storage-js 2.119 (through supabase-js) running Storage's flows against the emulator.
describe.each(suiteEngines())('official storage-js against the emulator on %s', (engine) => {
  let emu: EmulatorHandle;
  let admin: any;

  beforeAll(async () => {
    emu = await startTestEmulator({ engine, sql: USER_FOLDER_POLICIES });
    admin = officialClient(emu.url, emu.serviceRoleKey).storage;
  });
  afterAll(() => emu?.stop());

  it('creates, gets, lists and updates buckets', async () => {
    expect(await admin.createBucket('files', { public: false })).toEqual({
      data: { name: 'files' },
      error: null,
    });
    expect(
      (
        await admin.createBucket('pics', {
          public: true,
          fileSizeLimit: '1KB',
          allowedMimeTypes: ['image/*'],
        })
      ).error,
    ).toBeNull();
    const { data } = await admin.getBucket('pics');
    expect(data).toMatchObject({
      id: 'pics',
      public: true,
      file_size_limit: 1000,
      allowed_mime_types: ['image/*'],
    });
    const list = await admin.listBuckets();
    expect(list.data.map((b: { id: string }) => b.id)).toEqual(
      expect.arrayContaining(['files', 'pics', 'avatars']),
    );
    expect(
      (await admin.updateBucket('files', { public: false, fileSizeLimit: 2048 })).data,
    ).toEqual({
      message: 'Successfully updated',
    });
    const dup = await admin.createBucket('files');
    expect(dup.error).toMatchObject({ name: 'StorageApiError', status: 400, statusCode: '409' });
  });

  it('uploads (Blob and raw), downloads, infos, exists, updates', async () => {
    const files = admin.from('files');
    const up = await files.upload('folder/a b.txt', new Blob(['hello'], { type: 'text/plain' }), {
      cacheControl: '60',
      metadata: { k: 'v' },
    });
    expect(up.error).toBeNull();
    expect(up.data).toEqual({
      id: expect.any(String),
      path: 'folder/a b.txt',
      fullPath: 'files/folder/a b.txt',
    });
    const raw = await files.upload('raw.bin', new Uint8Array([1, 2, 3]), {
      contentType: 'application/octet-stream',
    });
    expect(raw.error).toBeNull();
    const down = await files.download('folder/a b.txt');
    expect(await down.data.text()).toBe('hello');
    const info = await files.info('folder/a b.txt');
    expect(info.data).toMatchObject({
      name: 'folder/a b.txt',
      bucketId: 'files',
      size: 5,
      contentType: 'text/plain',
      cacheControl: 'max-age=60',
      metadata: { k: 'v' },
    });
    expect(await files.exists('folder/a b.txt')).toEqual({ data: true, error: null });
    const missing = await files.exists('nope.txt');
    expect(missing.data).toBe(false);
    const again = await files.upload('raw.bin', new Uint8Array([9]));
    expect(again.error).toMatchObject({
      statusCode: '409',
      message: 'The resource already exists',
    });
    expect((await files.upload('raw.bin', new Uint8Array([9]), { upsert: true })).error).toBeNull();
    expect((await files.update('raw.bin', new Uint8Array([7, 7]))).error).toBeNull();
    expect(new Uint8Array(await (await files.download('raw.bin')).data.arrayBuffer())).toEqual(
      new Uint8Array([7, 7]),
    );
  });

  it('enforces bucket limits with Storage’s errors', async () => {
    const pics = admin.from('pics');
    const big = await pics.upload(
      'big.png',
      new Blob([new Uint8Array(2000)], { type: 'image/png' }),
    );
    expect(big.error).toMatchObject({
      statusCode: '413',
      message: 'The object exceeded the maximum allowed size',
    });
    const txt = await pics.upload('a.txt', new Blob(['x'], { type: 'text/plain' }));
    expect(txt.error).toMatchObject({
      statusCode: '415',
      message: 'mime type text/plain is not supported',
    });
    expect(
      (await pics.upload('ok.png', new Blob([new Uint8Array(10)], { type: 'image/png' }))).error,
    ).toBeNull();
    const res = await fetch(pics.getPublicUrl('ok.png').data.publicUrl);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(10);
  });

  it('lists, moves, copies and removes', async () => {
    const files = admin.from('files');
    const list = await files.list('folder');
    expect(list.data.map((e: { name: string }) => e.name)).toEqual(['a b.txt']);
    const root = await files.list();
    expect(root.data.map((e: { name: string }) => e.name)).toEqual(['folder', 'raw.bin']);
    expect((await files.move('folder/a b.txt', 'moved/a.txt')).data).toEqual({
      message: 'Successfully moved',
    });
    expect(
      (await files.copy('moved/a.txt', 'copy/a.txt', { destinationBucket: 'pics' })).data,
    ).toEqual({
      path: 'pics/copy/a.txt',
    });
    expect(await (await admin.from('pics').download('copy/a.txt')).data.text()).toBe('hello');
    const removed = await files.remove(['moved/a.txt', 'raw.bin']);
    expect(removed.data.map((o: { name: string }) => o.name).sort()).toEqual([
      'moved/a.txt',
      'raw.bin',
    ]);
    expect((await files.list()).data).toEqual([]);
  });

  it('makes signed URLs and signed upload URLs that work without a key', async () => {
    const files = admin.from('files');
    await files.upload('s/doc.txt', new Blob(['signed'], { type: 'text/plain' }));
    const one = await files.createSignedUrl('s/doc.txt', 60);
    expect(one.error).toBeNull();
    expect(await (await fetch(one.data.signedUrl)).text()).toBe('signed');
    const dl = await files.createSignedUrl('s/doc.txt', 60, { download: 'named.txt' });
    expect((await fetch(dl.data.signedUrl)).headers.get('content-disposition')).toContain(
      'named.txt',
    );
    const many = await files.createSignedUrls(['s/doc.txt', 's/none.txt'], 60);
    expect(many.data[0].signedUrl).toContain('token=');
    expect(many.data[1]).toMatchObject({ signedUrl: null, error: expect.any(String) });
    const upload = await files.createSignedUploadUrl('s/up.txt');
    expect(upload.error).toBeNull();
    const put = await officialClient(emu.url, emu.anonKey)
      .storage.from('files')
      .uploadToSignedUrl(
        's/up.txt',
        upload.data.token,
        new Blob(['by token'], { type: 'text/plain' }),
      );
    expect(put.error).toBeNull();
    expect(put.data).toMatchObject({ path: 's/up.txt', fullPath: 'files/s/up.txt' });
    expect(await (await files.download('s/up.txt')).data.text()).toBe('by token');
  });

  it('keeps user A out of user B’s folder through the official client', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const asA = officialClient(emu.url, emu.anonKey, await userToken(emu, a)).storage.from(
      'avatars',
    );
    const asB = officialClient(emu.url, emu.anonKey, await userToken(emu, b)).storage.from(
      'avatars',
    );
    expect(
      (await asB.upload(`${b}/me.png`, new Blob(['b'], { type: 'image/png' }))).error,
    ).toBeNull();
    expect(
      (await asA.upload(`${a}/me.png`, new Blob(['a'], { type: 'image/png' }))).error,
    ).toBeNull();
    expect((await asA.download(`${b}/me.png`)).error).toMatchObject({ statusCode: '404' });
    expect((await asA.upload(`${b}/x.png`, new Blob(['x']))).error).toMatchObject({
      statusCode: '403',
    });
    expect((await asA.list(b)).data).toEqual([]);
    expect((await asA.remove([`${b}/me.png`])).data).toEqual([]);
    expect((await asA.move(`${b}/me.png`, `${a}/stolen.png`)).error).toMatchObject({
      statusCode: '404',
    });
    expect((await asA.createSignedUrl(`${b}/me.png`, 60)).error).toMatchObject({
      statusCode: '404',
    });
    expect(await (await asB.download(`${b}/me.png`)).data.text()).toBe('b');
  });

  it('empties and deletes a bucket', async () => {
    expect((await admin.deleteBucket('files')).error).toMatchObject({ statusCode: '409' });
    expect((await admin.emptyBucket('files')).data).toEqual({ message: 'Successfully emptied' });
    expect((await admin.deleteBucket('files')).data).toEqual({ message: 'Successfully deleted' });
    expect((await admin.getBucket('files')).error).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found',
    });
  });
});
