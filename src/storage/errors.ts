import { SupabaseRxError } from '../http/supabase-rx-error.js';

/** What `new StorageError()` takes beyond the message. */
export interface StorageErrorOptions {
  /** The HTTP status (0 when no response arrived). */
  status?: number;
  /** The server's `statusCode` string (`"404"`, `"409"`, …; Storage puts the real code here). */
  statusCode?: string;
  /** Storage's machine-readable `code` (`NoSuchKey`, `KeyAlreadyExists`, `InvalidKey`, …). */
  code?: string;
  /** The server's `error` field (`"not_found"`, `"Duplicate"`, …). */
  error?: string;
  cause?: unknown;
}

/**
 * The base class of the Storage errors, as storage-js's `StorageError`: `status` (number),
 * `statusCode` (the server's string), `code`, `error` and `message`.
 *
 * @example
 * ```ts
 * storage.from('avatars').download('missing.png').subscribe({
 *   error: (e) => e instanceof StorageError && console.log(e.status, e.statusCode, e.message),
 * });
 * ```
 */
export class StorageError extends SupabaseRxError {
  declare readonly statusCode: string | undefined;
  declare readonly error: string | undefined;
  /** storage-js's marker, read by {@link isStorageError} across bundles. */
  declare readonly __isStorageError: true;

  constructor(message: string, options: StorageErrorOptions = {}) {
    super(message, { status: options.status, code: options.code, cause: options.cause });
    this.name = 'StorageError';
    this.statusCode = options.statusCode;
    this.error = options.error;
    this.__isStorageError = true;
  }

  /** As storage-js: `{ name, message, status, statusCode }`. */
  toJSON(): { name: string; message: string; status: number; statusCode: string | undefined } {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      statusCode: this.statusCode,
    };
  }
}

/**
 * The Storage server answered with a non-2xx status.
 *
 * @example
 * ```ts
 * if (e instanceof StorageApiError && e.code === 'NoSuchKey') console.log('gone');
 * ```
 */
export class StorageApiError extends StorageError {
  declare readonly status: number;
  declare readonly statusCode: string;

  constructor(
    message: string,
    options: StorageErrorOptions & { status: number; statusCode: string },
  ) {
    super(message, options);
    this.name = 'StorageApiError';
  }

  /** As storage-js: `{ name, message, status, statusCode, code }`. */
  override toJSON(): ReturnType<StorageError['toJSON']> & { code: string | undefined } {
    return { ...super.toJSON(), code: this.code === '' ? undefined : this.code };
  }
}

/**
 * No usable answer arrived (network failure, aborted signal, a 2xx body that is not JSON):
 * `originalError` is the failure, as in storage-js.
 *
 * @example
 * ```ts
 * if (e instanceof StorageUnknownError) console.log('offline?', e.originalError);
 * ```
 */
export class StorageUnknownError extends StorageError {
  declare readonly originalError: unknown;

  constructor(message: string, originalError: unknown) {
    super(message, { cause: originalError });
    this.name = 'StorageUnknownError';
    this.originalError = originalError;
  }
}

/**
 * Whether a value is a Storage error (of this package or of storage-js), as storage-js's guard.
 *
 * @example
 * ```ts
 * if (isStorageError(e)) console.log(e.statusCode);
 * ```
 */
export function isStorageError(error: unknown): error is StorageError {
  return typeof error === 'object' && error !== null && '__isStorageError' in error;
}
