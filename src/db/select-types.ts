/**
 * Type-level reading of a `select()` column string. Only what can be typed exactly is typed:
 * `*`, and comma lists of plain columns with optional `alias:column` renames. Anything else
 * (embeds, casts, JSON paths, spreads, aggregates) gives {@link LooseRow}.
 */
import type { LooseRow } from './types.js';

type Whitespace = ' ' | '\n' | '\t' | '\r';

type TrimLeft<S extends string> = S extends `${Whitespace}${infer R}` ? TrimLeft<R> : S;
type TrimRight<S extends string> = S extends `${infer R}${Whitespace}` ? TrimRight<R> : S;
type Trim<S extends string> = TrimLeft<TrimRight<S>>;

type SplitComma<S extends string> = S extends `${infer Head},${infer Tail}`
  ? [Trim<Head>, ...SplitComma<Tail>]
  : [Trim<S>];

/** A marker for an item the type parser does not understand. */
interface Unparsed {
  readonly __unparsed: true;
}

type ParseItem<Row, Item extends string> = Item extends `${infer Alias}:${infer Column}`
  ? Trim<Column> extends keyof Row
    ? Trim<Alias> extends `${string}${Whitespace | '(' | '.' | '!'}${string}` | ''
      ? Unparsed
      : { [K in Trim<Alias>]: Row[Trim<Column>] }
    : Unparsed
  : Item extends keyof Row
    ? { [K in Item]: Row[Item] }
    : Unparsed;

type ParseItems<Row, Items extends string[]> = Items extends [
  infer Head extends string,
  ...infer Tail extends string[],
]
  ? ParseItem<Row, Head> extends infer P
    ? P extends Unparsed
      ? Unparsed
      : ParseItems<Row, Tail> extends infer Rest
        ? Rest extends Unparsed
          ? Unparsed
          : P & Rest
        : never
    : never
  : unknown;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/**
 * The row type `select(Query)` yields on a relation whose rows are `Row`.
 *
 * @example
 * ```ts
 * type R = SelectRow<{ id: number; title: string }, 'id, name:title'>; // { id: number; name: string }
 * ```
 */
export type SelectRow<Row, Query extends string> = string extends Query
  ? LooseRow
  : string extends keyof Row
    ? LooseRow
    : Trim<Query> extends '*' | ''
      ? Row
      : ParseItems<Row, SplitComma<Query>> extends infer P
        ? P extends Unparsed
          ? LooseRow
          : Flatten<P>
        : LooseRow;
