/**
 * `supabase-rx/storage/resumable`: resumable uploads over TUS (loads tus-js-client).
 *
 * @example
 * ```ts
 * import { uploadResumable } from 'supabase-rx/storage/resumable';
 * ```
 */
export {
  uploadResumable,
  tusError,
  type ResumableBody,
  type ResumableResult,
  type ResumableUploadOptions,
} from './upload-resumable.js';
export { uploadResumableToSignedUrl } from './upload-resumable-signed.js';
export { SUPABASE_TUS_CHUNK_SIZE, tusHeaders, tusMetadata } from './tus-options.js';
