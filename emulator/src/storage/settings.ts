import { parseSize } from './size.js';

/** A bucket declared in `config.toml` (`[storage.buckets.<id>]`). */
export interface DeclaredBucket {
  id: string;
  public: boolean;
  fileSizeLimit: number | null;
  allowedMimeTypes: string[] | null;
}

/** The `[storage]` settings the emulator reads. */
export interface StorageSettings {
  /** `[storage] file_size_limit` in bytes (the CLI's default: 50 MiB). */
  fileSizeLimit: number;
  buckets: DeclaredBucket[];
}

/** The Supabase CLI's default `[storage] file_size_limit`. */
export const DEFAULT_FILE_SIZE_LIMIT = 50 * 1024 * 1024;

type Table = Record<string, unknown>;
const table = (v: unknown): Table =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {};

/**
 * Reads `[storage]` from a parsed `config.toml`: `file_size_limit` (`"50MiB"`, bytes) and the
 * buckets of `[storage.buckets.<id>]` (`public`, `file_size_limit`, `allowed_mime_types`).
 * Throws naming the setting when a value cannot be read.
 *
 * @example
 * ```ts
 * readStorageSettings({ storage: { file_size_limit: '1MiB', buckets: { avatars: { public: true } } } });
 * // { fileSizeLimit: 1048576, buckets: [{ id: 'avatars', public: true, fileSizeLimit: null, allowedMimeTypes: null }] }
 * ```
 */
export function readStorageSettings(raw: Table): StorageSettings {
  const storage = table(raw.storage);
  const limit =
    storage.file_size_limit === undefined || storage.file_size_limit === ''
      ? DEFAULT_FILE_SIZE_LIMIT
      : parseSize(storage.file_size_limit);
  if (limit === undefined) {
    throw new Error(
      `[storage] file_size_limit: cannot read ${JSON.stringify(storage.file_size_limit)}`,
    );
  }
  const buckets = Object.entries(table(storage.buckets)).map(([id, value]): DeclaredBucket => {
    const b = table(value);
    const size =
      b.file_size_limit === undefined || b.file_size_limit === ''
        ? null
        : parseSize(b.file_size_limit);
    if (size === undefined) {
      throw new Error(
        `[storage.buckets.${id}] file_size_limit: cannot read ${JSON.stringify(b.file_size_limit)}`,
      );
    }
    const mimes = b.allowed_mime_types;
    if (
      mimes !== undefined &&
      !(Array.isArray(mimes) && mimes.every((m) => typeof m === 'string'))
    ) {
      throw new Error(`[storage.buckets.${id}] allowed_mime_types must be a list of strings`);
    }
    return {
      id,
      public: b.public === true,
      fileSizeLimit: size,
      allowedMimeTypes: mimes && (mimes as string[]).length > 0 ? (mimes as string[]) : null,
    };
  });
  return { fileSizeLimit: limit, buckets };
}
