import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { firstValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { createClient as createRx } from 'supabase-rx';
import { toResult } from 'supabase-rx/operators';
import {
  comparable,
  startRecordingServer,
  type Canned,
  type Recorded,
  type RecordingServer,
} from '../recording-server.js';

const KEY = 'anon-key-for-storage-conformance';

let server: RecordingServer;
let official: ReturnType<typeof createSupabaseJs>;
let rx: ReturnType<typeof createRx>;

beforeAll(async () => {
  server = await startRecordingServer();
  official = createSupabaseJs(server.url, KEY, {
    realtime: { transport: ws as never },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  rx = createRx(server.url, KEY);
});

afterAll(async () => {
  await server?.close();
});

type Official = ReturnType<ReturnType<typeof createSupabaseJs>['storage']['from']>;
type Mine = ReturnType<ReturnType<typeof createRx>['storage']['from']>;

/** One call made the same way on both clients. */
interface Call {
  answer: Canned;
  official: (files: Official) => Promise<{ data: unknown; error: unknown }>;
  rx: (files: Mine) => Observable<unknown>;
}

const json = (body: unknown): Canned => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Multipart boundaries are random: the same placeholder in both. */
function withoutBoundary(r: Recorded): Recorded {
  const type = r.headers['content-type'] ?? '';
  const m = /boundary=(.+)$/.exec(type);
  if (!m) return r;
  const boundary = m[1]!;
  return {
    ...r,
    headers: { ...r.headers, 'content-type': type.replace(boundary, '<b>') },
    body: r.body.split(boundary).join('<b>'),
  };
}

async function record<T>(send: () => Promise<T>): Promise<{ request: Recorded; result: T }> {
  server.requests.length = 0;
  const result = await send();
  expect(server.requests).toHaveLength(1);
  return { request: withoutBoundary(comparable(server.requests[0]!)), result };
}

async function comparableData(data: unknown): Promise<unknown> {
  return data instanceof Blob ? { blob: await data.text(), type: data.type } : data;
}

async function compare(call: Call, bucket = 'avatars'): Promise<void> {
  server.answer(call.answer);
  const a = await record(() => call.official(official.storage.from(bucket)));
  const b = await record(() => firstValueFrom(call.rx(rx.storage.from(bucket)).pipe(toResult())));
  expect(b.request).toEqual(a.request);
  expect(a.result.error).toBeNull();
  expect(b.result.error).toBeNull();
  expect(await comparableData(b.result.data)).toEqual(await comparableData(a.result.data));
}

const NAMES: Array<[string, string]> = [
  ['plain', 'plain.txt'],
  ['space', 'with space.txt'],
  ['unicode', 'héllo/世界 ü.txt'],
  ['percent', '100%.txt'],
  ['encoded percent', 'a%20b.txt'],
  ['hash', 'a#b.txt'],
  ['question mark', 'a?b=1.txt'],
  ['nested folders', 'a/b/c/d.txt'],
  ['slashes to clean', '/lead//double/trail/'],
  ['plus and ampersand', 'a+b&c=d.txt'],
];

const UPLOAD = json({ Id: 'id-1', Key: 'avatars/k' });
const meta = { owner: 'ü', n: [1, 2] };

const FILE_CALLS: Array<[string, (path: string) => Call]> = [
  [
    'upload string',
    (p) => ({
      answer: UPLOAD,
      official: (f) => f.upload(p, 'text body'),
      rx: (f) => f.upload(p, 'text body'),
    }),
  ],
  [
    'upload bytes with options',
    (p) => {
      const o = {
        contentType: 'image/png',
        cacheControl: '60',
        upsert: true,
        metadata: meta,
        contentEncoding: 'gzip',
      };
      return {
        answer: UPLOAD,
        official: (f) => f.upload(p, new Uint8Array([0, 1, 255]), o),
        rx: (f) => f.upload(p, new Uint8Array([0, 1, 255]), o),
      };
    },
  ],
  [
    'upload blob (multipart)',
    (p) => {
      const o = { cacheControl: '60', upsert: true, metadata: meta };
      const blob = () => new Blob(['<svg/>'], { type: 'image/svg+xml' });
      return {
        answer: UPLOAD,
        official: (f) => f.upload(p, blob(), o),
        rx: (f) => f.upload(p, blob(), o),
      };
    },
  ],
  [
    'upload form data',
    (p) => {
      const form = () => {
        const fd = new FormData();
        fd.append('metadata', '{"mine":1}');
        fd.append('file', new Blob(['x'], { type: 'text/csv' }), 'a.csv');
        return fd;
      };
      return {
        answer: UPLOAD,
        official: (f) => f.upload(p, form(), { metadata: meta }),
        rx: (f) => f.upload(p, form(), { metadata: meta }),
      };
    },
  ],
  [
    'upload with header overrides',
    (p) => {
      const o = {
        headers: { 'Content-Type': 'application/x-mine', 'X-Upsert': 'true', 'x-extra': '1' },
      };
      return {
        answer: UPLOAD,
        official: (f) => f.upload(p, 'a', o),
        rx: (f) => f.upload(p, 'a', o),
      };
    },
  ],
  [
    'update',
    (p) => ({
      answer: UPLOAD,
      official: (f) => f.update(p, 'new', { contentType: 'text/markdown' }),
      rx: (f) => f.update(p, 'new', { contentType: 'text/markdown' }),
    }),
  ],
  [
    'upload to signed url',
    (p) => ({
      answer: json({ Key: 'avatars/k' }),
      official: (f) => f.uploadToSignedUrl(p, 'tok en', 'body', { upsert: true }),
      rx: (f) => f.uploadToSignedUrl(p, 'tok en', 'body', { upsert: true }),
    }),
  ],
  [
    'create signed upload url',
    (p) => ({
      answer: json({ url: '/object/upload/sign/avatars/x?token=jwt' }),
      official: (f) => f.createSignedUploadUrl(p, { upsert: true }),
      rx: (f) => f.createSignedUploadUrl(p, { upsert: true }),
    }),
  ],
  [
    'download',
    (p) => ({
      answer: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'bytes' },
      official: (f) => f.download(p),
      rx: (f) => f.download(p),
    }),
  ],
  [
    'download transformed',
    (p) => {
      const o = {
        transform: {
          width: 64,
          height: 32,
          resize: 'cover' as const,
          format: 'origin' as const,
          quality: 80,
        },
        cacheNonce: '7',
      };
      return {
        answer: { status: 200, headers: { 'content-type': 'image/png' }, body: 'png' },
        official: (f) => f.download(p, o),
        rx: (f) => f.download(p, o),
      };
    },
  ],
  [
    'info',
    (p) => ({
      answer: json({
        id: 'i',
        bucket_id: 'avatars',
        created_at: 't',
        cache_control: 'max-age=1',
        metadata: { last_modified: 'x' },
      }),
      official: (f) => f.info(p),
      rx: (f) => f.info(p),
    }),
  ],
  [
    'exists',
    (p) => ({ answer: json({ id: 'i' }), official: (f) => f.exists(p), rx: (f) => f.exists(p) }),
  ],
  [
    'create signed url',
    (p) => ({
      answer: json({ signedURL: `/object/sign/avatars/${p}?token=jwt` }),
      official: (f) => f.createSignedUrl(p, 60),
      rx: (f) => f.createSignedUrl(p, 60),
    }),
  ],
  [
    'create signed url with download name and transform',
    (p) => {
      const o = { download: 'my file ü.txt', transform: { width: 10 }, cacheNonce: 'n' };
      return {
        answer: json({ signedURL: '/render/image/sign/avatars/x?token=jwt' }),
        official: (f) => f.createSignedUrl(p, 60, o),
        rx: (f) => f.createSignedUrl(p, 60, o),
      };
    },
  ],
  [
    'create signed urls',
    (p) => ({
      answer: json([
        { path: p, signedURL: `/object/sign/avatars/${p}?token=a`, error: null },
        {
          path: 'missing',
          signedURL: null,
          error: 'Either the object does not exist or you do not have access to it',
        },
      ]),
      official: (f) => f.createSignedUrls([p, 'missing'], 30, { download: true }),
      rx: (f) => f.createSignedUrls([p, 'missing'], 30, { download: true }),
    }),
  ],
  ['list', (p) => ({ answer: json([]), official: (f) => f.list(p), rx: (f) => f.list(p) })],
  [
    'list with options',
    (p) => {
      const o = { limit: 5, offset: 10, search: 'ü', sortBy: { column: 'created_at' } };
      return { answer: json([]), official: (f) => f.list(p, o), rx: (f) => f.list(p, o) };
    },
  ],
  [
    'remove',
    (p) => ({
      answer: json([]),
      official: (f) => f.remove([p, 'other.png']),
      rx: (f) => f.remove([p, 'other.png']),
    }),
  ],
  [
    'move',
    (p) => ({
      answer: json({ message: 'Successfully moved' }),
      official: (f) => f.move(p, `moved/${p}`, { destinationBucket: 'b2' }),
      rx: (f) => f.move(p, `moved/${p}`, { destinationBucket: 'b2' }),
    }),
  ],
  [
    'copy',
    (p) => ({
      answer: json({ Key: 'avatars/copied' }),
      official: (f) =>
        f.copy(p, `copy ${p}`, { copyMetadata: false, metadata: { mimetype: 'a/b' } }),
      rx: (f) => f.copy(p, `copy ${p}`, { copyMetadata: false, metadata: { mimetype: 'a/b' } }),
    }),
  ],
];

describe('storage file calls send what storage-js 2.119 sends, over awkward names', () => {
  const table = NAMES.flatMap(([label, path]) =>
    FILE_CALLS.map(([call, make]) => [`${call}: ${label}`, path, make] as const),
  );
  it.each(table)('%s', async (_label, path, make) => {
    await compare(make(path));
  });

  it.each(NAMES)('getPublicUrl: %s', (_label, path) => {
    const options = [
      undefined,
      { download: true },
      {
        download: 'a b.txt',
        transform: { width: 100, quality: 50 },
        cacheNonce: '3',
        versionId: 'v',
      },
    ];
    for (const o of options) {
      expect(rx.storage.from('avatars').getPublicUrl(path, o)).toEqual(
        official.storage.from('avatars').getPublicUrl(path, o),
      );
    }
  });
});

describe('storage bucket calls send what storage-js 2.119 sends', () => {
  type BucketCall = [
    string,
    Canned,
    (c: typeof official.storage) => Promise<{ data: unknown; error: unknown }>,
    (c: typeof rx.storage) => Observable<unknown>,
  ];
  const ok = json({ message: 'ok' });
  const calls: BucketCall[] = [
    ['listBuckets', json([]), (c) => c.listBuckets(), (c) => c.listBuckets()],
    [
      'listBuckets with options',
      json([]),
      (c) =>
        c.listBuckets({
          limit: 0,
          offset: 5,
          search: 'a b',
          sortColumn: 'name',
          sortOrder: 'desc',
        }),
      (c) =>
        c.listBuckets({
          limit: 0,
          offset: 5,
          search: 'a b',
          sortColumn: 'name',
          sortOrder: 'desc',
        }),
    ],
    [
      'getBucket',
      json({ id: 'b' }),
      (c) => c.getBucket('my bucket'),
      (c) => c.getBucket('my bucket'),
    ],
    ['createBucket', json({ name: 'b' }), (c) => c.createBucket('b'), (c) => c.createBucket('b')],
    [
      'createBucket with options',
      json({ name: 'b' }),
      (c) =>
        c.createBucket('b ü', {
          public: true,
          fileSizeLimit: '1MB',
          allowedMimeTypes: ['image/*'],
          type: 'STANDARD',
        }),
      (c) =>
        c.createBucket('b ü', {
          public: true,
          fileSizeLimit: '1MB',
          allowedMimeTypes: ['image/*'],
          type: 'STANDARD',
        }),
    ],
    [
      'updateBucket',
      ok,
      (c) =>
        c.updateBucket('b', {
          public: false,
          fileSizeLimit: 1024,
          allowedMimeTypes: null as never,
        }),
      (c) => c.updateBucket('b', { public: false, fileSizeLimit: 1024, allowedMimeTypes: null }),
    ],
    ['emptyBucket', ok, (c) => c.emptyBucket('b'), (c) => c.emptyBucket('b')],
    ['deleteBucket', ok, (c) => c.deleteBucket('b'), (c) => c.deleteBucket('b')],
  ];
  it.each(calls)('%s', async (_label, answer, viaOfficial, viaRx) => {
    server.answer(answer);
    const a = await record(() => viaOfficial(official.storage));
    const b = await record(() => firstValueFrom(viaRx(rx.storage).pipe(toResult())));
    expect(b.request).toEqual(a.request);
    expect(b.result.data).toEqual(a.result.data);
  });
});

describe('storage errors are the errors storage-js builds', () => {
  const answers: Canned[] = [
    {
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"statusCode":"404","code":"NoSuchKey","error":"not_found","message":"Object not found"}',
    },
    {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"statusCode":"409","error":"Duplicate","message":"The resource already exists"}',
    },
    {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"code":"InvalidKey","msg":"Invalid key: a"}',
    },
    {
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"error":{"message":"nested"}}',
    },
    { status: 413, statusText: 'Payload Too Large', body: 'not json' },
    { status: 502, statusText: '', body: '' },
  ];
  it.each(answers.map((a) => [a.status, a.body, a] as const))('%s %s', async (_s, _b, answer) => {
    server.answer(answer);
    const viaOfficial = [
      await official.storage.from('a').download('x'),
      await official.storage.from('a').info('x'),
      await official.storage.getBucket('a'),
    ];
    const viaRx = [
      await firstValueFrom(rx.storage.from('a').download('x').pipe(toResult())),
      await firstValueFrom(rx.storage.from('a').info('x').pipe(toResult())),
      await firstValueFrom(rx.storage.getBucket('a').pipe(toResult())),
    ];
    for (const [i, a] of viaOfficial.entries()) {
      const ea = a.error as unknown as { toJSON(): unknown; name: string };
      const eb = viaRx[i]!.error as unknown as { toJSON(): unknown; name: string };
      expect(eb.name).toBe(ea.name);
      expect(eb.toJSON()).toEqual(ea.toJSON());
    }
  });

  it('exists: NoSuchKey and a bare 404 are false in both', async () => {
    for (const answer of [
      {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: '{"statusCode":"404","code":"NoSuchKey","message":"Object not found"}',
      },
      { status: 404, body: 'nope' },
    ]) {
      server.answer(answer);
      const a = await official.storage.from('a').exists('x');
      const b = await firstValueFrom(rx.storage.from('a').exists('x').pipe(toResult()));
      expect([a.data, b.data]).toEqual([false, false]);
    }
  });

  it('a refused connection is a StorageUnknownError in both', async () => {
    const dead = 'http://127.0.0.1:1';
    const a = await createSupabaseJs(dead, KEY, {
      realtime: { transport: ws as never },
      auth: { persistSession: false },
    }).storage.getBucket('a');
    const b = await firstValueFrom(createRx(dead, KEY).storage.getBucket('a').pipe(toResult()));
    expect([b.error?.name, b.error?.message]).toEqual([a.error?.name, a.error?.message]);
  });
});
