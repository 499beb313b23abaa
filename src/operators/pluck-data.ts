import { map, type OperatorFunction } from 'rxjs';

/**
 * Maps each response to its `data`, dropping `count`, `status` and `statusText`.
 *
 * ```
 * source:      --r--|     (r = { data: [1], count: null, status: 200, statusText: 'OK' })
 * pluckData(): --d--|     (d = [1])
 * ```
 *
 * ## Example
 * ```ts
 * import { pluckData } from 'supabase-rx/operators';
 *
 * db.from('movies').select('id, title').pipe(pluckData()).subscribe((rows) => console.log(rows));
 * ```
 *
 * @return An operator from a stream of responses to a stream of their `data`; errors pass through.
 * @see toResult
 */
export function pluckData<T extends { data: unknown }>(): OperatorFunction<T, T['data']> {
  return (source) => source.pipe(map((response) => response.data));
}
