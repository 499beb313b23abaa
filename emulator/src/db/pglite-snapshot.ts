import { posix } from 'node:path';
import type { Extension } from '@electric-sql/pglite';

/** The part of Emscripten's file system a snapshot reads and writes. */
export interface SnapshotFs {
  readdir(path: string): string[];
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
  readFile(path: string): Uint8Array;
  mkdirTree(path: string): void;
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array, options?: { canOwn?: boolean }): void;
}

/**
 * A PGlite data folder held as plain bytes: its folders, its files' paths and sizes, and their
 * contents back to back. Restoring one writes each file as a view of `data` (no copy), where a
 * tarball is parsed, copied several times and written path by path.
 */
export interface DataDirSnapshot {
  /** Folders, relative to the data folder (`/base`), parents first. */
  dirs: string[];
  /** Files, relative to the data folder, with their sizes, in the order of `data`. */
  files: Array<[path: string, size: number]>;
  data: Uint8Array;
}

/** The bytes of a snapshot file did not hold a snapshot (damaged or of another format). */
export class SnapshotFormatError extends Error {
  constructor(reason: string) {
    super(`Not a PGlite data folder snapshot: ${reason}`);
    this.name = 'SnapshotFormatError';
  }
}

const MAGIC = 'PGLSNAP1';
const HEADER = MAGIC.length + 4;

/**
 * Reads the data folder `root` out of a PGlite's file system, e.g. after `close()` (which shuts
 * Postgres down cleanly, so the snapshot starts without crash recovery).
 *
 * @example
 * ```ts
 * await db.close();
 * const snapshot = readSnapshot(db.Module.FS, '/pglite/data');
 * ```
 */
export function readSnapshot(fs: SnapshotFs, root: string): DataDirSnapshot {
  const dirs: string[] = [];
  const files: Array<[string, number]> = [];
  const chunks: Uint8Array[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const path = `${dir}/${name}`;
      if (fs.isDir(fs.stat(path).mode)) {
        dirs.push(path.slice(root.length));
        walk(path);
      } else {
        const bytes = fs.readFile(path);
        files.push([path.slice(root.length), bytes.length]);
        chunks.push(bytes);
      }
    }
  };
  walk(root);
  return { dirs, files, data: Buffer.concat(chunks) };
}

/**
 * Writes a snapshot into a file system under `root`. The files keep views of `snapshot.data`,
 * so its bytes then belong to that file system: restore a snapshot only once.
 *
 * @example
 * ```ts
 * writeSnapshot(mod.FS, mod.ENV.PGDATA, snapshot);
 * ```
 */
export function writeSnapshot(fs: SnapshotFs, root: string, snapshot: DataDirSnapshot): void {
  fs.mkdirTree(root);
  for (const dir of snapshot.dirs) fs.mkdir(root + dir);
  let offset = 0;
  for (const [path, size] of snapshot.files) {
    fs.writeFile(root + path, snapshot.data.subarray(offset, offset + size), { canOwn: true });
    offset += size;
  }
}

// Postgres removes its relcache init files at every start (xlog.c: "In theory we could leave them
// in place if the database had been cleanly shut down"), and the first backend rebuilds them from
// the catalogs, a large part of a start in WebAssembly. A snapshot is of a clean shutdown, and
// Postgres keeps the files true to the catalogs while it runs (it removes them on any change to
// what they cache), so those in a snapshot are kept through that one removal.
const INIT_FILE = /^(\/global|\/base\/\d+)\/pg_internal\.init$/;

/** The part of Emscripten's file system that start-up removes files through. */
export interface UnlinkFs {
  unlink(path: string): void;
}

/**
 * Makes the first removal of each relcache init file under `root` that `snapshot` holds a no-op,
 * until the returned function is called (once Postgres has started); later removals, by which
 * Postgres drops a file that no longer matches the catalogs, go through.
 *
 * @example
 * ```ts
 * const release = keepRelcacheInitFiles(mod.FS, mod.ENV.PGDATA, snapshot);
 * // … Postgres starts, loading the kept files instead of rebuilding them …
 * release();
 * ```
 */
