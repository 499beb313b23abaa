import { describe, expect, it } from 'vitest';
import { isValidBucketName, isValidKey } from '../../src/storage/keys.js';
import { folderOf, listFolder, listV2, type ListedObject } from '../../src/storage/list.js';
import { mimeAllowed, mimeOf } from '../../src/storage/mime.js';
import { objectTarget } from '../../src/storage/paths.js';
import { readStorageSettings } from '../../src/storage/settings.js';
import { parseSize } from '../../src/storage/size.js';
import { StorageHttpError } from '../../src/storage/errors.js';
import { bucketFolder } from '../../src/storage/disk-byte-store.js';
import { byteRange } from '../../src/storage/serve.js';

describe('object keys as Storage checks them', () => {
  it.each([
    ['a.png', true],
    ['folder/sub/a b.png', true],
    ["!-_.*'() &$@=;:+,?", true],
    ['ünïcødé/файл.txt', true],
    ['../etc/passwd', false],
    ['a/../b', false],
    ['a/./b', false],
    ['..', false],
    ['/absolute', false],
    ['a//b', false],
    ['a/', false],
    ['', false],
    ['a\0b', false],
    ['a\nb', false],
    ['a\\b', false],
    ['100%', false],
    ['a#b', false],
    ['x'.repeat(1025), false],
  ])('%j → %s', (key, ok) => {
    expect(isValidKey(key)).toBe(ok);
  });

  it.each([
    ['avatars', true],
    ['my bucket', true],
    ['a/b', false],
    ['..', false],
    ['', false],
    ['a\0', false],
  ])('bucket %j → %s', (name, ok) => {
    expect(isValidBucketName(name)).toBe(ok);
  });
});

describe('path resolution from the request URL', () => {
  it.each([
    ['/storage/v1/object/avatars/a%20b.png', { bucket: 'avatars', key: 'a b.png' }],
    ['/storage/v1/object/avatars/f/%C3%BC.png', { bucket: 'avatars', key: 'f/ü.png' }],
    ['/storage/v1/object/avatars', { bucket: 'avatars', key: '' }],
  ])('%s → %j', (path, target) => {
    expect(objectTarget(path, '/object/')).toEqual(target);
  });

  it.each([
    '/storage/v1/object/b/%2e%2e/x',
    '/storage/v1/object/b/%2E%2E%2Fx',
    '/storage/v1/object/b/a%00b',
    '/storage/v1/object/b//etc/passwd',
    '/storage/v1/object/b/%2Fetc%2Fpasswd',
    '/storage/v1/object/b/%E0%A4%A',
    '/storage/v1/object/b/..%5Cx',
  ])('refuses %s with InvalidKey', (path) => {
    try {
      objectTarget(path, '/object/');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StorageHttpError);
      expect((error as StorageHttpError).code).toBe('InvalidKey');
    }
  });

  it('refuses a dot-dot bucket', () => {
    expect(() => objectTarget('/storage/v1/object/%2e%2e/x', '/object/')).toThrow(
      /Bucket name invalid/,
    );
  });

  it('names bucket folders in hex only', () => {
    expect(bucketFolder('../x')).toBe('b-2e2e2f78');
  });
});

describe('MIME types and wildcards', () => {
  it.each([
    ['image/png', ['image/*'], true],
    ['IMAGE/PNG', ['image/png'], true],
    ['text/plain;charset=UTF-8', ['text/plain'], true],
    ['text/plain', ['image/*'], false],
    ['application/json', ['*/*'], true],
    ['application/json', ['*/json'], true],
    ['anything', null, true],
    ['anything/x', [], true],
    ['garbage', ['image/*'], false],
  ])('%s allowed by %j → %s', (type, allowed, ok) => {
    expect(mimeAllowed(type, allowed)).toBe(ok);
  });

  it('strips parameters', () => {
    expect(mimeOf('Text/Plain; charset=utf-8')).toBe('text/plain');
  });
});

