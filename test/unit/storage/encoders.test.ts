import { describe, expect, it } from 'vitest';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { listBucketsRequest, createBucketRequest } from '../../../src/storage/bucket-requests.js';
import { toCamel } from '../../../src/storage/camel.js';
import { StorageApiError } from '../../../src/storage/errors.js';
import {
  downloadRequest,
  listRequest,
  type BucketContext,
} from '../../../src/storage/file-requests.js';
import { apiErrorOf, errorMessageOf } from '../../../src/storage/parse-error.js';
import { assertObjectPath, cleanPath, finalPath } from '../../../src/storage/paths.js';
import { setHeader } from '../../../src/storage/request.js';
import { bodySize, utf8Base64 } from '../../../src/storage/upload-body.js';
import { uploadRequest } from '../../../src/storage/upload-request.js';
import { publicUrlOf, signedUrlOf } from '../../../src/storage/urls.js';

const URL_ = 'http://s.test/storage/v1';
const ctx: BucketContext = { url: URL_, headers: { apikey: 'k' }, bucketId: 'avatars' };

describe('paths', () => {
  it.each([
    ['/folder//a.png/', 'folder/a.png'],
    ['a.png', 'a.png'],
    ['//a//b', '/a/b'],
    ['a/b/', 'a/b'],
  ])('cleanPath(%j) = %j', (input, out) => expect(cleanPath(input)).toBe(out));

  it.each([
    ['a b.png', 'avatars/a b.png'],
    ['///x', 'avatars/x'],
    ['x/', 'avatars/x/'],
  ])('finalPath(avatars, %j) = %j', (input, out) => expect(finalPath('avatars', input)).toBe(out));

  it.each(['a.png', 'a/b/c.png', '/lead.png', 'with space ü #?%.txt', '...', 'a..b', '.hidden'])(
    'accepts %j',
    (path) => expect(() => assertObjectPath(path, 'upload()')).not.toThrow(),
  );

  it.each([
    ['', /must name a file/],
    ['///', /must name a file/],
    ['../etc/passwd', /"\.\." segment/],
    ['a/../../b', /"\.\." segment/],
    ['%2e%2e/x', /"%2e%2e" segment/],
    ['a/%2E/b', /"%2E" segment/],
    ['./a', /"\." segment/],
    ['a\u0000.png', /control character/],
    ['a\nb', /control character/],
    [42, /must be a string/],
  ])('refuses %j before sending', (path, message) => {
    expect(() => assertObjectPath(path, 'upload()')).toThrow(SupabaseRxInputError);
    expect(() => assertObjectPath(path, 'upload()')).toThrow(message);
  });
});

