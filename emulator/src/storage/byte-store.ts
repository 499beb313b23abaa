/** Bytes received and held aside until the object's row is committed. */
export interface StagedBytes {
  readonly size: number;
  /** Quoted MD5 of the bytes, as Storage's `eTag`. */
  readonly etag: string;
}

/**
 * Where the emulator keeps objects' bytes: in memory, or in a folder (`DiskByteStore`). Bytes
 * are first staged (a temp file on disk), then committed under `(bucket, version)` once the
 * object's row is written; a request that fails or is cut off leaves nothing behind. Files are
 * named by the object's version id, never by its key, so no key can reach outside the bucket's
 * folder.
 */
export interface ByteStore {
  /** Reads `body` to the end; throws `tooLarge()` as soon as it exceeds `limit` bytes. */
  stage(
    body: AsyncIterable<Uint8Array>,
    limit: number,
    tooLarge: () => Error,
  ): Promise<StagedBytes>;
  /** Moves staged bytes to `(bucket, version)`. */
  commit(staged: StagedBytes, bucket: string, version: string): Promise<void>;
  /** Drops staged bytes that will not be committed. */
  discard(staged: StagedBytes): Promise<void>;
  /** The bytes of `(bucket, version)`, or `undefined` when there are none. */
  read(bucket: string, version: string): Promise<Uint8Array | undefined>;
  /**
   * Streams the bytes of `(bucket, version)`, or those from `range.start` to `range.end`
   * (inclusive); `undefined` when there are none.
   */
  stream(
    bucket: string,
    version: string,
    range?: { start: number; end: number },
  ): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Copies `(bucket, version)` to `(toBucket, toVersion)`. */
  copy(bucket: string, version: string, toBucket: string, toVersion: string): Promise<void>;
  /** Renames `(bucket, version)` to `(toBucket, version)` (a move across buckets). */
  move(bucket: string, version: string, toBucket: string): Promise<void>;
  /** Removes `(bucket, version)`; missing bytes are not an error. */
  remove(bucket: string, version: string): Promise<void>;
}

const VERSION = /^[0-9a-f-]{36}$/;

/**
 * Refuses a version id that is not a UUID (the emulator makes them; anything else would be a
 * bug, and must never become part of a file name).
 *
 * @example
 * ```ts
 * checkVersion('6c9f…'); // throws unless a UUID
 * ```
 */
export function checkVersion(version: string): string {
  if (!VERSION.test(version))
    throw new Error(`Not an object version id: ${JSON.stringify(version)}`);
  return version;
}
