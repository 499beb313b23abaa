import type { FileMetadata } from './types.js';

/** `listV2()`'s sort: a column and a direction (Storage's default: `name asc`). */
export interface SortByV2 {
  column: 'name' | 'updated_at' | 'created_at';
  order?: 'asc' | 'desc';
}

/** `listV2()`'s options, sent as given (storage-js 2.119's `SearchV2Options`). */
export interface SearchV2Options {
  /** How many entries (Storage's default 1000). */
  limit?: number;
  /** Only keys starting with this. */
  prefix?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Group keys by `/` into `folders` (default `false`: every object, flat). */
  with_delimiter?: boolean;
  sortBy?: SortByV2;
  noncurrentVersions?: 'exclude' | 'include' | 'only';
  deleteMarkers?: 'exclude' | 'include' | 'only';
  /** Only the object whose key is exactly `prefix`. */
  exactMatch?: boolean;
}

/** An object of a `listV2()` page. */
export interface SearchV2Object {
  name: string;
  key?: string;
  id: string;
  updated_at: string;
  created_at: string;
  metadata: FileMetadata | null;
  /** @deprecated */
  last_accessed_at: string;
  version?: string;
  archived_at?: string | null;
  is_delete_marker?: boolean;
  is_versioned?: boolean;
}

/** A folder of a `listV2()` page (with `with_delimiter`). */
export interface SearchV2Folder {
  name: string;
  key?: string;
}

/** A `listV2()` page. */
export interface SearchV2Result {
  hasNext: boolean;
  folders: SearchV2Folder[];
  objects: SearchV2Object[];
  nextCursor?: string;
}