describe('query and body building', () => {
  it.each([
    [undefined, ''],
    [{}, ''],
    [{ limit: 0 }, '?limit=0'],
    [
      {
        limit: 10,
        offset: 5,
        search: 'a b',
        sortColumn: 'name' as const,
        sortOrder: 'desc' as const,
      },
      '?limit=10&offset=5&search=a+b&sortColumn=name&sortOrder=desc',
    ],
    [{ search: '' }, ''],
  ])('listBuckets(%j) → %j', (options, query) => {
    expect(listBucketsRequest(ctx, options).url).toBe(`${URL_}/bucket${query}`);
  });

  it.each([
    [
      undefined,
      undefined,
      '{"limit":100,"offset":0,"sortBy":{"column":"name","order":"asc"},"prefix":""}',
    ],
    [
      'f',
      { limit: 5 },
      '{"limit":5,"offset":0,"sortBy":{"column":"name","order":"asc"},"prefix":"f"}',
    ],
    [
      'f',
      { sortBy: { order: 'desc' } },
      '{"limit":100,"offset":0,"sortBy":{"column":"name","order":"desc"},"prefix":"f"}',
    ],
    [
      '',
      { search: 'x', exactMatch: true },
      '{"limit":100,"offset":0,"sortBy":{"column":"name","order":"asc"},"search":"x","exactMatch":true,"prefix":""}',
    ],
  ])('list(%j, %j) body', (path, options, body) => {
    const req = listRequest(ctx, path, options);
    expect([req.method, req.url, req.body, req.headers['content-type']]).toEqual([
      'POST',
      `${URL_}/object/list/avatars`,
      body,
      'application/json',
    ]);
  });

  it.each([
    [undefined, '{"id":"b","name":"b","public":false}'],
    [
      { public: true, fileSizeLimit: '1MB', allowedMimeTypes: ['image/*'] },
      '{"id":"b","name":"b","public":true,"file_size_limit":"1MB","allowed_mime_types":["image/*"]}',
    ],
  ])('createBucket(b, %j) body', (options, body) => {
    expect(createBucketRequest(ctx, 'b', options).body).toBe(body);
  });

  it.each([
    [undefined, `${URL_}/object/avatars/a.png`],
    [{ transform: {} }, `${URL_}/object/avatars/a.png`],
    [
      { transform: { width: 1, quality: 0 }, versionId: 'v' },
      `${URL_}/render/image/authenticated/avatars/a.png?width=1&versionId=v`,
    ],
    [{ cacheNonce: 3 }, `${URL_}/object/avatars/a.png?cacheNonce=3`],
  ])('download(a.png, %j) → %s', (options, url) => {
    expect(downloadRequest(ctx, 'a.png', options).url).toBe(url);
  });

  it('public and signed URLs are encodeURI-ed, with storage-js query order', () => {
    expect(publicUrlOf(URL_, 'avatars/a b#?.png')).toBe(
      `${URL_}/object/public/avatars/a%20b#?.png`,
    );
    expect(
      publicUrlOf(URL_, 'avatars/ü.png', {
        download: 'x y',
        transform: { width: 5 },
        cacheNonce: 1,
      }),
    ).toBe(`${URL_}/render/image/public/avatars/%C3%BC.png?download=x+y&width=5&cacheNonce=1`);
    expect(signedUrlOf(URL_, '/object/sign/a/b c?token=t', { download: true })).toBe(
      `${URL_}/object/sign/a/b%20c?token=t&download=`,
    );
  });
});

describe('option → header mapping of uploads', () => {
  const headersOf = (
    ...args: Parameters<typeof uploadRequest> extends [unknown, ...infer R] ? R : never
  ) => uploadRequest(ctx, ...args).req.headers;

  it.each([
    [
      'POST raw, defaults',
      { method: 'POST' as const },
      'x',
      undefined,
      {
        apikey: 'k',
        'x-upsert': 'false',
        'cache-control': 'max-age=3600',
        'content-type': 'text/plain;charset=UTF-8',
      },
    ],
    [
      'POST raw, every option',
      { method: 'POST' as const },
      new Uint8Array(1),
      {
        upsert: true,
        cacheControl: '60',
        contentType: 'image/png',
        contentEncoding: 'br',
        metadata: { a: 'ü' },
      },
      {
        apikey: 'k',
        'x-upsert': 'true',
        'cache-control': 'max-age=60',
        'content-type': 'image/png',
        'content-encoding': 'br',
        'x-metadata': utf8Base64('{"a":"ü"}'),
      },
    ],
    [
      'PUT raw: no x-upsert',
      { method: 'PUT' as const },
      'x',
      { upsert: true },
      { apikey: 'k', 'cache-control': 'max-age=3600', 'content-type': 'text/plain;charset=UTF-8' },
    ],
    [
      'signed PUT: x-upsert',
      { method: 'PUT' as const, token: 't' },
      'x',
      undefined,
      {
        apikey: 'k',
        'x-upsert': 'false',
        'cache-control': 'max-age=3600',
        'content-type': 'text/plain;charset=UTF-8',
      },
    ],
    [
      'Blob: x-upsert only',
      { method: 'POST' as const },
      new Blob(['x']),
      { contentType: 'ignored' },
      { apikey: 'k', 'x-upsert': 'false' },
    ],
    [
      'headers last, case-insensitive',
      { method: 'POST' as const },
      'x',
      { headers: { 'Content-Type': 'a/b', 'X-UPSERT': 'true' } },
      { apikey: 'k', 'x-upsert': 'true', 'cache-control': 'max-age=3600', 'content-type': 'a/b' },
    ],
  ])('%s', (_label, kind, body, options, headers) => {
    expect(headersOf(kind, 'a.png', body, options)).toEqual(headers);
  });

  it('multipart fields: string fields, cacheControl, metadata, contentEncoding, then files', () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    form.append('cacheControl', '5');
    const body = uploadRequest(ctx, { method: 'POST' }, 'a', form, {
      metadata: { m: 1 },
      contentEncoding: 'gzip',
    }).req.body as FormData;
    expect([...body.keys()]).toEqual(['cacheControl', 'metadata', 'contentEncoding', 'file']);
    expect(body.get('cacheControl')).toBe('5');
    const bare = uploadRequest(ctx, { method: 'POST' }, 'a', new Blob(['y']), {}).req
      .body as FormData;
    expect([...bare.keys()]).toEqual(['cacheControl', '']);
  });

  it('the signed upload URL carries the token, form-encoded', () => {
    expect(uploadRequest(ctx, { method: 'PUT', token: 'a b+c' }, '/x y/', 'b').req.url).toBe(
      `${URL_}/object/upload/sign/avatars/x%20y?token=a+b%2Bc`,
    );
  });

  it.each([
    ['héllo', 6],
    [new ArrayBuffer(3), 3],
    [new Uint16Array(4), 8],
    [new Blob(['abc']), 3],
    [new URLSearchParams({ a: 'b c' }), 5],
    [new FormData(), undefined],
    [new ReadableStream(), undefined],
  ])('bodySize(%s) = %s', (body, size) => expect(bodySize(body)).toBe(size));

  it('setHeader replaces a name case-insensitively, stored lower-cased', () => {
    expect(setHeader({ 'Content-Type': 'a', x: '1' }, 'CONTENT-TYPE', 'b')).toEqual({
      x: '1',
      'content-type': 'b',
    });
  });
});

