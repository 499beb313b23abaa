import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator } from '../helpers/index.js';
import { storageApi, USER_FOLDER_POLICIES, userToken } from './helpers.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

function metadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
}

function tus(emu: EmulatorHandle, token = emu.serviceRoleKey) {
  const headers = {
    authorization: `Bearer ${token}`,
    apikey: emu.anonKey,
    'tus-resumable': '1.0.0',
  };
  return {
    create: (length: number, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      fetch(`${emu.url}/storage/v1/upload/resumable`, {
        method: 'POST',
        headers: {
          ...headers,
          'upload-length': String(length),
          'upload-metadata': metadata(fields),
          ...extra,
        },
      }),
    patch: (id: string, offset: number, chunk: Uint8Array) =>
      fetch(`${emu.url}/storage/v1/upload/resumable/${id}`, {
        method: 'PATCH',
        headers: {
          ...headers,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: chunk.slice(),
      }),
    head: (id: string) =>
      fetch(`${emu.url}/storage/v1/upload/resumable/${id}`, { method: 'HEAD', headers }),
  };
}

const idOf = (res: Response) => res.headers.get('location')!.split('/').pop()!;

describe('TUS resumable uploads on /storage/v1/upload/resumable', () => {
  let dir: string;
  let emu: EmulatorHandle;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-tus-'));
    emu = await startTestEmulator({ dataDir: join(dir, 'pg'), sql: USER_FOLDER_POLICIES });
    await storageApi(emu)('POST', '/bucket', {
      json: { id: 'big', name: 'big', file_size_limit: 1000 },
    });
  });
  afterAll(async () => {
    await emu?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads in chunks and survives an emulator restart with identical bytes', async () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    const created = await tus(emu).create(bytes.length, {
      bucketName: 'avatars',
      objectName: 'tus/file.bin',
      contentType: 'application/octet-stream',
      cacheControl: '60',
      metadata: JSON.stringify({ via: 'tus' }),
    });
    expect(created.status).toBe(201);
    const id = idOf(created);
    const first = await tus(emu).patch(id, 0, bytes.subarray(0, 100_000));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe('100000');

    await emu.stop();
    emu = await startTestEmulator({ dataDir: join(dir, 'pg'), sql: USER_FOLDER_POLICIES });

    const head = await tus(emu).head(id);
    expect(head.headers.get('upload-offset')).toBe('100000');
    expect((await tus(emu).patch(id, 100_000, bytes.subarray(100_000))).status).toBe(204);
    const down = await storageApi(emu)('GET', '/object/avatars/tus/file.bin');
    expect(down.bytes.length).toBe(bytes.length);
    expect(md5(down.bytes)).toBe(md5(bytes));
    const info = await storageApi(emu)('GET', '/object/info/avatars/tus/file.bin');
    expect(info.body).toMatchObject({ cache_control: 'max-age=60', metadata: { via: 'tus' } });
  });

  it('refuses an existing object without x-upsert, and a file over the bucket limit', async () => {
    const exists = await tus(emu).create(3, { bucketName: 'avatars', objectName: 'tus/file.bin' });
    expect(exists.status).toBe(409);
    expect(await exists.json()).toMatchObject({ code: 'KeyAlreadyExists' });
    const upsert = await tus(emu).create(
      3,
      { bucketName: 'avatars', objectName: 'tus/file.bin' },
      { 'x-upsert': 'true' },
    );
    expect(upsert.status).toBe(201);
    const big = await tus(emu).create(1001, { bucketName: 'big', objectName: 'x.bin' });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'EntityTooLarge' });
    const bad = await tus(emu).create(1, { bucketName: 'big', objectName: '../x.bin' });
    expect(await bad.json()).toMatchObject({ code: 'InvalidKey' });
  });

  it("applies RLS: a user may upload to their folder, not to another's", async () => {
    const a = randomUUID();
    const asA = tus(emu, await userToken(emu, a));
    const own = await asA.create(2, { bucketName: 'avatars', objectName: `${a}/r.bin` });
    expect(own.status).toBe(201);
    expect((await asA.patch(idOf(own), 0, new Uint8Array([1, 2]))).status).toBe(204);
    const other = await asA.create(2, {
      bucketName: 'avatars',
      objectName: `${randomUUID()}/r.bin`,
    });
    expect(other.status).toBe(403);
    const anon = await tus(emu, 'bad.token.here').create(1, {
      bucketName: 'avatars',
      objectName: 'x',
    });
    expect(anon.status).toBe(403);
  });

  it('uploads through /upload/resumable/sign with the token of a signed upload URL', async () => {
    const a = randomUUID();
    const asA = storageApi(emu, await userToken(emu, a));
    const signed = await asA('POST', `/object/upload/sign/avatars/${a}/signed.bin`, { json: {} });
    const token = new URL(`http://x${signed.body.url}`).searchParams.get('token')!;
    const headers = { 'tus-resumable': '1.0.0', 'x-signature': token, apikey: emu.anonKey };
    const fields = { bucketName: 'avatars', objectName: `${a}/signed.bin` };
    const created = await fetch(`${emu.url}/storage/v1/upload/resumable/sign`, {
      method: 'POST',
      headers: { ...headers, 'upload-length': '3', 'upload-metadata': metadata(fields) },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toContain('/storage/v1/upload/resumable/sign/');
    const patch = await fetch(created.headers.get('location')!, {
      method: 'PATCH',
      headers: {
        ...headers,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: new Uint8Array([4, 5, 6]),
    });
    expect(patch.status).toBe(204);
    const down = await asA('GET', `/object/avatars/${a}/signed.bin`);
    expect([...down.bytes]).toEqual([4, 5, 6]);
    const { rows } = await emu.db.query<{ owner: string }>(
      'select owner::text from storage.objects where name = $1',
      [`${a}/signed.bin`],
    );
    expect(rows[0]!.owner).toBe(a);
    // The token names one object: another one is refused.
    const other = await fetch(`${emu.url}/storage/v1/upload/resumable/sign`, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': '1',
        'upload-metadata': metadata({ bucketName: 'avatars', objectName: `${a}/other.bin` }),
      },
    });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ code: 'InvalidSignature' });
  });
});
