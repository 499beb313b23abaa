/**
 * Whether an error says the request's JWT expired: PostgREST `PGRST301` / `PGRST303`, a Storage
 * error whose message says `jwt expired` (or `"exp" claim …`), or a Functions HTTP error with
 * status 401 (the gateway refuses an expired token so; a function's own 401 looks the same), or
 * any SDK error with status 401 and a message saying the JWT expired.
 *
 * @example
 * ```ts
 * isJwtExpiredError(new PostgrestError({ message: 'JWT expired', code: 'PGRST303' }, { status: 401 })); // true
 * ```
 */
export function isJwtExpiredError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, status, message, name, __isStorageError } = error as {
    code?: unknown;
    status?: unknown;
    message?: unknown;
    name?: unknown;
    __isStorageError?: unknown;
  };
  const text = typeof message === 'string' ? message : '';
  if (code === 'PGRST301' || code === 'PGRST303') return true;
  if (__isStorageError === true && /jwt expired|"exp" claim/i.test(text)) return true;
  if (name === 'FunctionsHttpError' && status === 401) return true;
  return status === 401 && /jwt (has )?expired|token has expired/i.test(text);
}
