/**
 * The `select()` column string, read at the type level into a tuple of nodes (PostgREST's select
 * grammar: `*`, columns with `alias:` renames, `->` / `->>` JSON paths, `::type` casts,
 * `.sum()`-style aggregates, `count()`, embeds `name!hint!inner(…)` and `...spreads`).
 */

type Space = ' ' | '\n' | '\t' | '\r';
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type Lower =
  | 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm'
  | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z'; // prettier-ignore
type NameChar = Lower | Uppercase<Lower> | Digit | '_' | '$';

/** A select string the parser could not read, with the reason. */
export interface SelectParseError<Message extends string> {
  readonly selectParseError: Message;
}

/** `*`: every column of the relation. */
export interface StarNode {
  readonly kind: 'star';
}

/** A column (possibly a JSON path, cast or aggregate) or a top-level `count()`. */
export interface FieldNode {
  readonly kind: 'field';
  readonly name: string;
  readonly alias: string | undefined;
  /** The JSON keys after `->` / `->>`; `[]` for a plain column. */
  readonly path: string[];
  /** The path ends with `->>` (text). */
  readonly text: boolean;
  readonly cast: string | undefined;
  readonly aggregate: string | undefined;
}

/** `alias:name!hint!inner(children)`: an embedded resource. */
export interface EmbedNode {
  readonly kind: 'embed';
  readonly name: string;
  readonly alias: string | undefined;
  readonly hint: string | undefined;
  readonly inner: boolean;
  readonly children: SelectNode[];
}

/** `...name(children)`: an embed whose fields join the parent row. */
export interface SpreadNode {
  readonly kind: 'spread';
  readonly target: EmbedNode;
}

/**
 * One item of a parsed `select()` string: `*`, a column (with its alias, cast, JSON path or
 * aggregate), an embedded resource, or a spread.
 *
 * @example
 * ```ts
 * type Nodes = ParseSelect<'id, title:name, author:profiles(name)'>; // SelectNode[]
 * ```
 */
export type SelectNode = StarNode | FieldNode | EmbedNode | SpreadNode;

type Err<M extends string> = SelectParseError<M>;

/** Drops leading whitespace. */
export type Skip<S extends string> = S extends `${Space}${infer R}` ? Skip<R> : S;

type ReadName<S extends string, Acc extends string = ''> = S extends `${infer C}${infer R}`
  ? C extends NameChar
    ? ReadName<R, `${Acc}${C}`>
    : [Acc, S]
  : [Acc, ''];

/** `[name, rest]`: a bare or double-quoted identifier, then the rest without leading spaces. */
type Ident<S extends string> = S extends `"${infer Quoted}"${infer R}`
  ? [Quoted, Skip<R>]
  : ReadName<S> extends [infer N extends string, infer R extends string]
    ? N extends ''
      ? Err<`expected a name at "${S}"`>
      : [N, Skip<R>]
    : never;

type Cast<S extends string> = S extends `::${infer R}`
  ? Ident<Skip<R>> extends [infer T extends string, infer Rest extends string]
    ? [T, Rest]
    : Err<`expected a type after "::" at "${S}"`>
  : [undefined, S];

type Aggregate<S extends string> = S extends `.${infer R}`
  ? Ident<Skip<R>> extends [infer F extends string, infer Rest extends string]
    ? Rest extends `()${infer After}`
      ? F extends 'count' | 'sum' | 'avg' | 'min' | 'max'
        ? [F, Skip<After>]
        : Err<`unknown aggregate "${F}()"`>
      : Err<`expected "()" after ".${F}"`>
    : Err<`expected an aggregate after "." at "${S}"`>
  : [undefined, S];

type JsonPath<S extends string, Keys extends string[] = []> = S extends `->>${infer R}`
  ? Ident<Skip<R>> extends [infer K extends string, infer Rest extends string]
    ? [[...Keys, K], true, Rest]
    : Err<`expected a key after "->>" at "${S}"`>
  : S extends `->${infer R}`
    ? Ident<Skip<R>> extends [infer K extends string, infer Rest extends string]
      ? JsonPath<Rest, [...Keys, K]>
      : Err<`expected a key after "->" at "${S}"`>
    : [Keys, false, S];

/** `name[->path][::cast][.agg()][::cast]` after its name. */
type Column<Name extends string, Alias, S extends string> =
  JsonPath<S> extends [infer P extends string[], infer T extends boolean, infer R1 extends string]
    ? Cast<R1> extends [infer C1, infer R2 extends string]
      ? Aggregate<R2> extends [infer G, infer R3 extends string]
        ? Cast<R3> extends [infer C2, infer R4 extends string]
          ? [Field<Name, Alias, P, T, C2 extends string ? C2 : C1, G>, R4]
          : Cast<R3>
        : Aggregate<R2>
      : Cast<R1>
    : JsonPath<S>;

