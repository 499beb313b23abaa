/**
 * The row type of a `select()` string: each parsed node (see `parse-select.ts`) becomes fields —
 * columns with renames, casts and JSON paths, aggregates, embeds through `Relationships`, spreads.
 */
import type { GenericSchema, LooseRow } from '../types.js';
import type {
  EmbedNode,
  FieldNode,
  ParseSelect,
  SelectNode,
  SelectParseError,
} from './parse-select.js';
import type { PgType } from './pg-types.js';
import type { ResolveEmbed, Resolved, RowOfRelation } from './relationships.js';

/**
 * What `data` holds for a select string that names a column the relation does not have, or that
 * does not parse: `data[0].x` then fails to compile, with the reason in the type.
 */
export interface SelectQueryError<Message extends string> {
  readonly selectQueryError: Message;
}

type Prettify<T> = { [K in keyof T]: T[K] } & {};
type Last<P extends string[]> = P extends [...string[], infer L extends string] ? L : never;

type Walk<T, Path extends string[]> = Path extends [infer K, ...infer Rest extends string[]]
  ? K extends keyof NonNullable<T>
    ? Walk<NonNullable<T>[K], Rest>
    : never
  : T;

// A typed JSON column keeps the type at the path; otherwise `->` gives Json and `->>` a string.
type JsonValue<T, Path extends string[], Cast extends string> =
  Walk<T, Path> extends infer W
    ? [W] extends [never]
      ? PgType<Cast>
      : [W] extends [string]
        ? W
        : Cast extends 'json'
          ? W
          : PgType<Cast>
    : never;

type FieldKey<F extends FieldNode> = F['alias'] extends string
  ? F['alias']
  : F['aggregate'] extends string
    ? F['aggregate']
    : F['path'] extends []
      ? F['name']
      : Last<F['path']>;

type FieldValue<Row, F extends FieldNode> = F['aggregate'] extends string
  ? F['cast'] extends string
    ? PgType<F['cast']>
    : number
  : F['path'] extends []
    ? F['cast'] extends string
      ? PgType<F['cast']>
      : Row[F['name'] & keyof Row]
    : JsonValue<
        Row[F['name'] & keyof Row],
        F['path'],
        F['cast'] extends string ? F['cast'] : F['text'] extends true ? 'text' : 'json'
      >;

type FieldResult<Row, Relation extends string, F extends FieldNode> = F['name'] extends
  keyof Row | (F['aggregate'] extends 'count' ? 'count' : never)
  ? { [K in FieldKey<F>]: FieldValue<Row, F> }
  : SelectQueryError<`column '${F['name']}' does not exist on '${Relation}'`>;

type Shape<Row, Cardinality> = Cardinality extends 'many'
  ? Row[]
  : Cardinality extends 'maybe'
    ? Row | null
    : Row;

/** The embed's value (object, object or null, array) before it gets its key. */
type EmbedValue<Schema extends GenericSchema, Relation extends string, E extends EmbedNode> =
  ResolveEmbed<Schema, Relation, E['name'], E['hint'], E['inner']> extends infer R
    ? R extends Resolved<infer Target, infer Cardinality>
      ? Rows<Schema, RowOfRelation<Schema, Target>, Target, E['children']> extends infer Child
        ? Child extends SelectQueryError<string>
          ? Child
          : [Child, Cardinality]
        : never
      : R
    : never;

type EmbedResult<
  Schema extends GenericSchema,
  Relation extends string,
  E extends EmbedNode,
> = E['children'] extends []
  ? // `name()`: the relation only filters (with !inner); PostgREST leaves the key out.
    Record<never, never>
  : {
      [K in E['alias'] extends string ? E['alias'] : E['name']]: EmbedValue<
        Schema,
        Relation,
        E
      > extends [infer Child, infer Cardinality]
        ? Shape<Child, Cardinality>
        : EmbedValue<Schema, Relation, E>;
    };

// A spread's fields join the row: nullable when the embed may be absent; arrays of values when
// it is to-many (PostgREST 13).
type SpreadResult<Schema extends GenericSchema, Relation extends string, E extends EmbedNode> =
  EmbedValue<Schema, Relation, E> extends [infer Child, infer Cardinality]
    ? Cardinality extends 'many'
      ? { [K in keyof Child]: Child[K][] }
      : Cardinality extends 'maybe'
        ? { [K in keyof Child]: Child[K] | null }
        : Child
    : { [K in E['name']]: EmbedValue<Schema, Relation, E> };

type NodeResult<
  Schema extends GenericSchema,
  Row,
  Relation extends string,
  N extends SelectNode,
> = N extends { kind: 'star' }
  ? Row
  : N extends FieldNode
    ? FieldResult<Row, Relation, N>
    : N extends EmbedNode
      ? EmbedResult<Schema, Relation, N>
      : N extends { kind: 'spread'; target: infer E extends EmbedNode }
        ? SpreadResult<Schema, Relation, E>
        : never;

type Rows<
  Schema extends GenericSchema,
  Row,
  Relation extends string,
  Nodes extends SelectNode[],
  Acc = Record<never, never>,
> = Nodes extends [infer N extends SelectNode, ...infer Rest extends SelectNode[]]
  ? NodeResult<Schema, Row, Relation, N> extends infer R
    ? R extends SelectQueryError<string>
      ? R
      : Rows<Schema, Row, Relation, Rest, Acc & R>
    : never
  : Prettify<Acc>;

/**
 * The row type `select(Query)` yields on relation `RelationName` (whose rows are `Row`) of
 * `Schema`. Untyped clients (no `Database`, or a `string` query) get {@link LooseRow}.
 *
 * @example
 * ```ts
 * type R = SelectResult<Schema, Schema['Tables']['posts']['Row'], 'posts', 'id, author:profiles!posts_author_id_fkey(username)'>;
 * // { id: number; author: { username: string } }
 * ```
 */
export type SelectResult<
  Schema extends GenericSchema,
  Row extends Record<string, unknown>,
  RelationName,
  Query extends string,
> = string extends Query
  ? LooseRow
  : string extends keyof Row
    ? LooseRow
    : ParseSelect<Query> extends infer Nodes
      ? Nodes extends SelectNode[]
        ? Rows<Schema, Row, RelationName extends string ? RelationName : '', Nodes>
        : Nodes extends SelectParseError<infer M>
          ? SelectQueryError<M>
          : never
      : never;
