import {
  defer,
  filter,
  map,
  merge,
  mergeMap,
  Subject,
  takeUntil,
  tap,
  throttleTime,
  type Observable,
  type SchedulerLike,
} from 'rxjs';

/** Bytes moved so far; `total` is `undefined` while the size is unknown. */
export interface TransferProgress {
  readonly loaded: number;
  readonly total: number | undefined;
}

/** A progress event of `observe: 'events'` (Angular HttpClient's convention). */
export interface ProgressEvent extends TransferProgress {
  readonly type: 'progress';
}

/** The last event of `observe: 'events'`: what the call emits without it. */
export interface DoneEvent<T> {
  readonly type: 'done';
  readonly data: T;
}

/** What a transfer with `observe: 'events'` emits: progress events, then one `done`. */
export type TransferEvent<T> = ProgressEvent | DoneEvent<T>;

/**
 * The first event of a download with `as: 'stream'` and `observe: 'events'`: the body to read.
 * Progress events follow as it is read, and `done` (with the same stream) once it is read to the end.
 */
export interface StreamEvent {
  readonly type: 'stream';
  readonly data: ReadableStream<Uint8Array>;
}

/** What `download(path, { observe: 'events' })` emits: a `stream` event first when `data` is a stream. */
export type DownloadEvent<T> =
  T extends ReadableStream<Uint8Array> ? StreamEvent | TransferEvent<T> : TransferEvent<T>;

/** How progress is paced. */
export interface ThrottleOptions {
  /** At most one progress event per this many milliseconds (default 100). */
  interval: number;
  /** The throttle's clock (virtual inside `TestScheduler.run()`). */
  scheduler: SchedulerLike;
  /** The size when known up front (the last event then reports it). */
  size?: number;
}

/**
 * Merges raw byte counts and a transfer's result into events: progress throttled to at most one
 * per `interval` on `scheduler` (the first at once, the latest at the end of each window), only
 * increasing, then — when the result arrives — a last progress event with `loaded === total`
 * (unless the previous one said so already) and `{ type: 'done', data }`. The raw counts are
 * subscribed before the result, so none is missed; a pending throttled count is dropped for the
 * final one.
 *
 * ```
 * progress$: -a-b-c------d-|            (loaded 10, 20, 30, 40 of 40)
 * result$:   -------------------(r|)
 * interval:  3
 * events:    -a--c------d------(D|)     (D = done r; d already said 40/40)
 * ```
 *
 * @example
 * ```ts
 * transferEvents(bytes$, upload$, { interval: 100, scheduler: asyncScheduler })
 *   .subscribe((e) => e.type === 'progress' ? bar(e.loaded / e.total!) : show(e.data));
 * ```
 */
export function transferEvents<T>(
  progress$: Observable<TransferProgress>,
  result$: Observable<T>,
  options: ThrottleOptions,
): Observable<TransferEvent<T>> {
  return defer(() => {
    let last: TransferProgress | undefined;
    // The latest raw count: the throttle may still hold it when the result arrives.
    let latest: TransferProgress | undefined;
    const done$ = new Subject<void>();
    const progress = progress$.pipe(
      tap((p) => (latest = p)),
      throttleTime(options.interval, options.scheduler, { leading: true, trailing: true }),
      filter((p) => last === undefined || p.loaded > last.loaded),
      takeUntil(done$),
      tap((p) => (last = p)),
      map((p): ProgressEvent => ({ type: 'progress', loaded: p.loaded, total: p.total })),
    );
    const end = result$.pipe(
      mergeMap((data): TransferEvent<T>[] => {
        done$.next();
        const size = options.size ?? latest?.total ?? latest?.loaded ?? 0;
        const events: TransferEvent<T>[] = [];
        if (last === undefined || last.loaded !== size || last.total !== size) {
          events.push({ type: 'progress', loaded: size, total: size });
        }
        events.push({ type: 'done', data });
        return events;
      }),
    );
    return merge(progress, end);
  });
}
