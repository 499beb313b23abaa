/**
 * Which relation an embed `name!hint(…)` reaches from the current table, and how many rows it
 * brings, read from the `Relationships` of generated types.
 */
import type { GenericSchema } from '../types.js';

/** One foreign key as `supabase gen types` lists it under `Relationships`. */
export interface GenericRelationship {
  foreignKeyName: string;
  columns: string[];
  isOneToOne?: boolean;
  referencedRelation: string;
  referencedColumns: string[];
}

/** Tables and views of a schema, by name. */
export type RelationsOf<Schema extends GenericSchema> = Schema['Tables'] & Schema['Views'];

/** The foreign keys declared on relation `Name` (a union; `never` when it has none). */
export type ForeignKeysOf<
  Schema extends GenericSchema,
  Name,
> = Name extends keyof RelationsOf<Schema>
  ? RelationsOf<Schema>[Name] extends { Relationships: infer R extends readonly unknown[] }
    ? Extract<R[number], GenericRelationship>
    : never
  : never;

/** The row of relation `Name`. */
export type RowOfRelation<
  Schema extends GenericSchema,
  Name,
> = Name extends keyof RelationsOf<Schema>
  ? RelationsOf<Schema>[Name] extends { Row: infer Row extends Record<string, unknown> }
    ? Row
    : never
  : never;

/**
 * How an embed resolved: the relation it reaches and its cardinality — `one` (an object),
 * `maybe` (an object or `null`), `many` (an array).
 */
export interface Resolved<Target extends string, Cardinality extends 'one' | 'maybe' | 'many'> {
  target: Target;
  cardinality: Cardinality;
}

/** An embed that does not resolve, with PostgREST's reason. */
export interface EmbedError<Message extends string> {
  readonly embedError: Message;
}

type IsNever<T> = [T] extends [never] ? true : false;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** Foreign keys that `hint` names (constraint name, column, or referenced relation). */
type Hinted<Keys, Hint> = Extract<
  Keys,
  { foreignKeyName: Hint } | { columns: [Hint] } | { referencedRelation: Hint }
>;

type AnyNullable<Row, Columns> = Columns extends [infer C, ...infer Rest]
  ? C extends keyof Row
    ? null extends Row[C]
      ? true
      : AnyNullable<Row, Rest>
    : false
  : false;

/** Many-to-one: a foreign key of the current relation that `Name` (and `Hint`) designates. */
type ManyToOne<Own, Name, Hint> = Hint extends string
  ? [Hinted<Extract<Own, { referencedRelation: Name }>, Hint>, 'hint']
  : IsNever<Extract<Own, { foreignKeyName: Name }>> extends false
    ? [Extract<Own, { foreignKeyName: Name }>, 'fkname']
    : IsNever<Extract<Own, { referencedRelation: Name }>> extends false
      ? [Extract<Own, { referencedRelation: Name }>, 'table']
      : [Extract<Own, { columns: [Name] }>, 'column'];

type ManyToOneResult<
  Schema extends GenericSchema,
  Current extends string,
  Key extends GenericRelationship,
  How,
  Inner extends boolean,
  Nullable = AnyNullable<RowOfRelation<Schema, Current>, Key['columns']>,
> =
  IsUnion<Key> extends true
    ? EmbedError<`more than one relationship was found for '${Current}' and '${Key['referencedRelation']}': add a hint, ${Key['referencedRelation']}!<column or constraint>(…)`>
    : Key['referencedRelation'] extends Current
      ? // A self-reference named by table, constraint or hint reads as the rows pointing here (as
        // supabase-js types it); named by its column, as the row it points to.
        How extends 'column'
        ? Nullable extends true
          ? Resolved<Current, Inner extends true ? 'one' : 'maybe'>
          : Resolved<Current, 'one'>
        : Resolved<Current, 'many'>
      : Nullable extends true
        ? Resolved<Key['referencedRelation'], Inner extends true ? 'one' : 'maybe'>
        : Resolved<Key['referencedRelation'], 'one'>;

/** One-to-many (or one-to-one): foreign keys of `Name` pointing at the current relation. */
type OneToMany<Schema extends GenericSchema, Current extends string, Name, Hint> =
  Extract<ForeignKeysOf<Schema, Name>, { referencedRelation: Current }> extends infer Keys
    ? Hint extends string
      ? Hinted<Keys, Hint>
      : Keys
    : never;

type OneToManyResult<Current extends string, Name extends string, Key, Inner extends boolean> =
  IsUnion<Key> extends true
    ? EmbedError<`more than one relationship was found for '${Name}' and '${Current}': add a hint, ${Name}!<column or constraint>(…)`>
    : Key extends { isOneToOne: true }
      ? Resolved<Name, Inner extends true ? 'one' : 'maybe'>
      : Resolved<Name, 'many'>;

/** Many-to-many: some relation has foreign keys to both the current one and `Name`. */
type Junction<Schema extends GenericSchema, Current extends string, Name> = {
  [J in keyof RelationsOf<Schema>]: IsNever<
    Extract<ForeignKeysOf<Schema, J>, { referencedRelation: Current }>
  > extends true
    ? never
    : Extract<ForeignKeysOf<Schema, J>, { referencedRelation: Name }>;
}[keyof RelationsOf<Schema>];

/**
 * Resolves the embed `Name!Hint` from relation `Current`: its own foreign keys first
 * (many-to-one), then the foreign keys of `Name` pointing back (one-to-many, or one-to-one), then
 * a junction relation (many-to-many).
 *
 * @example
 * ```ts
 * type R = ResolveEmbed<Schema, 'posts', 'profiles', 'posts_author_id_fkey', false>;
 * // Resolved<'profiles', 'one'>
 * ```
 */
export type ResolveEmbed<
  Schema extends GenericSchema,
  Current extends string,
  Name extends string,
  Hint extends string | undefined,
  Inner extends boolean,
> =
  ManyToOne<ForeignKeysOf<Schema, Current>, Name, Hint> extends [infer Key, infer How]
    ? IsNever<Key> extends false
      ? [Key] extends [GenericRelationship]
        ? ManyToOneResult<Schema, Current, Key, How, Inner>
        : never
      : Name extends keyof RelationsOf<Schema>
        ? IsNever<OneToMany<Schema, Current, Name, Hint>> extends false
          ? OneToManyResult<Current, Name, OneToMany<Schema, Current, Name, Hint>, Inner>
          : IsNever<Junction<Schema, Current, Name>> extends false
            ? Resolved<Name, 'many'>
            : EmbedError<`could not find a relationship between '${Current}' and '${Name}'`>
        : EmbedError<`could not find a relationship between '${Current}' and '${Name}'`>
    : never;
