/** Type-level helpers behind `returns<T>()` and `overrideTypes<T>()`. */

type Merge<Base, New> = Base extends object
  ? New extends object
    ? { [K in keyof Omit<Base, keyof New>]: Base[K] } & New
    : New
  : New;

/**
 * The result type after `overrideTypes<New, { merge }>()`: with `merge` (the default) the fields
 * of `New` replace those of the current result (row by row for arrays); with `merge: false` the
 * result becomes `New`. A `null` the current type allows (after `maybeSingle()`) is kept.
 *
 * @example
 * ```ts
 * type T = OverrideResult<{ id: number; tags: unknown }[], { tags: string[] }[]>;
 * // ({ id: number } & { tags: string[] })[]
 * ```
 */
export type OverrideResult<Result, New, Options extends { merge?: boolean }> = Options extends {
  merge: false;
}
  ? New
  : null extends Result
    ? MergeOne<NonNullable<Result>, New> | null
    : MergeOne<Result, New>;

type MergeOne<Result, New> = Result extends (infer R)[]
  ? New extends (infer N)[]
    ? Merge<R, N>[]
    : Merge<R, New>[]
  : New extends unknown[]
    ? New
    : Merge<Result, New>;
