import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { checkVersion, type ByteStore, type StagedBytes } from './byte-store.js';

interface DiskStaged extends StagedBytes {
  readonly file: string;
}

/**
 * The folder of a bucket: its id in hex, so that no bucket id (whatever it holds) names
 * anything but one plain folder under the root.
 *
 * @example
 * ```ts
 * bucketFolder('avatars'); // 'b-61766174617273'
 * ```
 */
export function bucketFolder(bucket: string): string {
  return `b-${Buffer.from(bucket, 'utf8').toString('hex')}`;
}

/**
 * Objects' bytes in a folder: `<root>/b-<bucket hex>/<version>`. Uploads are written to
 * `<root>/.tmp/` and renamed into place on commit, so a cut-off upload never leaves a partial
 * object; `open` clears what a killed process left in `.tmp`.
 *
 * @example
 * ```ts
 * const store = await DiskByteStore.open('/data/storage');
 * ```
 */
export class DiskByteStore implements ByteStore {
  private constructor(readonly root: string) {}

  /** Opens (creating) the folder and removes stale temp files. */
  static async open(root: string): Promise<DiskByteStore> {
    const store = new DiskByteStore(resolve(root));
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir, { recursive: true });
    return store;
  }

  private get tmpDir(): string {
    return join(this.root, '.tmp');
  }

  /** The file of `(bucket, version)`; asserts it lies inside the bucket's folder. */
  pathOf(bucket: string, version: string): string {
    const folder = join(this.root, bucketFolder(bucket));
    const file = resolve(folder, checkVersion(version));
    const rel = relative(folder, file);
    if (!rel || rel.startsWith('..') || rel.includes(sep))
      throw new Error('Path outside the bucket folder');
    return file;
  }

  async stage(
    body: AsyncIterable<Uint8Array>,
    limit: number,
    tooLarge: () => Error,
  ): Promise<StagedBytes> {
    const file = join(this.tmpDir, randomBytes(12).toString('hex'));
    const out = createWriteStream(file, { flags: 'wx' });
    // Errors are read through `finished` (or dropped after a failed upload), never unhandled.
    out.on('error', () => undefined);
    const hash = createHash('md5');
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > limit) throw tooLarge();
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((ok) => out.once('drain', ok));
      }
      out.end();
      await finished(out);
    } catch (error) {
      out.destroy();
      await unlink(file).catch(() => undefined);
      throw error;
    }
    const staged: DiskStaged = { size, etag: `"${hash.digest('hex')}"`, file };
    return staged;
  }

  async commit(staged: StagedBytes, bucket: string, version: string): Promise<void> {
    const target = this.pathOf(bucket, version);
    await mkdir(join(this.root, bucketFolder(bucket)), { recursive: true });
    await rename((staged as DiskStaged).file, target);
  }

  async discard(staged: StagedBytes): Promise<void> {
    await unlink((staged as DiskStaged).file).catch(() => undefined);
  }

  async read(bucket: string, version: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(bucket, version)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async stream(
    bucket: string,
    version: string,
    range?: { start: number; end: number },
  ): Promise<ReadableStream<Uint8Array> | undefined> {
    const file = this.pathOf(bucket, version);
    try {
      await stat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return Readable.toWeb(createReadStream(file, range)) as ReadableStream<Uint8Array>;
  }

  async copy(bucket: string, version: string, toBucket: string, toVersion: string): Promise<void> {
    await mkdir(join(this.root, bucketFolder(toBucket)), { recursive: true });
    await copyFile(this.pathOf(bucket, version), this.pathOf(toBucket, toVersion));
  }

  async move(bucket: string, version: string, toBucket: string): Promise<void> {
    await mkdir(join(this.root, bucketFolder(toBucket)), { recursive: true });
    await rename(this.pathOf(bucket, version), this.pathOf(toBucket, version));
  }

  async remove(bucket: string, version: string): Promise<void> {
    await unlink(this.pathOf(bucket, version)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Every file under the root except temp files, relative to it (for tests and checks). */
  async files(): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      for (const file of await readdir(join(this.root, entry.name)))
        out.push(`${entry.name}/${file}`);
    }
    return out;
  }

  /**
   * Removes committed files no row points at (a process killed between moving an upload into
   * place and committing its row). `known` holds `<bucket>/<version>` of every object (bucket ids hold no `/`).
   * Resolves to how many files were removed.
   */
  async sweep(known: Set<string>): Promise<number> {
    let removed = 0;
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith('b-')) continue;
      const bucket = Buffer.from(entry.name.slice(2), 'hex').toString('utf8');
      for (const file of await readdir(join(this.root, entry.name))) {
        if (known.has(`${bucket}/${file}`)) continue;
        await unlink(join(this.root, entry.name, file)).catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }

  /** Files in the temp folder (uploads in flight or left over). */
  async staging(): Promise<string[]> {
    return readdir(this.tmpDir);
  }
}
