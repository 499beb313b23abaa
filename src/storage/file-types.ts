import type { DownloadOptions } from './file-requests.js';

/** `observe: 'body'` (default): one response. `observe: 'events'`: progress events, then `done`. */
export interface ObserveOption<O extends 'body' | 'events'> {
  observe?: O;
}

/** What `upload()` / `update()` emit as `data`. */
export interface UploadResult {
  id: string;
  path: string;
  fullPath: string;
}

/** What `createSignedUrls()` emits per path. */
export interface SignedUrlEntry {
  error: string | null;
  path: string | null;
  signedURL: string | null;
  signedUrl: string | null;
}

/** What `createSignedUploadUrl()` emits. */
export interface SignedUploadUrl {
  signedUrl: string;
  path: string;
  token: string;
}

/** The data type a download reads as. */
export type DownloadData<O extends DownloadOptions | undefined> = O extends { as: 'stream' }
  ? ReadableStream<Uint8Array>
  : O extends { as: 'arrayBuffer' }
    ? ArrayBuffer
    : O extends { as: 'text' }
      ? string
      : Blob;
