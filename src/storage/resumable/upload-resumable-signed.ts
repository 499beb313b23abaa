import type { Observable } from 'rxjs';
import type { StorageFileApi } from '../file-api.js';
import type { TransferEvent } from '../progress.js';
import {
  uploadResumable,
  type ResumableBody,
  type ResumableResult,
  type ResumableUploadOptions,
} from './upload-resumable.js';

/**
 * {@link uploadResumable} to a signed upload URL: the `token` of `createSignedUploadUrl()` sent in
 * `x-signature` to `<storage url>/upload/resumable/sign`, so that someone without write access
 * (the token's recipient) uploads a large file resumably, written for the token's owner.
 *
 * @example
 * ```ts
 * import { uploadResumableToSignedUrl } from 'supabase-rx/storage/resumable';
 *
 * uploadResumableToSignedUrl(supabase.storage.from('videos'), 'u1/talk.mp4', token, file)
 *   .subscribe((e) => e.type === 'done' && console.log(e.data.fullPath));
 * ```
 */
export function uploadResumableToSignedUrl(
  files: StorageFileApi,
  path: string,
  token: string,
  body: ResumableBody,
  options: Omit<ResumableUploadOptions, 'signedToken'> = {},
): Observable<TransferEvent<ResumableResult>> {
  return uploadResumable(files, path, body, { ...options, signedToken: token });
}
