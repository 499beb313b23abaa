/** The TypeScript type of a Postgres type name, as a `::type` cast in a select string gives it. */

/** A JSON value, as `supabase gen types` writes `Json`. */
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

// supabase-js knows the internal names (int4, float8, bool); the SQL spellings are added so that
// `::int` or `::boolean` is typed too.
type NumberType =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'int'
  | 'integer'
  | 'smallint'
  | 'bigint'
  | 'real'
  | 'float'
  | 'decimal';
type StringType =
  | 'bytea'
  | 'bpchar'
  | 'char'
  | 'varchar'
  | 'date'
  | 'text'
  | 'citext'
  | 'time'
  | 'timetz'
  | 'timestamp'
  | 'timestamptz'
  | 'uuid'
  | 'vector';

type Scalar<T extends string> = T extends 'bool' | 'boolean'
  ? boolean
  : T extends NumberType
    ? number
    : T extends StringType
      ? string
      : T extends 'json' | 'jsonb'
        ? Json
        : T extends 'void'
          ? undefined
          : T extends 'record'
            ? Record<string, unknown>
            : unknown;

/**
 * `_text` → `string[]`, `int4` → `number`, `jsonb` → {@link Json}, an unknown name → `unknown`.
 *
 * @example
 * ```ts
 * type T = PgType<'timestamptz'>; // string
 * ```
 */
export type PgType<T extends string> = T extends `_${infer E}` ? Scalar<E>[] : Scalar<T>;
