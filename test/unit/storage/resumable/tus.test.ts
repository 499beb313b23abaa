import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BehaviorSubject, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from 'supabase-rx';
import { StorageApiError, type TransferEvent } from 'supabase-rx/storage';
import {
  SUPABASE_TUS_CHUNK_SIZE,
  tusMetadata,
  uploadResumable,
  type ResumableResult,
} from 'supabase-rx/storage/resumable';

/** A minimal TUS 1.0 server: creation (with data), PATCH, HEAD; optional failure of a PATCH. */
interface Tus {
  url: string;
  log: Array<{ method: string; url: string; headers: IncomingMessage['headers']; bytes: number }>;
  uploads: Map<string, { length: number; data: Buffer[]; offset: number }>;
  failPatch: number | null;
  patches: number;
  close(): Promise<void>;
}

async function startTus(): Promise<Tus> {
  const tus = { log: [], uploads: new Map(), failPatch: null } as unknown as Tus;
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      tus.log.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        bytes: body.length,
      });
      const head = { 'tus-resumable': '1.0.0' };
      if (req.method === 'POST') {
        const id = `u${++n}`;
        const upload = {
          length: Number(req.headers['upload-length']),
          data: [body],
          offset: body.length,
        };
        tus.uploads.set(id, upload);
        res.writeHead(201, {
          ...head,
          location: `${tus.url}/storage/v1/upload/resumable/${id}`,
          'upload-offset': String(upload.offset),
        });
        return res.end();
      }
      const upload = tus.uploads.get(req.url!.split('/').pop()!);
      if (!upload) return res.writeHead(404, head).end();
      if (req.method === 'HEAD') {
        res.writeHead(200, {
          ...head,
          'upload-offset': String(upload.offset),
          'upload-length': String(upload.length),
          'cache-control': 'no-store',
        });
        return res.end();
      }
      tus.patches += 1;
      if (tus.failPatch === tus.patches) {
        res.writeHead(500, { ...head, 'content-type': 'application/json' });
        return res.end('{"statusCode":"500","error":"internal","message":"disk on fire"}');
      }
      upload.data.push(body);
      upload.offset += body.length;
      res.writeHead(204, { ...head, 'upload-offset': String(upload.offset) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tus.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tus.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return tus;
}

/** An in-memory tus-js-client UrlStorage: what a restarted process would read from disk. */
function memoryUrlStorage() {
  const entries = new Map<string, { fingerprint: string; upload: Record<string, unknown> }>();
  let n = 0;
  return {
    entries,
    findAllUploads: async () =>
      [...entries.entries()].map(([k, e]) => ({ ...e.upload, urlStorageKey: k })) as never,
    findUploadsByFingerprint: async (fp: string) =>
      [...entries.entries()]
        .filter(([, e]) => e.fingerprint === fp)
        .map(([k, e]) => ({ ...e.upload, urlStorageKey: k })) as never,
    removeUpload: async (key: string) => void entries.delete(key),
    addUpload: async (fingerprint: string, upload: Record<string, unknown>) => {
      const key = `tus::${fingerprint}::${++n}`;
      entries.set(key, { fingerprint, upload });
      return key;
    },
  };
}

const decode = (header: string) =>
  Object.fromEntries(
    header.split(',').map((kv) => {
      const [k, v] = kv.split(' ');
      return [k, Buffer.from(v ?? '', 'base64').toString('utf8')];
    }),
  );

const progressOf = (events: TransferEvent<ResumableResult>[]) =>
  events.flatMap((e) => (e.type === 'progress' ? [e.loaded] : []));

let tus: Tus;
beforeAll(async () => {
  tus = await startTus();
});
afterAll(async () => {
  await tus?.close();
});
beforeEach(() => {
  tus.log.length = 0;
  tus.uploads.clear();
  tus.failPatch = null;
  tus.patches = 0;
});

const SIZE = 2 * SUPABASE_TUS_CHUNK_SIZE + 12_345;
const bytes = (): Buffer => {
  const b = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) b[i] = i % 251;
  return b;
};

