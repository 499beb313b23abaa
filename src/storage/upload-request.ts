import type { HttpRequest } from '../http/types.js';
import { cleanPath, finalPath } from './paths.js';
import { setHeader } from './request.js';
import type { BucketContext } from './file-requests.js';
import type { FileOptions } from './types.js';
import {
  isFormBody,
  isNodeStream,
  iterableStream,
  utf8Base64,
  type FileBody,
} from './upload-body.js';

const DEFAULT_FILE_OPTIONS = {
  cacheControl: '3600',
  contentType: 'text/plain;charset=UTF-8',
  upsert: false,
};

type MergedOptions = typeof DEFAULT_FILE_OPTIONS & FileOptions;

/** The defaults overridden by the options that are defined (storage-js's `mergeFileOptions`). */
export function mergeFileOptions(options?: FileOptions): MergedOptions {
  const defined = Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  );
  return { ...DEFAULT_FILE_OPTIONS, ...defined } as MergedOptions;
}

/**
 * The multipart body storage-js sends for a Blob or a FormData: string fields kept,
 * `cacheControl`, `metadata` (JSON), `contentEncoding` added unless present, then the file parts
 * (a bare Blob under the empty field name).
 *
 * @example
 * ```ts
 * [...uploadFormData(new Blob(['x']), mergeFileOptions()).keys()]; // ['cacheControl', '']
 * ```
 */
export function uploadFormData(body: Blob | FormData, options: MergedOptions): FormData {
  const form = new FormData();
  const files: Array<[string, Blob]> = [];
  if (body instanceof FormData) {
    body.forEach((value, name) => {
      if (typeof value === 'string') form.append(name, value);
      else files.push([name, value]);
    });
  } else files.push(['', body]);
  if (!form.has('cacheControl')) form.append('cacheControl', options.cacheControl);
  if (options.metadata && !form.has('metadata'))
    form.append('metadata', JSON.stringify(options.metadata));
  if (options.contentEncoding && !form.has('contentEncoding')) {
    form.append('contentEncoding', options.contentEncoding);
  }
  for (const [name, file] of files) form.append(name, file);
  return form;
}

/** Which upload: `upload` (POST), `update` (PUT) or `uploadToSignedUrl` (PUT with a token). */
export type UploadKind = { method: 'POST' } | { method: 'PUT' } | { method: 'PUT'; token: string };

/** An upload request and the path it reports back. */
export interface UploadRequest {
  readonly req: HttpRequest;
  /** The cleaned path (`path` of the result). */
  readonly path: string;
}

/**
 * An upload as storage-js encodes it: multipart for a Blob/File/FormData (only `x-upsert` as a
 * header), else the raw body with `cache-control: max-age=…`, `content-type`,
 * `content-encoding`, `x-metadata` (base64 JSON) and `x-upsert` (not on `update`); the caller's
 * `headers` last.
 *
 * @example
 * ```ts
 * uploadRequest(ctx, { method: 'POST' }, '/folder//a.png/', bytes, { contentType: 'image/png' });
 * // POST <storage>/object/avatars/folder/a.png, headers x-upsert, cache-control, content-type
 * ```
 */
export function uploadRequest(
  ctx: BucketContext,
  kind: UploadKind,
  path: string,
  fileBody: FileBody,
  fileOptions?: FileOptions,
): UploadRequest {
  const options = mergeFileOptions(fileOptions);
  const signed = 'token' in kind;
  let headers: Record<string, string> = { ...ctx.headers };
  if (kind.method === 'POST' || signed) headers['x-upsert'] = String(options.upsert);
  let body: BodyInit;
  if (isFormBody(fileBody)) {
    body = uploadFormData(fileBody, options);
  } else {
    body = isNodeStream(fileBody) ? iterableStream(fileBody) : (fileBody as BodyInit);
    headers['cache-control'] = `max-age=${options.cacheControl}`;
    headers['content-type'] = options.contentType;
    if (options.contentEncoding) headers['content-encoding'] = options.contentEncoding;
    if (options.metadata) headers['x-metadata'] = utf8Base64(JSON.stringify(options.metadata));
  }
  for (const [key, value] of Object.entries(fileOptions?.headers ?? {})) {
    headers = setHeader(headers, key, value);
  }
  const clean = cleanPath(path);
  let url = `${ctx.url}/object/${signed ? 'upload/sign/' : ''}${finalPath(ctx.bucketId, clean)}`;
  if (signed) {
    const parsed = new URL(url);
    parsed.searchParams.set('token', kind.token);
    url = parsed.toString();
  }
  return { req: { method: kind.method, url, headers, body, responseType: 'text' }, path: clean };
}
