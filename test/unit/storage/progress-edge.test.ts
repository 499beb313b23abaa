import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageClient, type TransferEvent } from '../../../src/storage/index.js';
import { countingStream, parseHeaders } from '../../../src/storage/progress-edge.js';

const URL_ = 'http://s.test/storage/v1';
const UPLOADED = () =>
  new Response('{"Id":"i","Key":"b/a.bin"}', { headers: { 'content-type': 'application/json' } });

/** A fetch that reads a streamed request body chunk by chunk, as a real one sends it. */
function readingFetch() {
  const seen: Array<{ init: RequestInit & { duplex?: string }; bytes: number; chunks: number }> =
    [];
  const fetch = (async (_url: string, init: RequestInit & { duplex?: string }) => {
    let bytes = 0;
    let chunks = 0;
    const reader = (init.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      chunks += 1;
    }
    seen.push({ init, bytes, chunks });
    return UPLOADED();
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

function progressOf<T>(events: TransferEvent<T>[]) {
  return events.flatMap((e) => (e.type === 'progress' ? [[e.loaded, e.total]] : []));
}

afterEach(() => vi.unstubAllGlobals());

describe('the stream edge (Node, Deno, Bun): bytes fetch pulls from the body', () => {
  it('a 1 MiB buffer: increasing progress, the last loaded === total, then done', async () => {
    const { fetch, seen } = readingFetch();
    const storage = new StorageClient(URL_, { fetch, progressInterval: 0, progressEdge: 'stream' });
    const size = 1024 * 1024;
    const events = await lastValueFrom(
      storage
        .from('b')
        .upload('a.bin', new Uint8Array(size), { observe: 'events' })
        .pipe(toArray()),
    );
    const progress = progressOf(events);
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]!);
    expect(progress.every(([, total]) => total === size)).toBe(true);
    expect(progress.at(-1)).toEqual([size, size]);
    expect(events.at(-1)).toEqual({
      type: 'done',
      data: { path: 'a.bin', id: 'i', fullPath: 'b/a.bin' },
    });
    expect(seen[0]).toMatchObject({ bytes: size, chunks: 16, init: { duplex: 'half' } });
  });

  it('a Node-style stream (pipe + async iterator) is sent chunk by chunk, size learnt at the end', async () => {
    const { fetch, seen } = readingFetch();
    const storage = new StorageClient(URL_, { fetch, progressInterval: 0, progressEdge: 'stream' });
    async function* chunks() {
      yield new Uint8Array(10);
      yield 'héllo';
      yield new Uint8Array(4);
    }
    const nodeLike = Object.assign(chunks(), { pipe: () => undefined });
    const events = await lastValueFrom(
      storage
        .from('b')
        .upload('a.bin', nodeLike, { observe: 'events', contentType: 'application/octet-stream' })
        .pipe(toArray()),
    );
    expect(progressOf(events).at(-1)).toEqual([20, 20]);
    expect(seen[0]!.bytes).toBe(20);
    expect((seen[0]!.init.headers as Record<string, string>)['content-type']).toBe(
      'application/octet-stream',
    );
  });

  it('a Blob keeps fetch’s multipart encoding (its boundary in content-type)', async () => {
    const { fetch, seen } = readingFetch();
    const storage = new StorageClient(URL_, { fetch, progressInterval: 0, progressEdge: 'stream' });
    const events = await lastValueFrom(
      storage
        .from('b')
        .upload('a.txt', new Blob(['abc'], { type: 'text/plain' }), { observe: 'events' })
        .pipe(toArray()),
    );
    const type = (seen[0]!.init.headers as Record<string, string>)['content-type'];
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const [loaded, total] = progressOf(events).at(-1)!;
    expect(loaded).toBe(seen[0]!.bytes);
    expect(total).toBe(loaded);
  });

  it('download with events: progress against Content-Length, then the Blob', async () => {
    const body = new Uint8Array(200_000).fill(7);
    const fetch = (async () =>
      new Response(new Blob([body]).stream(), {
        headers: {
          'content-length': String(body.byteLength),
          'content-type': 'application/octet-stream',
        },
      })) as unknown as typeof globalThis.fetch;
    const storage = new StorageClient(URL_, { fetch, progressInterval: 0 });
    const events = await lastValueFrom(
      storage.from('b').download('a.bin', { observe: 'events' }).pipe(toArray()),
    );
    expect(progressOf(events).at(-1)).toEqual([200_000, 200_000]);
    const done = events.at(-1) as { type: 'done'; data: Blob };
    expect(done.type).toBe('done');
    expect(new Uint8Array(await done.data.arrayBuffer())).toEqual(body);
  });
});

/** Just enough of XMLHttpRequest to drive the XHR edge. */
class FakeXhr {
  static last: FakeXhr;
  upload: {
    onprogress?: (e: { loaded: number; total: number; lengthComputable: boolean }) => void;
  } = {};
  onload?: () => void;
  onerror?: () => void;
  ontimeout?: () => void;
  responseType = '';
  status = 0;
  statusText = '';
  response: Blob | null = null;
  opened: [string, string] | undefined;
  headers: Record<string, string> = {};
  sent: unknown;
  aborted = false;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nx-a: 1\r\n';
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.aborted = true;
  }
  /** The test plays the network. */
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, text: string) {
    this.status = status;
    this.response = new Blob([text]);
    this.onload?.();
  }
}

