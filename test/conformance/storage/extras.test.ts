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
  type RecordingServer,
} from '../recording-server.js';

// listV2, purgeCache, purgeBucketCache, setHeader and throwOnError (storage-js 2.119) send the
// same requests from both clients.

const KEY = 'anon-key-for-storage-extras';
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

const json = (body: unknown): Canned => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

type OfficialStorage = typeof official.storage;
type RxStorage = typeof rx.storage;

interface Pair {
  answer: Canned;
  official: (s: OfficialStorage) => Promise<{ data: unknown; error: unknown }>;
  rx: (s: RxStorage) => Observable<unknown>;
}

async function compare(pair: Pair): Promise<void> {
  server.answer(pair.answer);
  server.requests.length = 0;
  const a = await pair.official(official.storage);
  expect(server.requests).toHaveLength(1);
  const reqA = comparable(server.requests[0]!);
  server.requests.length = 0;
  const b = await firstValueFrom(pair.rx(rx.storage).pipe(toResult()));
  expect(server.requests).toHaveLength(1);
  expect(comparable(server.requests[0]!)).toEqual(reqA);
  expect(a.error).toBeNull();
  expect(b.error).toBeNull();
  expect(b.data).toEqual(a.data);
}

const NAMES = [
  'plain.txt',
  'with space.txt',
  'héllo/世界 ü.txt',
  '100%.txt',
  'a#b.txt',
  'a?b=1.txt',
  'a/b/c/d.txt',
  '/lead/x.txt',
  'a+b&c=d.txt',
];
const PAGE = { hasNext: false, folders: [{ name: 'f/' }], objects: [] };
const PURGED = json({ message: 'success' });

describe('storage-js 2.119 extras: same requests from both clients', () => {
  it.each([
    ['no options', undefined],
    [
      'every option',
      {
        limit: 5,
        prefix: 'a b/ü',
        cursor: 'c1',
        with_delimiter: true,
        sortBy: { column: 'created_at' as const, order: 'desc' as const },
      },
    ],
  ])('listV2: %s', async (_label, options) => {
    await compare({
      answer: json(PAGE),
      official: (s) => s.from('avatars').listV2(options),
      rx: (s) => s.from('avatars').listV2(options),
    });
  });

  it.each(NAMES)('purgeCache: %s', async (path) => {
    await compare({
      answer: PURGED,
      official: (s) => s.from('avatars').purgeCache(path),
      rx: (s) => s.from('avatars').purgeCache(path),
    });
    await compare({
      answer: PURGED,
      official: (s) => s.from('avatars').purgeCache(path, { transformations: true }),
      rx: (s) => s.from('avatars').purgeCache(path, { transformations: true }),
    });
  });

  it.each(['avatars', 'my bucket ü'])('purgeBucketCache: %s', async (id) => {
    await compare({
      answer: PURGED,
      official: (s) => s.purgeBucketCache(id),
      rx: (s) => s.purgeBucketCache(id),
    });
    await compare({
      answer: PURGED,
      official: (s) => s.purgeBucketCache(id, { transformations: true }),
      rx: (s) => s.purgeBucketCache(id, { transformations: true }),
    });
  });

  it('setHeader on a file API: the header (lower-cased, replacing any case) on later calls', async () => {
    await compare({
      answer: json([]),
      official: (s) =>
        s.from('avatars').setHeader('X-Trace-Id', 't1').setHeader('x-trace-id', 't2').list('a'),
      rx: (s) =>
        s.from('avatars').setHeader('X-Trace-Id', 't1').setHeader('x-trace-id', 't2').list('a'),
    });
  });

  it('throwOnError on a file API sends the same request; ours still fails on the error channel', async () => {
    await compare({
      answer: json([]),
      official: (s) => s.from('avatars').throwOnError().list('a'),
      rx: (s) => s.from('avatars').throwOnError().list('a'),
    });
    server.answer({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statusCode: '404', error: 'not_found', message: 'Object not found' }),
    });
    await expect(official.storage.from('avatars').throwOnError().list('a')).rejects.toMatchObject({
      message: 'Object not found',
    });
    const mine = await firstValueFrom(
      rx.storage.from('avatars').throwOnError().list('a').pipe(toResult()),
    );
    expect(mine.error).toMatchObject({
      name: 'StorageApiError',
      message: 'Object not found',
      statusCode: '404',
    });
  });
});
