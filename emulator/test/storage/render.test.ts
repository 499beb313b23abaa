import sharp from 'sharp';
import { StorageClient } from '@supabase/storage-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator } from '../helpers/index.js';
import { storageApi } from './helpers.js';

const size = async (bytes: Uint8Array | ArrayBuffer) => {
  const meta = await sharp(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
};

describe('image transformations (/render/image) through sharp', () => {
  let emu: EmulatorHandle;
  let storage: any;
  beforeAll(async () => {
    emu = await startTestEmulator();
    const api = storageApi(emu);
    await api('POST', '/bucket', { json: { id: 'img', name: 'img', public: true } });
    const png = await sharp({
      create: { width: 200, height: 100, channels: 3, background: { r: 255, g: 0, b: 0 } },
    })
      .png()
      .toBuffer();
    await api('POST', '/object/img/red.png', {
      body: new Uint8Array(png),
      headers: { 'content-type': 'image/png' },
    });
    await api('POST', '/object/img/not.png', {
      body: 'text',
      headers: { 'content-type': 'image/png' },
    });
    storage = new StorageClient(`${emu.url}/storage/v1`, {
      apikey: emu.serviceRoleKey,
      authorization: `Bearer ${emu.serviceRoleKey}`,
    });
  });
  afterAll(() => emu?.stop());

  it.each([
    ['width=50&height=50', { width: 50, height: 50, format: 'png' }],
    ['width=50&height=50&resize=contain', { width: 50, height: 50, format: 'png' }],
    ['width=100&resize=fill&height=20', { width: 100, height: 20, format: 'png' }],
    ['width=40&format=webp&quality=50', { width: 40, height: 20, format: 'webp' }],
    ['format=origin', { width: 200, height: 100, format: 'png' }],
  ])('authenticated ?%s → %j', async (query, expected) => {
    const res = await storageApi(emu)('GET', `/render/image/authenticated/img/red.png?${query}`);
    expect(res.status).toBe(200);
    expect(await size(res.bytes)).toEqual(expected);
  });

  it('refuses bad options and non-images with Storage-shaped 400s', async () => {
    const q = await storageApi(emu)('GET', '/render/image/authenticated/img/red.png?quality=5');
    expect(q.body).toMatchObject({ statusCode: '400', code: 'InvalidRequest' });
    const w = await storageApi(emu)('GET', '/render/image/authenticated/img/red.png?width=9999');
    expect(w.status).toBe(400);
    const text = await storageApi(emu)('GET', '/render/image/authenticated/img/not.png?width=10');
    expect(text.body).toMatchObject({
      statusCode: '400',
      message: expect.stringContaining('could not be transformed'),
    });
    const missing = await storageApi(emu)(
      'GET',
      '/render/image/authenticated/img/none.png?width=10',
    );
    expect(missing.body).toMatchObject({ code: 'NoSuchKey' });
  });

  it('works through storage-js: download, getPublicUrl and createSignedUrl with a transform', async () => {
    const img = storage.from('img');
    const down = await img.download('red.png', { transform: { width: 30, height: 30 } });
    expect(await size(await down.data.arrayBuffer())).toMatchObject({ width: 30, height: 30 });
    const pub = img.getPublicUrl('red.png', { transform: { width: 20, height: 10 } }).data
      .publicUrl;
    expect(pub).toContain('/render/image/public/img/red.png');
    expect(await size(await (await fetch(pub)).arrayBuffer())).toMatchObject({
      width: 20,
      height: 10,
    });
    const signed = await img.createSignedUrl('red.png', 60, {
      transform: { width: 10, height: 10 },
    });
    expect(signed.data.signedUrl).toContain('/render/image/sign/img/red.png?token=');
    expect(await size(await (await fetch(signed.data.signedUrl)).arrayBuffer())).toMatchObject({
      width: 10,
      height: 10,
    });
  });
});