export function keepRelcacheInitFiles(
  fs: UnlinkFs,
  root: string,
  snapshot: DataDirSnapshot,
): () => void {
  const kept = new Set(
    snapshot.files.filter(([path]) => INIT_FILE.test(path)).map(([path]) => root + path),
  );
  const unlink = fs.unlink;
  fs.unlink = (path: string) => {
    if (kept.delete(posix.normalize(path))) return;
    unlink.call(fs, path);
  };
  return () => {
    kept.clear();
    fs.unlink = unlink;
  };
}

/**
 * A PGlite extension that restores a snapshot as the data folder before Postgres starts, so
 * PGlite finds a database and resumes it (no initdb, no tarball), keeping its relcache init files.
 *
 * @example
 * ```ts
 * const db = new PGlite({ extensions: { restore: restoreSnapshot(snapshot) } });
 * ```
 */
export function restoreSnapshot(snapshot: DataDirSnapshot): Extension {
  let release: (() => void) | undefined;
  return {
    name: 'supabase-rx-restore-snapshot',
    setup: async (_pg, opts: { preRun?: Array<(mod: unknown) => void> }) => ({
      emscriptenOpts: {
        ...opts,
        // After PGlite's own hooks, which set PGDATA.
        preRun: [
          ...(opts.preRun ?? []),
          (mod: { FS: SnapshotFs & UnlinkFs; ENV: Record<string, string> }) => {
            writeSnapshot(mod.FS, mod.ENV.PGDATA, snapshot);
            release = keepRelcacheInitFiles(mod.FS, mod.ENV.PGDATA, snapshot);
          },
        ],
      },
      // Extensions' init runs once Postgres is up and has answered PGlite's first query.
      init: async () => release?.(),
    }),
  };
}

/**
 * A snapshot as the bytes of a file: the magic `PGLSNAP1`, the index's length (uint32 LE), the
 * index as JSON, then the data.
 *
 * @example
 * ```ts
 * await writeFile(path, encodeSnapshot(snapshot));
 * ```
 */
export function encodeSnapshot(snapshot: DataDirSnapshot): Uint8Array[] {
  const index = Buffer.from(JSON.stringify({ dirs: snapshot.dirs, files: snapshot.files }));
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(index.length, MAGIC.length);
  return [header, index, snapshot.data];
}

/**
 * Parses what `encodeSnapshot` wrote; throws a `SnapshotFormatError` for anything else. The
 * snapshot's data is a view of `bytes`.
 *
 * @example
 * ```ts
 * const snapshot = decodeSnapshot(await readFile(path));
 * ```
 */
export function decodeSnapshot(bytes: Buffer): DataDirSnapshot {
  if (bytes.length < HEADER || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new SnapshotFormatError('no PGLSNAP1 header');
  }
  const indexLength = bytes.readUInt32LE(MAGIC.length);
  if (HEADER + indexLength > bytes.length) throw new SnapshotFormatError('truncated index');
  let index: { dirs?: unknown; files?: unknown };
  try {
    index = JSON.parse(bytes.toString('utf8', HEADER, HEADER + indexLength)) as typeof index;
  } catch {
    throw new SnapshotFormatError('unreadable index');
  }
  const { dirs, files } = index;
  const valid =
    Array.isArray(dirs) &&
    dirs.every((d) => typeof d === 'string') &&
    Array.isArray(files) &&
    files.every(
      (f) => Array.isArray(f) && typeof f[0] === 'string' && Number.isInteger(f[1]) && f[1] >= 0,
    );
  if (!valid) throw new SnapshotFormatError('malformed index');
  const data = bytes.subarray(HEADER + indexLength);
  const total = (files as Array<[string, number]>).reduce((sum, [, size]) => sum + size, 0);
  if (total !== data.length) throw new SnapshotFormatError('truncated data');
  return { dirs: dirs as string[], files: files as Array<[string, number]>, data };
}
