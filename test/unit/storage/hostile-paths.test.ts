import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SupabaseRxInputError } from '../../../src/http/supabase-rx-error.js';
import { StorageClient } from '../../../src/storage/index.js';
import { listV2Request } from '../../../src/storage/file-requests.js';
import { purgeCacheRequest } from '../../../src/storage/purge-requests.js';

/** A client whose fetch records every URL it is asked for and answers `{}`. */
function recording() {
  const urls: string[] = [];
  const fetch = (async (url: string) => {
    urls.push(String(url));
    return new Response(
      '{"Key":"b/k","Id":"i","url":"/object/upload/sign/b/k?token=t","signedURL":"/x"}',
      {
        headers: { 'content-type': 'application/json' },
      },
    );
  }) as unknown as typeof globalThis.fetch;
  return { urls, files: new StorageClient('http://s.test/storage/v1', { fetch }).from('b') };
}

type Files = ReturnType<typeof recording>['files'];
const CALLS: Array<[string, (f: Files, p: string) => unknown]> = [
  ['upload', (f, p) => f.upload(p, 'x')],
  ['update', (f, p) => f.update(p, 'x')],
  ['uploadToSignedUrl', (f, p) => f.uploadToSignedUrl(p, 't', 'x')],
  ['createSignedUploadUrl', (f, p) => f.createSignedUploadUrl(p)],
  ['download', (f, p) => f.download(p)],
  ['info', (f, p) => f.info(p)],
  ['exists', (f, p) => f.exists(p)],
  ['move (from)', (f, p) => f.move(p, 'ok.txt')],
  ['move (to)', (f, p) => f.move('ok.txt', p)],
  ['copy (from)', (f, p) => f.copy(p, 'ok.txt')],
  ['copy (to)', (f, p) => f.copy('ok.txt', p)],
  ['remove', (f, p) => f.remove([p])],
  ['createSignedUrl', (f, p) => f.createSignedUrl(p, 60)],
  ['createSignedUrls', (f, p) => f.createSignedUrls([p], 60)],
  ['getPublicUrl', (f, p) => f.getPublicUrl(p)],
  ['purgeCache', (f, p) => f.purgeCache(p)],
];

const HOSTILE = [
  '../etc/passwd',
  '/../etc/passwd',
  '//../../x',
  'a/../../b',
  '%2e%2e/x',
  '%2E%2e/%2e%2E/x',
  'a/./b',
  'a\u0000.png',
  '/etc/passwd\u0000.png',
  'a\u001fb',
  '',
  '/',
];

describe('hostile object paths are refused by every call before anything is sent', () => {
  const table = CALLS.flatMap(([name, call]) => HOSTILE.map((p) => [name, p, call] as const));
  it.each(table)('%s(%j) throws a SupabaseRxInputError at once', (_name, path, call) => {
    const { urls, files } = recording();
    expect(() => call(files, path)).toThrow(SupabaseRxInputError);
    expect(urls).toEqual([]);
  });
});

describe('a leading "/" is not an absolute path: it is dropped, as storage-js drops it', () => {
  it.each([
    [
      'upload',
      (f: Files) => f.upload('/etc/passwd', 'x'),
      'http://s.test/storage/v1/object/b/etc/passwd',
    ],
    [
      'download',
      (f: Files) => f.download('//etc/passwd'),
      'http://s.test/storage/v1/object/b/etc/passwd',
    ],
    [
      'info',
      (f: Files) => f.info('/etc/passwd'),
      'http://s.test/storage/v1/object/info/b/etc/passwd',
    ],
    [
      'purgeCache',
      (f: Files) => f.purgeCache('/etc/passwd'),
      'http://s.test/storage/v1/cdn/b/etc/passwd',
    ],
  ])('%s sends the key inside the bucket', async (_name, call, url) => {
    const { urls, files } = recording();
    await firstValueFrom(call(files) as never).catch(() => undefined);
    expect(urls).toEqual([url]);
  });

  it('getPublicUrl of "/a.png" is the public URL of "a.png"', () => {
    const { files } = recording();
    expect(files.getPublicUrl('/a.png')).toEqual(files.getPublicUrl('a.png'));
  });
});

describe('listV2 and purge request builders', () => {
  const ctx = { url: 'http://s.test/storage/v1', headers: { apikey: 'k' }, bucketId: 'b' };
  it.each([
    [undefined, '{}'],
    [{ prefix: 'a/', with_delimiter: true }, '{"prefix":"a/","with_delimiter":true}'],
    [{ limit: 1, cursor: 'c' }, '{"limit":1,"cursor":"c"}'],
  ])('listV2Request(%j) posts %s to /object/list-v2/<bucket>', (options, body) => {
    const req = listV2Request(ctx, options);
    expect([req.method, req.url, req.body]).toEqual([
      'POST',
      'http://s.test/storage/v1/object/list-v2/b',
      body,
    ]);
    expect(req.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['b/a b.png', undefined, 'http://s.test/storage/v1/cdn/b/a%20b.png'],
    ['b/100%/#?.png', undefined, 'http://s.test/storage/v1/cdn/b/100%25/%23%3F.png'],
    ['b', { transformations: true }, 'http://s.test/storage/v1/cdn/b?transformations=true'],
  ])('purgeCacheRequest(%j, %j): DELETE %s with a {} body', (target, options, url) => {
    const req = purgeCacheRequest(ctx, target, options);
    expect([req.method, req.url, req.body]).toEqual(['DELETE', url, '{}']);
  });
});