describe('error parsing', () => {
  it.each([
    [
      404,
      'Not Found',
      '{"statusCode":"404","code":"NoSuchKey","error":"not_found","message":"Object not found"}',
      {
        message: 'Object not found',
        status: 404,
        statusCode: '404',
        code: 'NoSuchKey',
        error: 'not_found',
      },
    ],
    [
      400,
      'Bad Request',
      '{"statusCode":"409","error":"Duplicate","message":"The resource already exists"}',
      {
        message: 'The resource already exists',
        status: 400,
        statusCode: '409',
        code: '',
        error: 'Duplicate',
      },
    ],
    [
      400,
      '',
      '{"code":"InvalidKey","msg":"bad key"}',
      {
        message: 'bad key',
        status: 400,
        statusCode: 'InvalidKey',
        code: 'InvalidKey',
        error: undefined,
      },
    ],
    [
      401,
      '',
      '{"error_description":"expired"}',
      { message: 'expired', status: 401, statusCode: '401', code: '', error: undefined },
    ],
    [
      500,
      '',
      '{"error":{"message":"deep"}}',
      { message: 'deep', status: 500, statusCode: '500', code: '', error: undefined },
    ],
    [
      500,
      '',
      '{"other":1}',
      { message: '{"other":1}', status: 500, statusCode: '500', code: '', error: undefined },
    ],
    [
      413,
      'Payload Too Large',
      '<html>',
      { message: 'Payload Too Large', status: 413, statusCode: '413', code: '', error: undefined },
    ],
    [
      502,
      '',
      '',
      { message: 'HTTP 502 error', status: 502, statusCode: '502', code: '', error: undefined },
    ],
  ])('%s %s %s', (status, statusText, body, expected) => {
    const e = apiErrorOf(status, statusText, body);
    expect(e).toBeInstanceOf(StorageApiError);
    expect(e.name).toBe('StorageApiError');
    expect({
      message: e.message,
      status: e.status,
      statusCode: e.statusCode,
      code: e.code,
      error: e.error,
    }).toEqual(expected);
  });

  it('errorMessageOf falls back to the JSON text', () => {
    expect(errorMessageOf(null)).toBe('null');
    expect(errorMessageOf([1])).toBe('[1]');
  });
});

describe('info() keys', () => {
  it('camel-cases deeply, arrays included', () => {
    expect(
      toCamel({
        bucket_id: 'a',
        'cache-control': 'x',
        metadata: { last_modified: 1, list: [{ a_b: 2 }] },
        n: null,
      }),
    ).toEqual({
      bucketId: 'a',
      cacheControl: 'x',
      metadata: { lastModified: 1, list: [{ aB: 2 }] },
      n: null,
    });
  });
});
