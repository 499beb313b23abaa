/** Type-level helpers behind `returns<T>()` and `overrideTypes<T>()`. */

type Flat<T> = { [K in keyof T]: T[K] };
type IsObject<T> = T extends unknown[] ? false : T extends object ? true : false;
type Named<T> = { [K in keyof T]: string extends K ? never : K }[keyof T];

// One field of the merge: objects merge key by key, arrays element by element; anything else is
// replaced by the override's type.
type MergeField<New, Base> = [New] extends [unknown[]]
  ? [Base] extends [unknown[]]
    ? Flat<
        DeepMerge<NonNullable<New[number & keyof New]>, NonNullable<Base[number & keyof Base]>>
      >[]
    : New
  : [IsObject<NonNullable<New>>, IsObject<NonNullable<Base>>] extends [true, true]
    ? null extends New
      ? Flat<DeepMerge<NonNullable<New>, NonNullable<Base>>> | null
      : Flat<DeepMerge<New, NonNullable<Base>>>
    : New;

type DeepMerge<New, Base> = Flat<
  {
    [K in Named<New> | Named<Base>]: K extends keyof New
      ? K extends keyof Base
        ? MergeField<New[K], Base[K]>
        : New[K]
      : K extends keyof Base
        ? Base[K]
        : never;
  } & (string extends keyof Base
    ? { [key: string]: Base[string & keyof Base] }
    : Record<never, never>)
>;

/**
 * The result type after `overrideTypes<New, { merge }>()`: with `merge` (the default) the fields
 * of `New` are merged deeply over those of the current result (row by row for arrays); with
 * `merge: false` the result becomes `New`. A `null` the current type allows (after
 * `maybeSingle()`) is kept.
 *
 * @example
 * ```ts
 * type T = OverrideResult<{ id: number; tags: unknown }[], { tags: string[] }[], {}>;
 * // { id: number; tags: string[] }[]
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
    ? DeepMerge<N, R>[]
    : DeepMerge<New, R>[]
  : New extends unknown[]
    ? New
    : DeepMerge<New, Result>;
