import { RestError } from '../ast.js';

/**
 * Collects bound parameters while SQL text is assembled: `b.param(v)` returns `$n` and keeps `v`.
 * Values never enter the SQL text; identifiers go through {@link ident}. One builder per
 * statement (numbering starts at `$1`).
 *
 * @example
 * const b = new SqlBuilder();
 * const sql = `SELECT * FROM ${ident('movies')} WHERE ${ident('id')} = ${b.param('1')}`;
 * await tx.query(sql, b.params);
 */
export class SqlBuilder {
  readonly params: unknown[] = [];

  /** Binds `value` and returns its placeholder (`$1`, `$2` …). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/**
 * Quotes an identifier for Postgres (`"a""b"`). A NUL character cannot be in an identifier: it is
 * refused with the error Postgres gives for NUL in text (22021 → 400).
 *
 * @example
 * ident('first name'); // '"first name"'
 */
export function ident(name: string): string {
  if (name.includes('\0')) {
    throw new RestError(400, {
      code: '22021',
      details: null,
      hint: null,
      message: 'invalid byte sequence for encoding "UTF8": 0x00',
    });
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A schema-qualified name: `"public"."movies"`.
 *
 * @example
 * qualified('public', 'movies'); // '"public"."movies"'
 */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

const MULTI_WORD_TYPES = new Set([
  'double precision',
  'character varying',
  'bit varying',
  'timestamp with time zone',
  'timestamp without time zone',
  'time with time zone',
  'time without time zone',
]);

/**
 * Renders a `::type` cast from the select grammar. Type names cannot be bound, so only a single
 * identifier (optionally `[]`) or one of Postgres's multi-word type names is accepted; anything
 * else is a PGRST100 error rather than text spliced into SQL.
 *
 * @example
 * castSql('int'); // '::int'
 */
export function castSql(type: string): string {
  const t = type.trim().toLowerCase().replace(/\s+/g, ' ');
  const base = t.endsWith('[]') ? t.slice(0, -2) : t;
  if (/^[a-z_][a-z0-9_]*$/.test(base) || MULTI_WORD_TYPES.has(base)) return `::${t}`;
  throw new RestError(400, {
    code: 'PGRST100',
    details: `unexpected cast type "${type}"`,
    hint: null,
    message: `"failed to parse select parameter (::${type})" (line 1, column 3)`,
  });
}
