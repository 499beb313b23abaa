import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { DiskByteStore } from '../../src/storage/disk-byte-store.js';
import { startTestEmulator } from '../helpers/index.js';
import { storageApi } from './helpers.js';

/** Sends a request line exactly as given (no URL normalisation), returning status and JSON. */
function rawRequest(
  emu: EmulatorHandle,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: emu.port,
        method,
        path,
        headers: { authorization: `Bearer ${emu.serviceRoleKey}`, 'content-type': 'text/plain' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

describe('storage on disk: hostile keys, cut-off uploads, restarts', () => {
  let dir: string;
  let emu: EmulatorHandle;
  let storeDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-disk-'));
    emu = await startTestEmulator({ dataDir: join(dir, 'pg') });
    storeDir = join(dir, 'pg', 'storage');
    await storageApi(emu)('POST', '/bucket', { json: { id: 'b', name: 'b' } });
  });
  afterAll(async () => {
    await emu?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // Dot segments (`..`, `%2e%2e`) in the URL itself are resolved by the URL parser before any
  // route sees them: such a request leaves /storage/v1 (the gateway's 404) or stays in the bucket.
  it.each([
    '/storage/v1/object/b/../../../outside.txt',
    '/storage/v1/object/b/%2e%2e/%2e%2e/outside.txt',
    '/storage/v1/object/b/%2E%2E%2F%2E%2E%2Foutside.txt',
    '/storage/v1/object/b/a/%00/outside.txt',
    '/storage/v1/object/b//etc/outside.txt',
    '/storage/v1/object/b/..%5C..%5Coutside.txt',
    '/storage/v1/object/%2e%2e/outside.txt',
  ])('refuses the hostile key of %s and writes nothing outside the bucket folder', async (path) => {
    const res = await rawRequest(emu, 'POST', path, 'pwned');
    expect([400, 404]).toContain(res.status);
    if (res.status === 400) {
      expect(['InvalidKey', 'InvalidBucketName', 'NoSuchBucket']).toContain(res.body.code);
    }
    const files = await walk(dir);
    expect(files.filter((f) => f.includes('outside'))).toEqual([]);
    // Every stored file is <root>/b-<hex>/<uuid>.
    for (const file of await walk(storeDir)) {
      expect(file.slice(storeDir.length)).toMatch(
        /^\/(b-[0-9a-f]+\/[0-9a-f-]{36}|\.tmp\/[0-9a-f]+)$/,
      );
    }
    const { rows } = await emu.db.query(
      `select name from storage.objects where name like '%outside%'`,
    );
    expect(rows).toEqual([]);
  });

  it('keeps bytes in <dataDir>/storage under the bucket folder, named by version, not by key', async () => {
    const up = await storageApi(emu)('POST', '/object/b/dir/file.txt', { body: 'kept' });
    expect(up.status).toBe(200);
    const store = await DiskByteStore.open(storeDir);
    const { rows } = await emu.db.query<{ version: string }>(
      `select version from storage.objects where name = 'dir/file.txt'`,
    );
    const part = await storageApi(emu)('GET', '/object/b/dir/file.txt', {
      headers: { range: 'bytes=1-2' },
    });
    expect(part.status).toBe(206);
    expect(new TextDecoder().decode(part.bytes)).toBe('ep');
    expect(await store.files()).toContain(
      `b-${Buffer.from('b').toString('hex')}/${rows[0]!.version}`,
    );
  });

  const FORM_HEAD =
    '--cut\r\nContent-Disposition: form-data; name="cacheControl"\r\n\r\n60\r\n' +
    '--cut\r\nContent-Disposition: form-data; name=""; filename="half.bin"\r\n' +
    'Content-Type: application/octet-stream\r\n\r\n';
  it.each([
    { as: 'a raw body', type: 'application/octet-stream', head: '' },
    // Multipart is streamed to the temp file too (emulator/src/storage/multipart.ts).
    { as: 'a multipart form', type: 'multipart/form-data; boundary=cut', head: FORM_HEAD },
  ])(
    'leaves no object and no bytes behind when an upload as $as is cut off half-way',
    async ({ type, head }) => {
      const before = (await walk(storeDir)).sort();
      const req = request({
        host: '127.0.0.1',
        port: emu.port,
        method: 'POST',
        path: '/storage/v1/object/b/half.bin',
        headers: {
          authorization: `Bearer ${emu.serviceRoleKey}`,
          'content-type': type,
          'content-length': String(1024 * 1024),
        },
      });
      req.on('error', () => undefined);
      req.write(head);
      req.write(Buffer.alloc(64 * 1024, 1));
      // The server is writing the upload's temp file: now the client dies.
      await vi.waitFor(async () => {
        expect((await readdir(join(storeDir, '.tmp'))).length).toBe(1);
      });
      req.destroy();
      await vi.waitFor(async () => {
        expect(await readdir(join(storeDir, '.tmp'))).toEqual([]);
      });
      expect((await walk(storeDir)).sort()).toEqual(before);
      const { rows } = await emu.db.query(`select 1 from storage.objects where name = 'half.bin'`);
      expect(rows).toEqual([]);
      // The key is free: a complete upload succeeds.
      const whole = await storageApi(emu)('POST', '/object/b/half.bin', { body: 'whole' });
      expect(whole.status).toBe(200);
      await storageApi(emu)('DELETE', '/object/b', { json: { prefixes: ['half.bin'] } });
    },
  );

  it('removes the replaced version on upsert and the bytes on delete', async () => {
    const api = storageApi(emu);
    await api('POST', '/object/b/v.txt', { body: 'v1' });
    const count = async () => (await walk(storeDir)).filter((f) => !f.includes('.tmp')).length;
    const n = await count();
    await api('POST', '/object/b/v.txt', { body: 'v2', headers: { 'x-upsert': 'true' } });
    expect(await count()).toBe(n);
    await api('DELETE', '/object/b', { json: { prefixes: ['v.txt'] } });
    expect(await count()).toBe(n - 1);
  });

  it('serves the same bytes after a restart on the same data folder, and sweeps orphans', async () => {
    // Bytes no row points at, as a process killed between the rename and the commit leaves.
    const orphan = join(storeDir, `b-${Buffer.from('b').toString('hex')}`, randomUUID());
    await writeFile(orphan, 'orphan');
    const stale = join(storeDir, '.tmp', 'deadbeef');
    await writeFile(stale, 'partial');
    await emu.stop();
    emu = await startTestEmulator({ dataDir: join(dir, 'pg') });
    const res = await storageApi(emu)('GET', '/object/b/dir/file.txt');
    expect(new TextDecoder().decode(res.bytes)).toBe('kept');
    const files = await walk(storeDir);
    expect(files).not.toContain(orphan);
    expect(files).not.toContain(stale);
    const { rows } = await emu.db.query(`select 1 from storage.objects where version is not null`);
    expect(files.filter((f) => /\/b-[0-9a-f]+\//.test(f))).toHaveLength(rows.length);
  });
});
