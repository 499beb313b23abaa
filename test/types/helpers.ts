// Type-level assertions for the type tests (test/types/*.test-d.ts): nothing here runs.
import type { QueryData as JsQueryData } from '@supabase/supabase-js';
import type { QueryData } from 'supabase-rx';

/** `true` when A and B are the same type (not merely assignable either way). */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only for `true`. */
export type Expect<T extends true> = T;

export type IsAny<T> = 0 extends 1 & T ? true : false;

/** The non-null `data` of a supabase-js builder (its `data` is `null` on errors). */
export type JsRow<Q> = Exclude<JsQueryData<Q>, null>;
/** The non-null `data` of a supabase-rx builder. */
export type RxRow<Q> = Exclude<QueryData<Q>, null>;

/**
 * `'same'` when the two builders' rows are the same type (and not `any`); otherwise both types,
 * which the compile error then shows.
 */
export type Conform<Js, Rx> =
  IsAny<RxRow<Rx>> extends true
    ? 'any'
    : Equal<JsRow<Js>, RxRow<Rx>> extends true
      ? 'same'
      : { supabaseJs: JsRow<Js>; supabaseRx: RxRow<Rx> };

/** A conformance row: compiles only when supabase-js and supabase-rx give the same row type. */
export declare function same<Js, Rx>(js: Js, rx: Rx, ok: Conform<Js, Rx>): void;
