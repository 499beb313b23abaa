import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator } from '../helpers/index.js';
import { storageApi } from './helpers.js';

const CONFIG = `
[storage]
file_size_limit = "8B"

[storage.buckets.images]
public = true
file_size_limit = "4B"
allowed_mime_types = ["image/png", "image/jp*"]

[storage.buckets.docs]
`;

describe('[storage] of config.toml', () => {
  let dir: string;
  let emu: EmulatorHandle;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-config-'));
    await writeFile(join(dir, 'config.toml'), CONFIG);
    emu = await startTestEmulator({ projectDir: dir });
  });
  afterAll(async () => {
    await emu?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the declared buckets with their settings', async () => {
    const api = storageApi(emu);
    expect((await api('GET', '/bucket/images')).body).toMatchObject({
      id: 'images',
      public: true,
      file_size_limit: 4,
      allowed_mime_types: ['image/png', 'image/jp*'],
    });
    expect((await api('GET', '/bucket/docs')).body).toMatchObject({
      id: 'docs',
      public: false,
      file_size_limit: null,
    });
  });

  it('applies the bucket limit, and the global limit where the bucket has none', async () => {
    const api = storageApi(emu);
    const png = { 'content-type': 'image/png' };
    expect(
      (await api('POST', '/object/images/a.png', { body: new Uint8Array(5), headers: png })).body,
    ).toMatchObject({
      code: 'EntityTooLarge',
    });
    expect(
      (await api('POST', '/object/images/a.png', { body: new Uint8Array(4), headers: png })).status,
    ).toBe(200);
    expect(
      (await api('POST', '/object/docs/a.bin', { body: new Uint8Array(9) })).body,
    ).toMatchObject({
      statusCode: '413',
    });
    expect((await api('POST', '/object/docs/a.bin', { body: new Uint8Array(8) })).status).toBe(200);
  });

  it('refuses a bucket limit above the global one', async () => {
    const res = await storageApi(emu)('POST', '/bucket', {
      json: { id: 'x', name: 'x', file_size_limit: 100 },
    });
    expect(res.body).toMatchObject({
      statusCode: '400',
      message: 'The maximum file size limit is 8 bytes',
    });
  });
});
