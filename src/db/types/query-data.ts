/**
 * The reference's "response types for complex queries": the types of what a query emits, for
 * naming a nested result once instead of writing it by hand.
 */
import type { Observable } from 'rxjs';
import type { PostgrestError } from '../postgrest-error.js';
import type { PostgrestResponse } from '../types.js';

/**
 * The `data` a query builder (or any Observable of a database response) emits. Unlike
 * supabase-js's `QueryData`, a `maybeSingle()` keeps its `| null`: our `data` is `null` only
 * when the query says so, never because of an error.
 *
 * @example
 * ```ts
 * const countriesWithCities = supabase.from('countries').select('id, name, cities(id, name)');
 * type CountriesWithCities = QueryData<typeof countriesWithCities>;
 * // { id: number; name: string; cities: { id: number; name: string }[] }[]
 * ```
 */
export type QueryData<Query> =
  Query extends Observable<PostgrestResponse<infer Data>> ? Data : never;

/**
 * The whole response a query emits: `{ data, count, status, statusText }`.
 *
 * @example
 * ```ts
 * type Result = QueryResult<typeof countriesWithCities>; // PostgrestResponse<…>
 * ```
 */
export type QueryResult<Query> =
  Query extends Observable<infer Response extends PostgrestResponse<unknown>> ? Response : never;

/**
 * The error a query fails with (on the error channel, or in `toResult()`'s `{ error }`).
 *
 * @example
 * ```ts
 * countries$.subscribe({ error: (e: QueryError) => console.log(e.code, e.hint) });
 * ```
 */
export type QueryError = PostgrestError;
