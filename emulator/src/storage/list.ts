/** One entry of `list`: a file, or a folder (`id: null`). */
export interface ListEntry {
  name: string;
  id: string | null;
  updated_at: string | null;
  created_at: string | null;
  last_accessed_at: string | null;
  metadata: unknown;
}

/** An object as `list` reads it. */
export interface ListedObject {
  name: string;
  id: string;
  updated_at: string;
  created_at: string;
  last_accessed_at: string;
  metadata: unknown;
}

/** `list`'s options, as storage-js sends them. */
export interface ListOptions {
  prefix: string;
  limit: number;
  offset: number;
  search: string;
  sortBy: { column: string; order: string };
}

const SORTABLE = new Set(['name', 'created_at', 'updated_at', 'last_accessed_at']);

/**
 * The folder `list` looks into: the prefix with a trailing `/` (none for the root).
 *
 * @example
 * ```ts
 * folderOf('folder'); // 'folder/'
 * ```
 */
export function folderOf(prefix: string): string {
  const clean = prefix.replace(/^\/+/, '');
  return clean === '' || clean.endsWith('/') ? clean : `${clean}/`;
}

/**
 * `list` over the objects under a folder, as Storage's `search`: the folder's direct children,
 * sub-folders once each (`id: null`, null dates and metadata), `search` matched against the
 * child's name (case-insensitive prefix), sorted by `sortBy` (folders sort by name), then
 * `offset`/`limit`.
 *
 * @example
 * ```ts
 * listFolder(objects, { prefix: 'a', limit: 100, offset: 0, search: '', sortBy: { column: 'name', order: 'asc' } });
 * ```
 */
export function listFolder(objects: ListedObject[], options: ListOptions): ListEntry[] {
  const folder = folderOf(options.prefix);
  const search = options.search.toLowerCase();
  const folders = new Map<string, ListEntry>();
  const files: ListEntry[] = [];
  for (const object of objects) {
    if (!object.name.startsWith(folder)) continue;
    const rest = object.name.slice(folder.length);
    const slash = rest.indexOf('/');
    const child = slash < 0 ? rest : rest.slice(0, slash);
    if (!child || (search && !child.toLowerCase().startsWith(search))) continue;
    if (slash >= 0) {
      if (!folders.has(child)) {
        folders.set(child, {
          name: child,
          id: null,
          updated_at: null,
          created_at: null,
          last_accessed_at: null,
          metadata: null,
        });
      }
    } else {
      files.push({ ...object, name: child });
    }
  }
  const column = SORTABLE.has(options.sortBy.column) ? options.sortBy.column : 'name';
  const desc = options.sortBy.order?.toLowerCase() === 'desc';
  const value = (e: ListEntry) => (e as unknown as Record<string, string | null>)[column] ?? '';
  const all = [...folders.values(), ...files].sort((a, b) => {
    const x = column === 'name' ? a.name : value(a);
    const y = column === 'name' ? b.name : value(b);
    const order = x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    return desc ? -order : order;
  });
  return all.slice(options.offset, options.offset + options.limit);
}

/** `list-v2`'s options. */
export interface ListV2Options {
  prefix: string;
  cursor?: string;
  limit: number;
  withDelimiter: boolean;
  sortBy: { column: string; order: string };
}

/**
 * `list-v2` over the objects whose key starts with `prefix`: with a delimiter, the folders and
 * files directly under it; without, every object below it. Paged by an opaque cursor (the last
 * key returned), `hasNext` telling whether more follow.
 *
 * @example
 * ```ts
 * listV2(objects, { prefix: 'a/', limit: 10, withDelimiter: true, sortBy: { column: 'name', order: 'asc' } });
 * ```
 */
export function listV2(
  objects: ListedObject[],
  options: ListV2Options,
): {
  hasNext: boolean;
  nextCursor?: string;
  folders: { name: string; key: string }[];
  objects: (ListedObject & { key: string })[];
} {
  const entries: { key: string; folder: boolean; object?: ListedObject }[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    if (!object.name.startsWith(options.prefix)) continue;
    const rest = object.name.slice(options.prefix.length);
    const slash = options.withDelimiter ? rest.indexOf('/') : -1;
    if (slash >= 0) {
      const key = options.prefix + rest.slice(0, slash + 1);
      if (!seen.has(key)) {
        seen.add(key);
        entries.push({ key, folder: true });
      }
    } else entries.push({ key: object.name, folder: false, object });
  }
  const desc = options.sortBy.order?.toLowerCase() === 'desc';
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (desc ? -1 : 1));
  const after = options.cursor
    ? Buffer.from(options.cursor, 'base64url').toString('utf8')
    : undefined;
  const start =
    after === undefined ? 0 : entries.findIndex((e) => (desc ? e.key < after : e.key > after));
  const page = start < 0 ? [] : entries.slice(start, start + options.limit);
  const hasNext = start >= 0 && start + options.limit < entries.length;
  const last = page[page.length - 1];
  return {
    hasNext,
    ...(hasNext && last ? { nextCursor: Buffer.from(last.key, 'utf8').toString('base64url') } : {}),
    folders: page
      .filter((e) => e.folder)
      .map((e) => ({ name: e.key.slice(options.prefix.length), key: e.key })),
    objects: page
      .filter((e) => !e.folder)
      .map((e) => ({
        ...e.object!,
        name: options.withDelimiter ? e.key.slice(options.prefix.length) : e.key,
        key: e.key,
      })),
  };
}
