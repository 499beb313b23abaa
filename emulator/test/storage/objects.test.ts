import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/index.js';
import { startTestEmulator, testEngines } from '../helpers/index.js';
import { storageApi } from './helpers.js';

describe.each(testEngines())('storage objects over HTTP on %s', (engine) => {
  let emu: EmulatorHandle;
  let api: ReturnType<typeof storageApi>;
  beforeAll(async () => {
    emu = await startTestEmulator({ engine });
    api = storageApi(emu);
    expect((await api('POST', '/bucket', { json: { id: 'docs', name: 'docs' } })).body).toEqual({
      name: 'docs',
    });
    await api('POST', '/bucket', { json: { id: 'pub', name: 'pub', public: true } });
    await api('POST', '/bucket', {
      json: { id: 'imgs', name: 'imgs', file_size_limit: '10B', allowed_mime_types: ['image/*'] },
    });
  });
  afterAll(() => emu?.stop());

  it('uploads a raw body and downloads the same bytes with its headers', async () => {
    const up = await api('POST', '/object/docs/folder/a%20b.txt', {
      body: 'hello world',
      headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60', 'x-upsert': 'false' },
    });
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ Id: expect.any(String), Key: 'docs/folder/a b.txt' });
    const down = await api('GET', '/object/docs/folder/a%20b.txt');
    expect(down.status).toBe(200);
    expect(new TextDecoder().decode(down.bytes)).toBe('hello world');
    expect(down.headers.get('content-type')).toBe('text/plain');
    expect(down.headers.get('cache-control')).toBe('max-age=60');
    expect(down.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const auth = await api('GET', '/object/authenticated/docs/folder/a%20b.txt');
    expect(auth.bytes).toEqual(down.bytes);
  });

  it('answers Range requests with 206 and the part (416 past the end)', async () => {
    const part = await api('GET', '/object/docs/folder/a%20b.txt', {
      headers: { range: 'bytes=6-' },
    });
    expect(part.status).toBe(206);
    expect(new TextDecoder().decode(part.bytes)).toBe('world');
    expect(part.headers.get('content-range')).toBe('bytes 6-10/11');
    const past = await api('GET', '/object/docs/folder/a%20b.txt', {
      headers: { range: 'bytes=20-' },
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */11');
  });

  it('uploads a multipart form (file part, cacheControl and metadata fields)', async () => {
    const form = new FormData();
    form.append('cacheControl', '120');
    form.append('metadata', JSON.stringify({ k: 'v' }));
    form.append('', new Blob([new Uint8Array([1, 2, 3])], { type: 'application/pdf' }));
    const up = await api('POST', '/object/docs/form.pdf', { body: form });
    expect(up.status).toBe(200);
    const info = await api('GET', '/object/info/docs/form.pdf');
    expect(info.body).toMatchObject({
      name: 'form.pdf',
      bucket_id: 'docs',
      size: 3,
      content_type: 'application/pdf',
      cache_control: 'max-age=120',
      metadata: { k: 'v' },
    });
  });

  it('refuses a second upload without x-upsert (KeyAlreadyExists), replaces with it, updates with PUT', async () => {
    await api('POST', '/object/docs/dup.txt', {
      body: 'one',
      headers: { 'content-type': 'text/plain' },
    });
    const again = await api('POST', '/object/docs/dup.txt', {
      body: 'two',
      headers: { 'content-type': 'text/plain' },
    });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      statusCode: '409',
      code: 'KeyAlreadyExists',
      error: 'Duplicate',
      message: 'The resource already exists',
    });
    const upsert = await api('POST', '/object/docs/dup.txt', {
      body: 'three',
      headers: { 'content-type': 'text/plain', 'x-upsert': 'true' },
    });
    expect(upsert.status).toBe(200);
    expect(new TextDecoder().decode((await api('GET', '/object/docs/dup.txt')).bytes)).toBe(
      'three',
    );
    const put = await api('PUT', '/object/docs/dup.txt', {
      body: 'four',
      headers: { 'content-type': 'text/plain' },
    });
    expect(put.status).toBe(200);
    expect(new TextDecoder().decode((await api('GET', '/object/docs/dup.txt')).bytes)).toBe('four');
    const missing = await api('PUT', '/object/docs/none.txt', { body: 'x' });
    expect(missing.body).toMatchObject({ statusCode: '404', code: 'NoSuchKey' });
  });

  it('answers NoSuchKey and NoSuchBucket as Storage does', async () => {
    const key = await api('GET', '/object/docs/nope.txt');
    expect(key.status).toBe(400);
    expect(key.body).toEqual({
      statusCode: '404',
      code: 'NoSuchKey',
      error: 'not_found',
      message: 'Object not found',
    });
    const bucket = await api('POST', '/object/nobucket/a.txt', { body: 'x' });
    expect(bucket.body).toEqual({
      statusCode: '404',
      code: 'NoSuchBucket',
      error: 'Bucket not found',
      message: 'Bucket not found',
    });
    const head = await fetch(`${emu.url}/storage/v1/object/docs/nope.txt`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${emu.serviceRoleKey}` },
    });
    expect(head.status).toBe(400);
    const exists = await fetch(`${emu.url}/storage/v1/object/docs/folder/a%20b.txt`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${emu.serviceRoleKey}` },
    });
    expect(exists.status).toBe(200);
    expect(exists.headers.get('content-length')).toBe('11');
    expect(exists.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('enforces the bucket size limit (EntityTooLarge) and MIME types with wildcards (InvalidMimeType)', async () => {
    const big = await api('POST', '/object/imgs/big.png', {
      body: new Uint8Array(11),
      headers: { 'content-type': 'image/png' },
    });
    expect(big.body).toEqual({
      statusCode: '413',
      code: 'EntityTooLarge',
      error: 'Payload too large',
      message: 'The object exceeded the maximum allowed size',
    });
    const text = await api('POST', '/object/imgs/a.txt', {
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.body).toMatchObject({
      statusCode: '415',
      code: 'InvalidMimeType',
      message: 'mime type text/plain is not supported',
    });
    const ok = await api('POST', '/object/imgs/ok.png', {
      body: new Uint8Array(10),
      headers: { 'content-type': 'image/png' },
    });
    expect(ok.status).toBe(200);
  });

  it('serves public buckets without a key and refuses private ones there', async () => {
    await api('POST', '/object/pub/p.txt', {
      body: 'public!',
      headers: { 'content-type': 'text/plain' },
    });
    const res = await fetch(`${emu.url}/storage/v1/object/public/pub/p.txt?download=x.txt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('public!');
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="x.txt"');
    const priv = await fetch(`${emu.url}/storage/v1/object/public/docs/dup.txt`);
    expect(priv.status).toBe(400);
    expect(await priv.json()).toMatchObject({ statusCode: '404', code: 'NoSuchBucket' });
  });

  it('lists folders and files with prefix, search, sort and limit/offset', async () => {
    for (const name of ['l/b.txt', 'l/a.txt', 'l/sub/c.txt', 'l/sub/d.txt', 'l/Apple.txt']) {
      await api('POST', `/object/docs/${name}`, {
        body: name,
        headers: { 'content-type': 'text/plain' },
      });
    }
    const list = await api('POST', '/object/list/docs', {
      json: { prefix: 'l', limit: 100, offset: 0, sortBy: { column: 'name', order: 'asc' } },
    });
    expect(list.body.map((e: { name: string }) => e.name)).toEqual([
      'Apple.txt',
      'a.txt',
      'b.txt',
      'sub',
    ]);
    expect(list.body[3]).toEqual({
      name: 'sub',
      id: null,
      updated_at: null,
      created_at: null,
      last_accessed_at: null,
      metadata: null,
    });
    expect(list.body[0].metadata).toMatchObject({ size: 11, mimetype: 'text/plain' });
    const search = await api('POST', '/object/list/docs', {
      json: {
        prefix: 'l/',
        search: 'a',
        limit: 100,
        offset: 0,
        sortBy: { column: 'name', order: 'desc' },
      },
    });
    expect(search.body.map((e: { name: string }) => e.name)).toEqual(['a.txt', 'Apple.txt']);
    const page = await api('POST', '/object/list/docs', {
      json: { prefix: 'l', limit: 2, offset: 1, sortBy: { column: 'name', order: 'asc' } },
    });
    expect(page.body.map((e: { name: string }) => e.name)).toEqual(['a.txt', 'b.txt']);
  });

  it('lists v2 with a delimiter and a cursor', async () => {
    const first = await api('POST', '/object/list-v2/docs', {
      json: { prefix: 'l/', limit: 2, with_delimiter: true },
    });
    expect(first.body.hasNext).toBe(true);
    expect(first.body.objects.map((o: { key: string }) => o.key)).toEqual([
      'l/Apple.txt',
      'l/a.txt',
    ]);
    const next = await api('POST', '/object/list-v2/docs', {
      json: { prefix: 'l/', limit: 2, with_delimiter: true, cursor: first.body.nextCursor },
    });
    expect(next.body.objects.map((o: { key: string }) => o.key)).toEqual(['l/b.txt']);
    expect(next.body.folders).toEqual([{ name: 'sub/', key: 'l/sub/' }]);
    expect(next.body.hasNext).toBe(false);
  });

  it('moves and copies within and across buckets', async () => {
    await api('POST', '/object/docs/m/src.txt', {
      body: 'move me',
      headers: { 'content-type': 'text/plain' },
    });
    const moved = await api('POST', '/object/move', {
      json: { bucketId: 'docs', sourceKey: 'm/src.txt', destinationKey: 'm/dst.txt' },
    });
    expect(moved.body).toEqual({ message: 'Successfully moved' });
    expect((await api('GET', '/object/docs/m/src.txt')).body).toMatchObject({ code: 'NoSuchKey' });
    const across = await api('POST', '/object/move', {
      json: {
        bucketId: 'docs',
        sourceKey: 'm/dst.txt',
        destinationKey: 'x/moved.txt',
        destinationBucket: 'pub',
      },
    });
    expect(across.status).toBe(200);
    expect(new TextDecoder().decode((await api('GET', '/object/pub/x/moved.txt')).bytes)).toBe(
      'move me',
    );
    const copy = await api('POST', '/object/copy', {
      json: {
        bucketId: 'pub',
        sourceKey: 'x/moved.txt',
        destinationKey: 'copied.txt',
        destinationBucket: 'docs',
      },
    });
    expect(copy.body).toEqual({ Id: expect.any(String), Key: 'docs/copied.txt' });
    expect(new TextDecoder().decode((await api('GET', '/object/docs/copied.txt')).bytes)).toBe(
      'move me',
    );
    const clash = await api('POST', '/object/copy', {
      json: {
        bucketId: 'pub',
        sourceKey: 'x/moved.txt',
        destinationKey: 'copied.txt',
        destinationBucket: 'docs',
      },
    });
    expect(clash.body).toMatchObject({ statusCode: '409', code: 'KeyAlreadyExists' });
    const gone = await api('POST', '/object/move', {
      json: { bucketId: 'docs', sourceKey: 'no.txt', destinationKey: 'n2.txt' },
    });
    expect(gone.body).toMatchObject({ statusCode: '404', code: 'NoSuchKey' });
  });

  it.each(['../escape.txt', '/abs.txt', 'nul\u0000.txt', 'a//b'])(
    'refuses the hostile key %j in move and copy bodies (InvalidKey)',
    async (destinationKey) => {
      for (const route of ['/object/move', '/object/copy']) {
        const res = await api('POST', route, {
          json: { bucketId: 'docs', sourceKey: 'copied.txt', destinationKey },
        });
        expect(res.body).toMatchObject({ statusCode: '400', code: 'InvalidKey' });
      }
    },
  );

  it('removes many objects by prefixes and returns them', async () => {
    await api('POST', '/object/docs/r/1.txt', { body: '1' });
    await api('POST', '/object/docs/r/2.txt', { body: '2' });
    const removed = await api('DELETE', '/object/docs', {
      json: { prefixes: ['r/1.txt', 'r/2.txt', 'r/none.txt'] },
    });
    expect(removed.body.map((o: { name: string }) => o.name).sort()).toEqual([
      'r/1.txt',
      'r/2.txt',
    ]);
    expect((await api('GET', '/object/docs/r/1.txt')).body).toMatchObject({ code: 'NoSuchKey' });
  });

  it('signs download URLs (JWT) and refuses a token for another object', async () => {
    const signed = await api('POST', '/object/sign/docs/copied.txt', { json: { expiresIn: 60 } });
    expect(signed.body.signedURL).toMatch(
      /^\/object\/sign\/docs\/copied\.txt\?token=[\w-]+\.[\w-]+\.[\w-]+$/,
    );
    const res = await fetch(`${emu.url}/storage/v1${signed.body.signedURL}`);
    expect(await res.text()).toBe('move me');
    const token = new URL(`http://x${signed.body.signedURL}`).searchParams.get('token');
    const other = await fetch(`${emu.url}/storage/v1/object/sign/docs/form.pdf?token=${token}`);
    expect(await other.json()).toMatchObject({ statusCode: '400', code: 'InvalidSignature' });
    const many = await api('POST', '/object/sign/docs', {
      json: { expiresIn: 60, paths: ['copied.txt', 'nope.txt'] },
    });
    expect(many.body[0]).toMatchObject({
      error: null,
      path: 'copied.txt',
      signedURL: expect.stringContaining('token='),
    });
    expect(many.body[1]).toEqual({
      error: 'Either the object does not exist or you do not have access to it',
      path: 'nope.txt',
      signedURL: null,
    });
  });

  it('signs upload URLs and uploads with the token only', async () => {
    const signed = await api('POST', '/object/upload/sign/docs/signed/up.txt', { json: {} });
    expect(signed.body.url).toMatch(/^\/object\/upload\/sign\/docs\/signed\/up\.txt\?token=/);
    const res = await fetch(`${emu.url}/storage/v1${signed.body.url}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain', 'x-upsert': 'false' },
      body: 'via token',
    });
    expect(await res.json()).toMatchObject({ Key: 'docs/signed/up.txt' });
    expect(new TextDecoder().decode((await api('GET', '/object/docs/signed/up.txt')).bytes)).toBe(
      'via token',
    );
  });

  it('manages buckets: get, list, update, empty, delete (not while holding objects)', async () => {
    expect((await api('GET', '/bucket/docs')).body).toMatchObject({
      id: 'docs',
      name: 'docs',
      public: false,
    });
    expect((await api('GET', '/bucket?search=im')).body.map((b: { id: string }) => b.id)).toEqual([
      'imgs',
    ]);
    expect(
      (await api('POST', '/bucket', { json: { id: 'docs', name: 'docs' } })).body,
    ).toMatchObject({
      statusCode: '409',
      code: 'BucketAlreadyExists',
    });
    expect(
      (
        await api('PUT', '/bucket/imgs', {
          json: { id: 'imgs', public: true, file_size_limit: 1024 },
        })
      ).body,
    ).toEqual({
      message: 'Successfully updated',
    });
    expect((await api('GET', '/bucket/imgs')).body).toMatchObject({
      public: true,
      file_size_limit: 1024,
      allowed_mime_types: ['image/*'],
    });
    expect((await api('DELETE', '/bucket/imgs', { json: {} })).body).toMatchObject({
      statusCode: '409',
      error: 'Bucket not empty',
    });
    expect((await api('POST', '/bucket/imgs/empty', { json: {} })).body).toEqual({
      message: 'Successfully emptied',
    });
    expect((await api('DELETE', '/bucket/imgs', { json: {} })).body).toEqual({
      message: 'Successfully deleted',
    });
    expect((await api('GET', '/bucket/imgs')).body).toMatchObject({
      statusCode: '404',
      code: 'NoSuchBucket',
    });
  });
});
