import { describe, expect, it } from 'vitest';
import {
  decodeSnapshot,
  encodeSnapshot,
  keepRelcacheInitFiles,
  readSnapshot,
  SnapshotFormatError,
  writeSnapshot,
  type SnapshotFs,
} from '../../src/db/pglite-snapshot.js';
import { createPgliteEngine } from '../../src/db/pglite-engine.js';

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

describe('relcache init files through a restore', () => {
  const snapshot = {
    dirs: ['/global', '/base', '/base/5'],
    files: [
      ['/global/pg_internal.init', 0],
      ['/base/5/pg_internal.init', 0],
      ['/base/5/1259', 0],
    ] as Array<[string, number]>,
    data: new Uint8Array(0),
  };

  it('keeps each init file through its first removal only, and none once released', () => {
    const removed: string[] = [];
    const fs = { unlink: (path: string) => void removed.push(path) };
    const release = keepRelcacheInitFiles(fs, '/pgdata', snapshot);
    fs.unlink('/pgdata/global/pg_internal.init'); // Postgres's removal at start: kept
    fs.unlink('/pgdata/base/5/../5/pg_internal.init'); // the same file, another spelling: kept
    fs.unlink('/pgdata/base/5/1259'); // not an init file
    fs.unlink('/pgdata/base/5/pg_internal.init'); // a second removal: the catalogs changed
    expect(removed).toEqual(['/pgdata/base/5/1259', '/pgdata/base/5/pg_internal.init']);
    release();
    fs.unlink('/pgdata/base/5/pg_internal.init');
    expect(removed).toHaveLength(3);

    const again = keepRelcacheInitFiles(fs, '/pgdata', snapshot);
    again();
    fs.unlink('/pgdata/global/pg_internal.init');
    expect(removed).toContain('/pgdata/global/pg_internal.init');
  });

  it('starts from the kept files, and still drops them when the catalogs change', async () => {
    // pg_stat_file's record has a null field (creation time), so its size says the file is there.
    const present = async (engine: Awaited<ReturnType<typeof createPgliteEngine>>) =>
      (
        await engine.query<{ present: boolean }>(
          `select (pg_stat_file(current_setting('data_directory') || '/base/' ||
             (select oid from pg_database where datname = current_database()) || '/pg_internal.init',
             true)).size is not null as present`,
        )
      ).rows[0].present;
    const first = await createPgliteEngine();
    await first.exec('create table t (id int primary key); insert into t values (1)');
    const second = await createPgliteEngine({ snapshot: await first.closeToSnapshot() });
    expect(await present(second)).toBe(true);
    // Statistics of pg_class change what the file caches: Postgres must be able to remove it,
    // or the next start would read stale entries.
    await second.exec('analyze pg_class; create table u (n int)');
    expect(await present(second)).toBe(false);
    const third = await createPgliteEngine({ snapshot: await second.closeToSnapshot() });
    try {
      const { rows } = await third.query<{ id: number; u: string }>(
        "select id, to_regclass('u')::text as u from t",
      );
      expect(rows).toEqual([{ id: 1, u: 'u' }]);
      expect(await present(third)).toBe(true); // rebuilt by this start
    } finally {
      await third.close();
    }
  }, 240_000);
});
