import { defer, switchMap, type Observable } from 'rxjs';
import type { StorageConfig } from './config.js';
import type { BucketContext } from './file-requests.js';
import type { ObserveOption } from './file-types.js';
import { assertObjectPath } from './paths.js';
import { sendJson } from './send.js';
import { edgeRequest } from './stream-edge.js';
import { uploadEvents } from './transfer.js';
import type { FileOptions } from './types.js';
import type { FileBody } from './upload-body.js';
import { uploadRequest, type UploadKind } from './upload-request.js';

/**
 * `upload()`, `update()` and `uploadToSignedUrl()`: the path checked at once, the request built
 * per subscription (each sends its own form data), one response or — with `observe: 'events'` —
 * progress events then `done`. A signed upload's `data` has no `id`, as storage-js's.
 *
 * @example
 * ```ts
 * uploadFile(config, ctx, { method: 'POST' }, 'upload()', 'a.txt', 'hi').subscribe(({ data }) => data.fullPath);
 * ```
 */
export function uploadFile(
  config: StorageConfig,
  ctx: BucketContext,
  kind: UploadKind,
  where: string,
  path: string,
  fileBody: FileBody,
  options?: FileOptions & ObserveOption<'body' | 'events'>,
): Observable<unknown> {
  assertObjectPath(path, where);
  const { observe, ...fileOptions } = options ?? {};
  const signed = 'token' in kind;
  return defer(() => {
    const { req, path: clean } = uploadRequest(ctx, kind, path, fileBody, fileOptions);
    const shape = (d: { Id?: string; Key: string }) =>
      signed ? { path: clean, fullPath: d.Key } : { path: clean, id: d.Id, fullPath: d.Key };
    if (observe === 'events') return uploadEvents(config, req, shape);
    return edgeRequest(config, req).pipe(
      switchMap((r) => sendJson(config.uploadTransport, r, shape)),
    );
  });
}
