import { catchError, map, of, type OperatorFunction } from 'rxjs';
import { SupabaseRxError } from '../http/supabase-rx-error.js';

/** A supabase-js-style result: exactly one of `data` / `error` is meaningful. */
export type Result<T> =
  | { data: T; error: null; count: number | null; status: number; statusText: string }
  | { data: null; error: Error; count: null; status: number; statusText: string };

type ResponseLike = { data: unknown; count: number | null; status: number; statusText: string };

/** The `data` type `toResult()` gives a stream of `T`: a response's `data`, else `T` itself. */
export type ResultData<T> = T extends ResponseLike ? T['data'] : T;

function isResponseLike(value: unknown): value is ResponseLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    'data' in value &&
    'status' in value &&
    'statusText' in value
  );
}

function success<T>(value: T): Result<ResultData<T>> {
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
 * `count`/`status`/`statusText`; other values become `data` (status 200).
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
 * if (error) console.error(error.message);
 * ```
 *
 * @returns An operator whose output stream never errors.
 */
export function toResult<T>(): OperatorFunction<T, Result<ResultData<T>>> {
  return (source) =>
    source.pipe(
      map((value) => success(value)),
      catchError((error: unknown) => of(failure(error))),
    );
}
