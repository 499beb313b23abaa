export { StorageClient, type StorageClientOptions } from './client.js';
export type { ProgressEdge } from './config.js';
export {
  StorageApiError,
  StorageError,
  StorageUnknownError,
  isStorageError,
  type StorageErrorOptions,
} from './errors.js';
export {
  StorageFileApi,
  type DownloadData,
  type ObserveOption,
  type SignedUploadUrl,
  type SignedUrlEntry,
  type UploadResult,
} from './file-api.js';
export { FileApiBase } from './file-api-base.js';
export { FileTransferApi } from './file-transfer-api.js';
export type * from './list-v2-types.js';
export type { PurgeCacheOptions } from './purge-requests.js';
export type { DownloadOptions } from './file-requests.js';
export {
  transferEvents,
  type DoneEvent,
  type DownloadEvent,
  type StreamEvent,
  type ProgressEvent,
  type ThrottleOptions,
  type TransferEvent,
  type TransferProgress,
} from './progress.js';
export type { FileBody, NodeStreamLike } from './upload-body.js';
export type { UrlOptions } from './urls.js';
export type * from './types.js';
