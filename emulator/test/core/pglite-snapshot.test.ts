import { describe, expect, it } from 'vitest';
import {
  decodeSnapshot,
  encodeSnapshot,
  readSnapshot,
  SnapshotFormatError,
  writeSnapshot,
  type SnapshotFs,
} from '../../src/db/pglite-snapshot.js';

const DIR = 0o040000;

/** A file system of a map of paths, enough for what snapshots read and write. */
function memoryFs(entries: Record<string, Uint8Array | 'dir'> = {}) {
  const tree = new Map<string, Uint8Array | 'dir'>(Object.entries(entries));
  const fs: SnapshotFs = {
    readdir: (path) => [
      '.',
      '..',
      ...[...tree.keys()]
        .filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/'))
        .map((p) => p.slice(path.length + 1)),
    ],
    stat: (path) => ({ mode: tree.get(path) === 'dir' ? DIR : 0o100000 }),
    isDir: (mode) => mode === DIR,
    readFile: (path) => tree.get(path) as Uint8Array,
    mkdirTree: (path) => void tree.set(path, 'dir'),
    mkdir: (path) => {
      if (tree.has(path)) throw new Error(`EEXIST ${path}`);
      tree.set(path, 'dir');
    },
    writeFile: (path, data) => void tree.set(path, data),
  };
  return { fs, tree };
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('PGlite data folder snapshots', () => {
  const source = memoryFs({
    '/data': 'dir',
    '/data/PG_VERSION': bytes('18\n'),
    '/data/base': 'dir',
    '/data/base/5': 'dir',
    '/data/base/5/1259': bytes('pages'),
    '/data/base/5/empty': new Uint8Array(0),
  });

  it('reads a folder, survives encoding, and writes the same files elsewhere', () => {
    const snapshot = readSnapshot(source.fs, '/data');
    expect(snapshot.dirs).toEqual(['/base', '/base/5']);
    const decoded = decodeSnapshot(Buffer.concat(encodeSnapshot(snapshot)));
    expect(decoded.files).toEqual(snapshot.files);

    const target = memoryFs();
    writeSnapshot(target.fs, '/pgdata', decoded);
    const text = (p: string) => Buffer.from(target.tree.get(p) as Uint8Array).toString();
    expect(text('/pgdata/PG_VERSION')).toBe('18\n');
    expect(text('/pgdata/base/5/1259')).toBe('pages');
    expect(text('/pgdata/base/5/empty')).toBe('');
    expect(target.tree.get('/pgdata/base/5')).toBe('dir');
  });

  it('refuses bytes that are not a whole snapshot with a SnapshotFormatError', () => {
    const whole = Buffer.concat(encodeSnapshot(readSnapshot(source.fs, '/data')));
    expect(() => decodeSnapshot(Buffer.from('not a snapshot'))).toThrow(SnapshotFormatError);
    expect(() => decodeSnapshot(whole.subarray(0, whole.length - 1))).toThrow(/truncated data/);
    expect(() => decodeSnapshot(whole.subarray(0, 20))).toThrow(/truncated index/);
    const badIndex = Buffer.from(whole);
    badIndex.write('x', 12); // the index's opening brace
    expect(() => decodeSnapshot(badIndex)).toThrow(SnapshotFormatError);
  });
});
