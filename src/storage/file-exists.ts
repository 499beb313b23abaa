import { catchError, map, of, throwError, type Observable } from 'rxjs';
import { StorageApiError } from './errors.js';
import type { StorageResponse } from './types.js';

/** storage-js's `exists()` test: `NoSuchKey`, or a 404 without a code. */
export function isNotFound(error: unknown): error is StorageApiError {
  return (
    error instanceof StorageApiError &&
    (error.code === 'NoSuchKey' || (error.status === 404 && error.code === ''))
  );
}

/**
 * `exists()` from an `info()` call: `data: true` when it answers, `data: false` when it fails
 * with not-found ({@link isNotFound}); any other failure errors.
 *
 * @example
 * ```ts
 * existsOf(files.info('a.png')).subscribe(({ data }) => console.log(data));
 * ```
 */
export function existsOf(
  info$: Observable<StorageResponse<unknown>>,
): Observable<StorageResponse<boolean>> {
  return info$.pipe(
    map((res): StorageResponse<boolean> => ({ ...res, data: true })),
    catchError((error: unknown) =>
      isNotFound(error)
        ? of<StorageResponse<boolean>>({
            data: false,
            status: error.status,
            statusText: '',
            count: null,
          })
        : throwError(() => error),
    ),
  );
}
