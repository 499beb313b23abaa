import { catchError, map, of, type OperatorFunction } from 'rxjs';
import { SupabaseRxError } from '../http/supabase-rx-error.js';
// Types only: nothing of these modules enters a bundle through this operator.
import type { AuthError } from '../auth/errors.js';
import type { Session, User, UserIdentity } from '../auth/types.js';
import type { PostgrestError } from '../db/postgrest-error.js';
import type { FunctionsError } from '../functions/errors.js';
import type { StorageError } from '../storage/errors.js';
import type { StorageResponseMark } from '../storage/types.js';

/**
 * A supabase-js-style result: exactly one of `data` / `error` is meaningful. `E` is the error type
 * (what {@link ResultError} finds for the stream).
 */
export type Result<T, E extends Error = Error> =
  | { data: T; error: null; count: number | null; status: number; statusText: string }
  | { data: null; error: E; count: null; status: number; statusText: string };

type ResponseLike = { data: unknown; count: number | null; status: number; statusText: string };

/** The `data` type `toResult()` gives a stream of `T`: a response's `data`, else `T` itself. */
export type ResultData<T> = T extends ResponseLike ? T['data'] : T;

/** What auth methods emit: a session, a user, or an object holding them. */
type AuthValue =
  | Session
  | User
  | { session: Session | null }
  | { user: User | null }
  | { identities: UserIdentity[] };

/**
 * The error type `toResult()` gives a stream of `T`, from the values its module emits:
 * `FunctionsError` (a response with `headers`), `StorageError` (a `StorageResponse`),
 * `PostgrestError` (any other `{ data, count, status, statusText }`: database builders, `rpc`,
 * `getOpenApiSpec`), `AuthError` (a session, a user, or an object holding one), else `Error`
 * (a stream of `void`, such as `signOut()`, says nothing of its module).
 */
export type ResultError<T> = [T] extends [never]
  ? Error
  : [T] extends [{ headers: Headers } & ResponseLike]
    ? FunctionsError
    : [T] extends [object]
      ? StorageResponseMark extends keyof T
        ? StorageError
        : [T] extends [ResponseLike]
          ? PostgrestError
          : [T] extends [AuthValue]
            ? AuthError
            : Error
      : Error;

function isResponseLike(value: unknown): value is ResponseLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    'data' in value &&
    'status' in value &&
    'statusText' in value
  );
}

function success<T>(value: T): Result<ResultData<T>, never> {
  if (isResponseLike(value)) {
    return {
      data: value.data as ResultData<T>,
      error: null,
      count: value.count ?? null,
      status: value.status,
      statusText: value.statusText,
    };
  }
  return { data: value as ResultData<T>, error: null, count: null, status: 200, statusText: '' };
}

function failure(error: unknown): Result<never> {
  const e = error instanceof Error ? error : new Error(String(error), { cause: error });
  const statusText = (e as { statusText?: unknown }).statusText;
  return {
    data: null,
    error: e,
    count: null,
    status: e instanceof SupabaseRxError ? e.status : 0,
    statusText: typeof statusText === 'string' ? statusText : '',
  };
}

/**
 * Maps a stream to supabase-js-style `{ data, error, count, status, statusText }` values and never
 * errors: each value becomes `{ data, error: null, … }`, an error becomes one last
 * `{ data: null, error }` value followed by completion. Database responses keep their
 * `count`/`status`/`statusText`; other values become `data` (status 200). `error` is typed by
 * the module ({@link ResultError}): `PostgrestError` for database builders, `AuthError`,
 * `StorageError`, `FunctionsError`, so `error.code`, `error.details`, `error.hint` need no cast.
 *
 * ```
 * source:      --r--#            (r = { data: [1], count: null, status: 200, statusText: 'OK' })
 * toResult():  --a--(b|)         (a = { data: [1], error: null, … }, b = { data: null, error: e, … })
 * ```
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { toResult } from 'supabase-rx/operators';
 *
 * const { data, error } = await firstValueFrom(db.from('movies').select().pipe(toResult()));
 * if (error) console.error(error.code, error.details, error.hint); // error: PostgrestError | null
 * ```
 *
 * @returns An operator whose output stream never errors.
 */
export function toResult<T>(): OperatorFunction<T, Result<ResultData<T>, ResultError<T>>> {
  return (source) =>
    source.pipe(
      map((value): Result<ResultData<T>, ResultError<T>> => success(value)),
      // Each module errors only with its own error class (DESIGN.md, API conventions §3).
      catchError((error: unknown) => of(failure(error) as Result<never, ResultError<T>>)),
    );
}