describe('the XHR edge (browsers): upload.onprogress', () => {
  it('forwards upload progress, sends the same request, and parses the answer', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const storage = new StorageClient(URL_, { headers: { apikey: 'k' }, progressInterval: 0 });
    const events: unknown[] = [];
    const finished = new Promise<void>((resolve, reject) =>
      storage
        .from('b')
        .upload('a b.txt', 'hello', { observe: 'events' })
        .subscribe({ next: (e) => events.push(e), complete: resolve, error: reject }),
    );
    await vi.waitFor(() => expect(FakeXhr.last?.opened).toBeDefined());
    const xhr = FakeXhr.last;
    expect(xhr.opened).toEqual(['POST', `${URL_}/object/b/a b.txt`]);
    expect(xhr.headers).toMatchObject({
      apikey: 'k',
      'x-upsert': 'false',
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(xhr.sent).toBe('hello');
    xhr.progress(5, 5);
    xhr.answer(200, '{"Id":"i","Key":"b/a b.txt"}');
    await finished;
    expect(events).toEqual([
      { type: 'progress', loaded: 5, total: 5 },
      { type: 'done', data: { path: 'a b.txt', id: 'i', fullPath: 'b/a b.txt' } },
    ]);
  });

  it('unsubscribing aborts the XHR', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const storage = new StorageClient(URL_, { progressInterval: 0 });
    const sub = storage.from('b').upload('a.txt', 'x', { observe: 'events' }).subscribe();
    await vi.waitFor(() => expect(FakeXhr.last?.opened?.[1]).toBe(`${URL_}/object/b/a.txt`));
    sub.unsubscribe();
    expect(FakeXhr.last.aborted).toBe(true);
  });

  it('parseHeaders reads getAllResponseHeaders() text', () => {
    expect([...parseHeaders('a: 1\r\nB: x: y\r\n\r\n').entries()]).toEqual([
      ['a', '1'],
      ['b', 'x: y'],
    ]);
  });
});

describe('Node-style streams are pulled, not buffered', () => {
  it('countingStream counts what is read, reads nothing ahead, and passes cancel and errors on', async () => {
    let pulls = 0;
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls += 1;
          if (pulls === 3) controller.error(new Error('disk gone'));
          else controller.enqueue(new Uint8Array(pulls * 10));
        },
        cancel: (reason) => void (cancelled = reason),
      },
      { highWaterMark: 0 },
    );
    const seen: Array<[number, number | undefined]> = [];
    const counted = countingStream(source, 99, { next: (p) => seen.push([p.loaded, p.total]) });
    const reader = counted.getReader();
    expect(pulls).toBe(0);
    await reader.read();
    await reader.read();
    expect(seen).toEqual([
      [10, 99],
      [30, 99],
    ]);
    expect(pulls).toBe(2);
    await expect(reader.read()).rejects.toThrow('disk gone');
    const other = new ReadableStream<Uint8Array>({ cancel: (reason) => void (cancelled = reason) });
    await countingStream(other, undefined, { next: () => undefined }).cancel('stop');
    expect(cancelled).toBe('stop');
  });

  it('one chunk is read from the source per chunk fetch reads; cancelling ends the source', async () => {
    const { iterableStream } = await import('../../../src/storage/upload-body.js');
    let produced = 0;
    let finished = false;
    async function* source() {
      try {
        for (;;) {
          produced += 1;
          yield new Uint8Array(1024);
        }
      } finally {
        finished = true;
      }
    }
    const reader = iterableStream(source()).getReader();
    await reader.read();
    await reader.read();
    expect(produced).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(finished).toBe(true);
  });

  it('unsubscribing an upload of an endless stream stops reading it', async () => {
    let finished = false;
    let produced = 0;
    async function* endless() {
      try {
        for (;;) {
          produced += 1;
          yield new Uint8Array(64 * 1024);
        }
      } finally {
        finished = true;
      }
    }
    let signal: AbortSignal | undefined;
    const fetch = (async (_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      const reader = (init.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          void reader.cancel();
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    }) as unknown as typeof globalThis.fetch;
    const storage = new StorageClient(URL_, { fetch, progressEdge: 'stream' });
    const nodeLike = Object.assign(endless(), { pipe: () => undefined });
    const sub = storage
      .from('b')
      .upload('a.bin', nodeLike)
      .subscribe({ error: () => undefined });
    await vi.waitFor(() => expect(produced).toBeGreaterThan(0));
    sub.unsubscribe();
    expect(signal?.aborted).toBe(true);
    await vi.waitFor(() => expect(finished).toBe(true));
    expect(produced).toBeLessThan(5);
  });
});
