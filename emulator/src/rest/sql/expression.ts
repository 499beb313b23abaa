import type { Field } from '../ast.js';
import { ident, type SqlBuilder } from './builder.js';

/**
 * A column with its JSON path as SQL: `"movies"."data"->$1::text->>$2::int`. JSON keys are bound
 * parameters, typed so Postgres picks the right arrow operator.
 *
 * @example
 * fieldSql(b, 'movies', { name: 'data', jsonPath: [{ arrow: '->>', key: 'a' }] });
 * // '"movies"."data"->>$1::text'
 */
export function fieldSql(b: SqlBuilder, alias: string, field: Field): string {
  let sql = `${ident(alias)}.${ident(field.name)}`;
  for (const step of field.jsonPath) {
    const key =
      typeof step.key === 'number' ? `${b.param(step.key)}::int` : `${b.param(step.key)}::text`;
    sql = `${sql}${step.arrow}${key}`;
  }
  return sql;
}
