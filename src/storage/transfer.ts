import {
  catchError,
  defer,
  from,
  map,
  Subject,
  switchMap,
  throwError,
  type Observable,
} from 'rxjs';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { StorageConfig } from './config.js';
import { apiErrorOf, unknownErrorOf } from './parse-error.js';
import { countingStream, streamedBody, xhrFetch } from './progress-edge.js';
import {
  transferEvents,
  type DownloadEvent,
  type TransferEvent,
  type TransferProgress,
} from './progress.js';
import { setHeader } from './request.js';
import { sendJson } from './send.js';
import { streamDownloadEvents } from './stream-download.js';
import { edgeRequest } from './stream-edge.js';

function useXhr(config: StorageConfig, body: unknown): boolean {
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return false;
  if (config.progressEdge === 'xhr') return true;
  return config.progressEdge === 'auto' && typeof XMLHttpRequest !== 'undefined';
}

/**
 * An upload with `observe: 'events'`: the request sent through the XHR edge (browsers) or with
 * its body streamed and counted (elsewhere), as throttled progress events then `done`.
 *
 * @example
 * ```ts
 * uploadEvents(config, req, (d) => ({ path, id: d.Id, fullPath: d.Key })).subscribe(console.log);
 * ```
 */
export function uploadEvents<T>(
  config: StorageConfig,
  req: HttpRequest,
  shape: (json: any) => T,
): Observable<TransferEvent<T>> {
  return defer(() => {
    const progress = new Subject<TransferProgress>();
    let sent: HttpRequest;
    let size: number | undefined;
    if (useXhr(config, req.body)) {
      sent = { ...req, fetch: xhrFetch(progress) };
    } else {
      const body = streamedBody(req.body);
      size = body.size;
      const hasType = Object.keys(req.headers).some((k) => k.toLowerCase() === 'content-type');
      const headers =
        body.contentType && !hasType
          ? setHeader(req.headers, 'content-type', body.contentType)
          : req.headers;
      sent = { ...req, headers, body: countingStream(body.stream, size, progress) };
    }
    const result = edgeRequest(config, sent).pipe(
      switchMap((r) => sendJson(config.uploadTransport, r, shape)),
      map((r) => r.data),
    );
    return transferEvents(progress, result, {
      interval: config.progressInterval,
      scheduler: config.scheduler,
      size,
    });
  });
}

type ReadAs = 'blob' | 'arrayBuffer' | 'text' | 'stream';

interface Body {
  readonly body: ReadableStream<Uint8Array>;
  readonly total: number | undefined;
}

/** The download's body as a stream with its `Content-Length`, or the Storage error of its answer. */
function bodyOf(config: StorageConfig, req: HttpRequest): Observable<Body> {
  return config.transport.request({ ...req, responseType: 'stream' }).pipe(
    catchError((error: unknown) => throwError(() => unknownErrorOf(error))),
    switchMap((res) => {
      const r = res as HttpResponse<ReadableStream<Uint8Array> | null>;
      if (r.status < 200 || r.status > 299) {
        return from(new Response(r.body).text()).pipe(
          map((text): Body => {
            throw apiErrorOf(r.status, r.statusText, text);
          }),
        );
      }
      const length = Number(r.headers.get('content-length') ?? NaN);
      const total = Number.isFinite(length) ? length : undefined;
      return [{ body: r.body ?? new Blob([]).stream(), total }];
    }),
  );
}

/**
 * A download with `observe: 'events'`: the body read as a stream and counted (`total` from
 * `Content-Length` when the server sends it), then assembled as asked. With `as: 'stream'` the
 * stream is handed over first and counted as the consumer reads it ({@link streamDownloadEvents}).
 *
 * @example
 * ```ts
 * downloadEvents(config, downloadRequest(ctx, 'a.png'), 'blob').subscribe(console.log);
 * ```
 */
export function downloadEvents<T>(
  config: StorageConfig,
  req: HttpRequest,
  as: ReadAs,
): Observable<DownloadEvent<T>> {
  return defer((): Observable<unknown> => {
    const body$ = bodyOf(config, req);
    if (as === 'stream') {
      return body$.pipe(switchMap(({ body, total }) => streamDownloadEvents(config, body, total)));
    }
    const progress = new Subject<TransferProgress>();
    const result = body$.pipe(
      switchMap(({ body, total }) =>
        from(new Response(countingStream(body, total, progress))[as]() as Promise<T>).pipe(
          catchError((error: unknown) => throwError(() => unknownErrorOf(error))),
        ),
      ),
    );
    return transferEvents(progress, result, {
      interval: config.progressInterval,
      scheduler: config.scheduler,
    });
  }) as Observable<DownloadEvent<T>>;
}
