/**
 * What an upload accepts: storage-js's bodies. A Node `Readable` (anything with `pipe` that is
 * async-iterable) is sent as a web `ReadableStream`, read chunk by chunk (constant memory).
 */
export type FileBody =
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | FormData
  | ReadableStream<Uint8Array>
  | URLSearchParams
  | string
  | NodeStreamLike;

/** A Node readable stream, seen structurally (the SDK never imports Node's modules). */
export interface NodeStreamLike extends AsyncIterable<unknown> {
  pipe: (...args: never[]) => unknown;
}

/** Whether a body is sent as multipart form data (storage-js: a Blob, a File or a FormData). */
export function isFormBody(body: unknown): body is Blob | FormData {
  return (
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof FormData !== 'undefined' && body instanceof FormData)
  );
}

/** Whether a body is a Node stream (has `pipe`), which storage-js sends with `duplex: 'half'`. */
export function isNodeStream(body: unknown): body is NodeStreamLike {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { pipe?: unknown }).pipe === 'function' &&
    typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

/**
 * An async iterable of chunks (a Node stream) as a web `ReadableStream` that pulls one chunk at
 * a time, so that fetch holds at most a chunk; cancelling it ends the iterator (destroying the
 * Node stream).
 *
 * @example
 * ```ts
 * fetch(url, { method: 'POST', body: iterableStream(createReadStream(file)), duplex: 'half' });
 * ```
 */
export function iterableStream(source: AsyncIterable<unknown>): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= source[Symbol.asyncIterator]();
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(toBytes(value));
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}

/** A chunk as bytes: strings as UTF-8, views over their own range. */
export function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError(`upload(): a stream chunk must be bytes or a string (got ${typeof chunk})`);
}

/**
 * The size in bytes of a body when it is known without reading it (`undefined` for streams and
 * multipart bodies, whose size fetch decides).
 *
 * @example
 * ```ts
 * bodySize('héllo'); // 6
 * ```
 */
export function bodySize(body: unknown): number | undefined {
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString()).byteLength;
  return undefined;
}

/**
 * Base64 of a string's UTF-8 bytes (what storage-js's `Buffer.from(s).toString('base64')` gives),
 * with web APIs only.
 *
 * @example
 * ```ts
 * utf8Base64('{"k":"v"}'); // 'eyJrIjoidiJ9'
 * ```
 */
export function utf8Base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
