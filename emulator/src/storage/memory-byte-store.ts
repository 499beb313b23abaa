import { createHash } from 'node:crypto';
import { checkVersion, type ByteStore, type StagedBytes } from './byte-store.js';

interface MemoryStaged extends StagedBytes {
  readonly bytes: Uint8Array;
}

/**
 * Objects' bytes in memory, for an emulator whose database is in memory too.
 *
 * @example
 * ```ts
 * const store = new MemoryByteStore();
 * const staged = await store.stage(body, 1024, () => new Error('too large'));
 * await store.commit(staged, 'avatars', randomUUID());
 * ```
 */
export class MemoryByteStore implements ByteStore {
  private readonly blobs = new Map<string, Uint8Array>();

  private key(bucket: string, version: string): string {
    return `${bucket}\0${checkVersion(version)}`;
  }

  async stage(
    body: AsyncIterable<Uint8Array>,
    limit: number,
    tooLarge: () => Error,
  ): Promise<StagedBytes> {
    const chunks: Uint8Array[] = [];
    const hash = createHash('md5');
    let size = 0;
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > limit) throw tooLarge();
      hash.update(chunk);
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    const staged: MemoryStaged = { size, etag: `"${hash.digest('hex')}"`, bytes };
    return staged;
  }

  async commit(staged: StagedBytes, bucket: string, version: string): Promise<void> {
    this.blobs.set(this.key(bucket, version), (staged as MemoryStaged).bytes);
  }

  async discard(): Promise<void> {}

  async read(bucket: string, version: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(this.key(bucket, version));
  }

  async stream(
    bucket: string,
    version: string,
    range?: { start: number; end: number },
  ): Promise<ReadableStream<Uint8Array> | undefined> {
    const all = await this.read(bucket, version);
    if (!all) return undefined;
    const bytes = range ? all.subarray(range.start, range.end + 1) : all;
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  async copy(bucket: string, version: string, toBucket: string, toVersion: string): Promise<void> {
    const bytes = this.blobs.get(this.key(bucket, version));
    if (bytes) this.blobs.set(this.key(toBucket, toVersion), bytes);
  }

  async move(bucket: string, version: string, toBucket: string): Promise<void> {
    const bytes = this.blobs.get(this.key(bucket, version));
    if (!bytes) return;
    this.blobs.delete(this.key(bucket, version));
    this.blobs.set(this.key(toBucket, version), bytes);
  }

  async remove(bucket: string, version: string): Promise<void> {
    this.blobs.delete(this.key(bucket, version));
  }

  /** How many objects' bytes are held (for tests). */
  get count(): number {
    return this.blobs.size;
  }
}