describe('uploadResumable() with tus-js-client', () => {
  it('Supabase headers and metadata, 6 MiB chunks, progress, identical bytes, done', async () => {
    const supabase = createClient(tus.url, 'anon-key', {
      global: { headers: { 'x-app': 'demo' } },
    });
    const body = bytes();
    const events = await lastValueFrom(
      uploadResumable(supabase.storage.from('videos'), '/u1//talk ü.mp4', body, {
        contentType: 'video/mp4',
        cacheControl: '60',
        upsert: true,
        metadata: { a: 1 },
        retryDelays: null,
      }).pipe(toArray()),
    );
    const [create, ...patches] = tus.log;
    expect(create!.method).toBe('POST');
    expect(create!.url).toBe('/storage/v1/upload/resumable');
    expect(create!.headers).toMatchObject({
      'tus-resumable': '1.0.0',
      'upload-length': String(SIZE),
      apikey: 'anon-key',
      authorization: 'Bearer anon-key',
      'x-upsert': 'true',
      'x-app': 'demo',
    });
    expect(create!.headers['x-client-info']).toMatch(/^supabase-rx\//);
    expect(decode(create!.headers['upload-metadata'] as string)).toEqual({
      bucketName: 'videos',
      objectName: 'u1/talk ü.mp4',
      contentType: 'video/mp4',
      cacheControl: '60',
      metadata: '{"a":1}',
    });
    expect([create!.bytes, ...patches.map((p) => p.bytes)]).toEqual([
      SUPABASE_TUS_CHUNK_SIZE,
      SUPABASE_TUS_CHUNK_SIZE,
      12_345,
    ]);
    expect(
      patches.every((p) => p.headers['content-type'] === 'application/offset+octet-stream'),
    ).toBe(true);
    expect(Buffer.concat([...tus.uploads.values()][0]!.data).equals(body)).toBe(true);
    const progress = progressOf(events);
    expect(progress.at(-1)).toBe(SIZE);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(events.at(-1)).toEqual({
      type: 'done',
      data: { path: 'u1/talk ü.mp4', fullPath: 'videos/u1/talk ü.mp4' },
    });
  });

  it('a failed chunk is a StorageApiError with the server’s answer; a new process resumes from the offset', async () => {
    const supabase = createClient(tus.url, 'anon-key');
    const urlStorage = memoryUrlStorage();
    const options = {
      urlStorage: urlStorage as never,
      fingerprint: async () => 'fp-talk',
      retryDelays: null,
      contentType: 'video/mp4',
    };
    tus.failPatch = 1;
    const failed = await lastValueFrom(
      uploadResumable(supabase.storage.from('videos'), 'talk.mp4', bytes(), options).pipe(
        toArray(),
      ),
    ).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StorageApiError);
    expect(failed).toMatchObject({ status: 500, statusCode: '500', message: 'disk on fire' });
    expect(urlStorage.entries.size).toBe(1);
    const sentBefore = [...tus.uploads.values()][0]!.offset;
    expect(sentBefore).toBe(SUPABASE_TUS_CHUNK_SIZE);

    tus.log.length = 0;
    // "Restarted": a fresh client, the same url storage.
    const again = createClient(tus.url, 'anon-key');
    const events = await lastValueFrom(
      uploadResumable(again.storage.from('videos'), 'talk.mp4', bytes(), options).pipe(toArray()),
    );
    expect(tus.log.map((r) => r.method)).toEqual(['HEAD', 'PATCH', 'PATCH']);
    expect(tus.uploads.size).toBe(1);
    expect(Buffer.concat([...tus.uploads.values()][0]!.data).equals(bytes())).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    expect(urlStorage.entries.size).toBe(0);
  });

  it('a dropped chunk is retried from the server’s offset and completes with identical bytes', async () => {
    const supabase = createClient(tus.url, 'anon-key');
    tus.failPatch = 1;
    const events = await lastValueFrom(
      uploadResumable(supabase.storage.from('videos'), 'r.bin', bytes(), { retryDelays: [0] }).pipe(
        toArray(),
      ),
    );
    expect(tus.log.map((r) => r.method)).toEqual(['POST', 'PATCH', 'HEAD', 'PATCH', 'PATCH']);
    expect(Buffer.concat([...tus.uploads.values()][0]!.data).equals(bytes())).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { fullPath: 'videos/r.bin' } });
  });

  it('pause$ holds the upload before it starts and resumes it', async () => {
    const supabase = createClient(tus.url, 'anon-key');
    const pause$ = new BehaviorSubject(true);
    const events: unknown[] = [];
    const done = new Promise<void>((resolve, reject) =>
      uploadResumable(supabase.storage.from('v'), 'a.bin', Buffer.alloc(10), {
        pause$,
        retryDelays: null,
      }).subscribe({ next: (e) => events.push(e), complete: resolve, error: reject }),
    );
    await new Promise((r) => setImmediate(r));
    expect(tus.log).toHaveLength(0);
    pause$.next(false);
    await done;
    expect(tus.log.map((r) => r.method)).toEqual(['POST']);
    expect(events.at(-1)).toEqual({ type: 'done', data: { path: 'a.bin', fullPath: 'v/a.bin' } });
  });

  it('refuses a bad path and a file API it did not make, before anything is sent', () => {
    const supabase = createClient(tus.url, 'anon-key');
    expect(() => uploadResumable(supabase.storage.from('v'), '../x', Buffer.alloc(1))).toThrow(
      /segment/,
    );
    expect(() => uploadResumable({ bucketId: 'v' } as never, 'x', Buffer.alloc(1))).toThrow(
      /storage.from/,
    );
    expect(tusMetadata('b', 'x')).toEqual({
      bucketName: 'b',
      objectName: 'x',
      contentType: 'text/plain;charset=UTF-8',
      cacheControl: '3600',
    });
  });
});

describe('uploadResumable() to a signed upload URL', () => {
  it('signedToken: POST to /upload/resumable/sign with x-signature on every request; setHeader headers too', async () => {
    const supabase = createClient(tus.url, 'anon-key');
    const files = supabase.storage.from('videos').setHeader('X-Trace-Id', 't1');
    const events = await lastValueFrom(
      uploadResumable(files, 'u1/a.bin', bytes(), { signedToken: 'tok-1', retryDelays: null }).pipe(
        toArray(),
      ),
    );
    expect(events.at(-1)).toEqual({
      type: 'done',
      data: { path: 'u1/a.bin', fullPath: 'videos/u1/a.bin' },
    });
    expect(tus.log[0]!.url).toBe('/storage/v1/upload/resumable/sign');
    expect(tus.log.length).toBeGreaterThan(1);
    for (const r of tus.log) {
      expect(r.headers['x-signature']).toBe('tok-1');
      expect(r.headers['x-trace-id']).toBe('t1');
    }
  });
});
