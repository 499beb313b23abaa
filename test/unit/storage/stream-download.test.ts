import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { StorageConfig } from '../../../src/storage/config.js';
import { StorageClient, StorageUnknownError } from '../../../src/storage/index.js';
import type { StreamEvent, TransferEvent } from '../../../src/storage/progress.js';
import { readCounting, streamDownloadEvents } from '../../../src/storage/stream-download.js';

type Ev = StreamEvent | TransferEvent<ReadableStream<Uint8Array>>;

/** A stream of `n` chunks of `size` bytes, then the end (or an error instead of the end). */
function chunks(n: number, size: number, fail?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < n) c.enqueue(new Uint8Array(size).fill(i++));
      else if (fail) c.error(fail);
      else c.close();
    },
  });
}

const config = (interval = 0) =>
  ({ progressInterval: interval, scheduler: asyncScheduler }) as unknown as StorageConfig;

/** Subscribes, reads the stream from the `stream` event as a consumer would, collects the events. */
function consume(events$: ReturnType<typeof streamDownloadEvents>, read = true) {
  return new Promise<{ events: Ev[]; bytes: number[] }>((resolve, reject) => {
    const events: Ev[] = [];
    const bytes: number[] = [];
    events$.subscribe({
      next: (e) => {
        events.push(e);
        if (e.type === 'stream' && read) {
          void (async () => {
            const reader = e.data.getReader();
            for (;;) {
              const r = await reader.read().catch(() => ({ done: true, value: undefined }));
              if (r.done) break;
              bytes.push(...r.value!);
            }
          })();
        }
      },
      error: reject,
      complete: () => resolve({ events, bytes }),
    });
  });
}

describe("streamDownloadEvents(): a download with as: 'stream', counted as the consumer reads", () => {
  it('the stream first, progress as each chunk is read, the last at the total, then done with the same stream', async () => {
    const { events, bytes } = await consume(streamDownloadEvents(config(), chunks(3, 10), 30));
    expect(events[0]!.type).toBe('stream');
    const progress = events.filter((e) => e.type === 'progress');
    const loaded = progress.map((e) => e.loaded);
    // Throttled (interval 0 still merges counts of one tick), only increasing, ending at the total.
    expect(loaded.every((n, i) => i === 0 || n > loaded[i - 1]!)).toBe(true);
    expect(loaded[0]).toBe(10);
    expect(loaded.at(-1)).toBe(30);
    expect(progress.every((e) => e.total === 30)).toBe(true);
    const [first, done] = [events[0]!, events.at(-1)!];
    expect(done.type).toBe('done');
    expect(done.type === 'done' && first.type === 'stream' && done.data === first.data).toBe(true);
    expect(bytes).toHaveLength(30);
  });

  it('with no Content-Length, total is undefined until the last progress event says the size read', async () => {
    const { events } = await consume(streamDownloadEvents(config(), chunks(2, 5), undefined));
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.slice(0, -1).every((e) => e.total === undefined)).toBe(true);
    expect(progress.at(-1)).toEqual({ type: 'progress', loaded: 10, total: 10 });
  });

  it('no progress before the consumer reads: an unread stream emits only the stream event', async () => {
    const seen: Ev[] = [];
    const sub = streamDownloadEvents(config(), chunks(3, 10), 30).subscribe((e) => seen.push(e));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.map((e) => e.type)).toEqual(['stream']);
    sub.unsubscribe();
  });

  it('a body that fails while read errors the events with a StorageUnknownError', async () => {
    await expect(
      consume(streamDownloadEvents(config(), chunks(1, 4, new Error('connection reset')), 8)),
    ).rejects.toBeInstanceOf(StorageUnknownError);
  });

  it('cancelling the stream completes the events without done, and cancels the body', async () => {
    let cancelled: unknown;
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(new Uint8Array(4)),
      cancel: (reason) => void (cancelled = reason),
    });
    const events: Ev[] = [];
    await new Promise<void>((resolve, reject) =>
      streamDownloadEvents(config(), body, undefined).subscribe({
        next: (e) => {
          events.push(e);
          if (e.type === 'stream') {
            const reader = e.data.getReader();
            void reader.read().then(() => reader.cancel('enough'));
          }
        },
        error: reject,
        complete: resolve,
      }),
    );
    expect(events.map((e) => e.type)).toEqual(['stream', 'progress']);
    expect(cancelled).toBe('enough');
  });
});

describe('readCounting(): counts what is read, reports the end', () => {
  it('reports each read with the running count, then the end', async () => {
    const counts: number[] = [];
    let ended = false;
    const stream = readCounting(chunks(4, 3), 12, {
      progress: { next: (p) => counts.push(p.loaded) },
      end: () => (ended = true),
      fail: () => undefined,
      cancel: () => undefined,
    });
    expect(counts).toEqual([]);
    expect((await new Response(stream).arrayBuffer()).byteLength).toBe(12);
    expect(counts).toEqual([3, 6, 9, 12]);
    expect(ended).toBe(true);
  });
});

describe("download(path, { as: 'stream', observe: 'events' }) through StorageClient", () => {
  it('emits the stream at once, then progress against Content-Length as it is read, then done', async () => {
    const body = new Uint8Array(100_000).fill(3);
    const fetch = (async () =>
      new Response(new Blob([body]).stream(), {
        headers: { 'content-length': String(body.byteLength) },
      })) as unknown as typeof globalThis.fetch;
    const storage = new StorageClient('http://s.test/storage/v1', { fetch, progressInterval: 0 });
    const { events, bytes } = await consume(
      storage.from('b').download('a.bin', { as: 'stream', observe: 'events' }) as never,
    );
    expect(events[0]!.type).toBe('stream');
    expect(events.at(-2)).toEqual({ type: 'progress', loaded: 100_000, total: 100_000 });
    expect(events.at(-1)!.type).toBe('done');
    expect(bytes).toHaveLength(100_000);
  });
});
