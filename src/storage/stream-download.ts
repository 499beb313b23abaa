import { merge, of, Subject, type Observable, type Observer } from 'rxjs';
import type { StorageConfig } from './config.js';
import { StorageError, StorageUnknownError } from './errors.js';
import {
  transferEvents,
  type StreamEvent,
  type TransferEvent,
  type TransferProgress,
} from './progress.js';

/** What a {@link readCounting} stream reports: bytes as they are read, then the end or a failure. */
export interface ReadReport {
  readonly progress: Pick<Observer<TransferProgress>, 'next'>;
  /** The reader reached the end of the body. */
  end(): void;
  /** The body failed (an abort, a dropped connection). */
  fail(error: unknown): void;
  /** The reader cancelled the stream. */
  cancel(): void;
}

/**
 * `source` re-streamed so that every chunk the consumer reads is counted, and its end, failure or
 * cancellation reported (a `TransformStream` cannot see a cancel, hence the pull source).
 *
 * @example
 * ```ts
 * const body = readCounting(res.body, 1024, { progress, end, fail, cancel });
 * ```
 */
export function readCounting(
  source: ReadableStream<Uint8Array>,
  total: number | undefined,
  report: ReadReport,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let loaded = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          report.fail(error);
          controller.error(error);
          return;
        }
        if (chunk.done) {
          controller.close();
          report.end();
          return;
        }
        loaded += chunk.value.byteLength;
        controller.enqueue(chunk.value);
        report.progress.next({ loaded, total });
      },
      async cancel(reason) {
        report.cancel();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A download read by the consumer: `{ type: 'stream', data }` at once, then throttled progress
 * events as the consumer reads `data`, then the last progress and `{ type: 'done', data }` when it
 * has read the end. A failing body errors the events with a `StorageUnknownError`; cancelling the
 * stream completes them without `done`.
 *
 * ```
 * reads:   -a-b-c---|        (the consumer reads 3 chunks, then the end)
 * events:  S-a--c---(pD|)    (interval 3; S = stream, p = last progress if not said, D = done)
 * ```
 *
 * @example
 * ```ts
 * streamDownloadEvents(config, res.body, 1024).subscribe((e) => e.type === 'stream' && read(e.data));
 * ```
 */
export function streamDownloadEvents(
  config: StorageConfig,
  body: ReadableStream<Uint8Array>,
  total: number | undefined,
): Observable<StreamEvent | TransferEvent<ReadableStream<Uint8Array>>> {
  const progress = new Subject<TransferProgress>();
  const ended = new Subject<ReadableStream<Uint8Array>>();
  const stream: ReadableStream<Uint8Array> = readCounting(body, total, {
    progress,
    end: () => {
      ended.next(stream);
      ended.complete();
    },
    fail: (error) => ended.error(readError(error)),
    cancel: () => {
      progress.complete();
      ended.complete();
    },
  });
  const events = transferEvents(progress, ended, {
    interval: config.progressInterval,
    scheduler: config.scheduler,
    size: total,
  });
  // The events are subscribed first: no count is missed if the consumer reads at once.
  return merge(events, of<StreamEvent>({ type: 'stream', data: stream }));
}

/** A failed read (a reset connection, an abort) as a `StorageUnknownError`. */
function readError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageUnknownError(error instanceof Error ? error.message : String(error), error);
}