describe('sizes', () => {
  it.each([
    ['50MiB', 52428800],
    ['1MB', 1000000],
    ['100 kb', 100000],
    ['10B', 10],
    ['7', 7],
    [1024, 1024],
    ['1.5GiB', 1610612736],
    ['lots', undefined],
    [-1, undefined],
  ])('%j → %s', (value, bytes) => {
    expect(parseSize(value)).toBe(bytes);
  });
});

describe('[storage] settings', () => {
  it('reads file_size_limit and declared buckets', () => {
    expect(
      readStorageSettings({
        storage: {
          file_size_limit: '1MiB',
          buckets: {
            avatars: { public: true, file_size_limit: '10KiB', allowed_mime_types: ['image/*'] },
            docs: {},
          },
        },
      }),
    ).toEqual({
      fileSizeLimit: 1048576,
      buckets: [
        { id: 'avatars', public: true, fileSizeLimit: 10240, allowedMimeTypes: ['image/*'] },
        { id: 'docs', public: false, fileSizeLimit: null, allowedMimeTypes: null },
      ],
    });
  });

  it('defaults to the CLI’s 50MiB and names a bad setting', () => {
    expect(readStorageSettings({}).fileSizeLimit).toBe(50 * 1024 * 1024);
    expect(() => readStorageSettings({ storage: { file_size_limit: 'huge' } })).toThrow(
      /file_size_limit/,
    );
    expect(() =>
      readStorageSettings({ storage: { buckets: { x: { allowed_mime_types: 'a' } } } }),
    ).toThrow(/storage\.buckets\.x/);
  });
});

const obj = (name: string, t = '2026-01-01T00:00:00.000Z'): ListedObject => ({
  name,
  id: name,
  updated_at: t,
  created_at: t,
  last_accessed_at: t,
  metadata: {},
});

describe('list', () => {
  const objects = [
    obj('a/x.txt'),
    obj('a/b/y.txt'),
    obj('a/b/z.txt'),
    obj('top.txt'),
    obj('ab/q.txt'),
  ];
  const base = { limit: 100, offset: 0, search: '', sortBy: { column: 'name', order: 'asc' } };

  it('looks into the folder the prefix names', () => {
    expect(folderOf('a')).toBe('a/');
    expect(folderOf('')).toBe('');
    expect(listFolder(objects, { ...base, prefix: 'a' }).map((e) => [e.name, e.id])).toEqual([
      ['b', null],
      ['x.txt', 'a/x.txt'],
    ]);
    expect(listFolder(objects, { ...base, prefix: '' }).map((e) => e.name)).toEqual([
      'a',
      'ab',
      'top.txt',
    ]);
  });

  it('searches, sorts descending, pages', () => {
    expect(listFolder(objects, { ...base, prefix: '', search: 'A' }).map((e) => e.name)).toEqual([
      'a',
      'ab',
    ]);
    expect(
      listFolder(objects, {
        ...base,
        prefix: '',
        sortBy: { column: 'name', order: 'desc' },
        offset: 1,
        limit: 1,
      }).map((e) => e.name),
    ).toEqual(['ab']);
  });

  it('v2 lists recursively without a delimiter', () => {
    const res = listV2(objects, {
      prefix: 'a/',
      limit: 10,
      withDelimiter: false,
      sortBy: base.sortBy,
    });
    expect(res.objects.map((o) => o.name)).toEqual(['a/b/y.txt', 'a/b/z.txt', 'a/x.txt']);
    expect(res.folders).toEqual([]);
    expect(res.hasNext).toBe(false);
  });
});

describe('Range headers', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-1000', { start: 0, end: 99 }],
    ['bytes=50-1000', { start: 50, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=9-3', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
    [undefined, undefined],
  ])('%s of 100 bytes → %j', (header, expected) => {
    expect(byteRange(header, 100)).toEqual(expected);
  });
});