type Field<Name extends string, Alias, P extends string[], T extends boolean, C, G> = {
  kind: 'field';
  name: Name;
  alias: Alias extends string ? Alias : undefined;
  path: P;
  text: T;
  cast: C extends string ? C : undefined;
  aggregate: G extends string ? G : undefined;
};

/** `!hint`, `!inner`, `!left` (in any order), then `(children)`. */
type Embed<
  Name extends string,
  Alias,
  S extends string,
  Hint = undefined,
  Inner extends boolean = false,
> = S extends `!${infer R}`
  ? Ident<Skip<R>> extends [infer H extends string, infer Rest extends string]
    ? H extends 'inner'
      ? Embed<Name, Alias, Rest, Hint, true>
      : H extends 'left'
        ? Embed<Name, Alias, Rest, Hint, Inner>
        : Embed<Name, Alias, Rest, H, Inner>
    : Err<`expected a hint after "!" at "${S}"`>
  : S extends `(${infer R}`
    ? Children<Skip<R>> extends [infer Nodes extends SelectNode[], infer Rest extends string]
      ? [
          {
            kind: 'embed';
            name: Name;
            alias: Alias extends string ? Alias : undefined;
            hint: Hint extends string ? Hint : undefined;
            inner: Inner;
            children: Nodes;
          },
          Rest,
        ]
      : Children<Skip<R>>
    : Err<`expected "(" after "${Name}!…"`>;

type Children<S extends string> = S extends `)${infer R}`
  ? [[], Skip<R>]
  : List<S> extends [infer Nodes, infer Rest extends string]
    ? Rest extends `)${infer After}`
      ? [Nodes, Skip<After>]
      : Err<`expected ")" at "${Rest}"`>
    : List<S>;

/** `count` / `count()` (optionally cast) where a column name stands. */
type CountField<Alias, S extends string> = (
  S extends `()${infer R}` ? Skip<R> : S
) extends infer R1 extends string
  ? Cast<R1> extends [infer C, infer R2 extends string]
    ? [Field<'count', Alias, [], false, C, 'count'>, R2]
    : Cast<R1>
  : never;

/** A name (after an optional `alias:`) and what follows it. */
type Named<Name extends string, Alias, R extends string> = Name extends 'count'
  ? R extends `()${string}`
    ? CountField<Alias, R>
    : R extends `!${string}` | `(${string}`
      ? Embed<Name, Alias, R>
      : CountField<Alias, R>
  : R extends `!${string}` | `(${string}`
    ? Embed<Name, Alias, R>
    : Column<Name, Alias, R>;

type Item<S extends string> = S extends `*${infer R}`
  ? [StarNode, Skip<R>]
  : S extends `...${infer R}`
    ? Ident<Skip<R>> extends [infer N extends string, infer Rest extends string]
      ? Embed<N, undefined, Rest> extends [infer E extends EmbedNode, infer After extends string]
        ? [{ kind: 'spread'; target: E }, After]
        : Embed<N, undefined, Rest>
      : Err<`expected a relation after "..."`>
    : Ident<S> extends [infer A extends string, infer R extends string]
      ? R extends `::${string}`
        ? Named<A, undefined, R>
        : R extends `:${infer R2}`
          ? Ident<Skip<R2>> extends [infer N extends string, infer R3 extends string]
            ? Named<N, A, R3>
            : Ident<Skip<R2>>
          : Named<A, undefined, R>
      : Ident<S>;

type List<S extends string, Acc extends SelectNode[] = []> =
  Item<S> extends [infer N extends SelectNode, infer R extends string]
    ? R extends `,${infer Next}`
      ? List<Skip<Next>, [...Acc, N]>
      : [[...Acc, N], R]
    : Item<S>;

/**
 * The nodes of a whole select string, or a {@link SelectParseError}. An empty string is `*`, as
 * PostgREST reads it.
 *
 * @example
 * ```ts
 * type N = ParseSelect<'id, author:profiles!posts_author_id_fkey(username)'>;
 * // [{ kind: 'field'; name: 'id'; … }, { kind: 'embed'; name: 'profiles'; alias: 'author'; … }]
 * ```
 */
export type ParseSelect<Query extends string> =
  Skip<Query> extends ''
    ? [StarNode]
    : List<Skip<Query>> extends [infer Nodes, infer Rest extends string]
      ? Skip<Rest> extends ''
        ? Nodes
        : Err<`unexpected "${Skip<Rest>}"`>
      : List<Skip<Query>>;
