import { StorageErrors } from './errors.js';
import { boundaryOf, MultipartError, readMultipart, type MultipartUpload } from './multipart.js';

/** An upload's bytes and the object's headers, read from a multipart form or a raw body. */
export interface UploadBody {
  bytes: AsyncIterable<Uint8Array>;
  contentType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
  /** The declared length of a raw body, when given (checked before reading it). */
  declaredLength?: number;
}

function cacheControlOf(value: string | null | undefined): string {
  if (!value) return 'max-age=3600';
  // storage-js sends `cacheControl` as seconds in forms and `max-age=<s>` in headers.
  return /^\d+$/.test(value.trim()) ? `max-age=${value.trim()}` : value;
}

function metadataOf(json: string | null | undefined): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    throw StorageErrors.invalidRequest('metadata must be a JSON object');
  }
}

function fromBase64(value: string | null): string | null {
  if (!value) return null;
  return Buffer.from(value, 'base64').toString('utf8');
}

async function* chunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Reads an upload as storage-js sends it: a multipart form (`cacheControl`, `metadata`,
 * `contentEncoding` fields and the file part, whose type is the object's) or a raw body
 * (`content-type`, `cache-control`, base64 JSON `x-metadata` headers). Both stream: a form's
 * file bytes are read as they arrive ({@link readMultipart}); fields after the file count too,
 * so `cacheControl` and `userMetadata` are final once `bytes` has been read to the end (a bad
 * `metadata` there fails the read, which discards what was staged).
 *
 * @example
 * ```ts
 * const body = await readUploadBody(c.req.raw);
 * for await (const chunk of body.bytes) …
 * ```
 */
export async function readUploadBody(request: Request): Promise<UploadBody> {
  const type = request.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) return readFormUpload(request.body, type);
  const length = request.headers.get('content-length');
  return {
    bytes: chunks(request.body),
    contentType: type || 'application/octet-stream',
    cacheControl: cacheControlOf(request.headers.get('cache-control')),
    userMetadata: metadataOf(fromBase64(request.headers.get('x-metadata'))),
    declaredLength: length && /^\d+$/.test(length) ? Number(length) : undefined,
  };
}

const unreadable = () => StorageErrors.invalidRequest('The multipart body could not be read');

async function readFormUpload(
  stream: ReadableStream<Uint8Array> | null,
  type: string,
): Promise<UploadBody> {
  const boundary = boundaryOf(type);
  if (!stream || !boundary) throw unreadable();
  let form: MultipartUpload;
  try {
    form = await readMultipart(stream, boundary);
  } catch (error) {
    if (!(error instanceof MultipartError)) throw unreadable();
    throw error.message.startsWith('No file')
      ? StorageErrors.invalidRequest('No file was found in the multipart body')
      : unreadable();
  }
  const upload: UploadBody = {
    bytes: settleFields(),
    contentType: form.file.contentType || 'text/plain;charset=UTF-8',
    cacheControl: cacheControlOf(form.fields.get('cacheControl')),
    userMetadata: metadataOf(form.fields.get('metadata')),
  };
  async function* settleFields(): AsyncIterable<Uint8Array> {
    try {
      yield* form.bytes;
    } catch (error) {
      throw error instanceof MultipartError ? unreadable() : error;
    }
    upload.cacheControl = cacheControlOf(form.fields.get('cacheControl'));
    upload.userMetadata = metadataOf(form.fields.get('metadata'));
  }
  return upload;
}
