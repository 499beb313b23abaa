import { RestError, type Condition, type Filter } from '../ast.js';
import type { Relation } from '../schema-cache.js';
import { ident, type SqlBuilder } from './builder.js';
import { fieldSql } from './expression.js';

/** Where a level's filters apply: its alias, its relation (for column types) and its embeds. */
export interface ConditionScope {
  alias: string;
  relation?: Relation;
  /** Embeds of this level by name → their lateral alias (for `embed=is.null` filters). */
  embeds?: Map<string, { lateral: string; spread: boolean }>;
}

const COMPARISON: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
};

const FTS_FUNCTION: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};

/**
 * Encodes a list as a Postgres array literal with every element quoted, for `= ANY($n)`.
 *
 * @example
 * arrayLiteral(['a', 'b,"c']); // '{"a","b,\\"c"}'
 */
export function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function likePattern(operator: string, value: string): string {
  // PostgREST lets `*` stand for `%` in like patterns (`%` is awkward in URLs).
  return operator === 'like' || operator === 'ilike' ? value.replace(/\*/g, '%') : value;
}

function renderFilter(b: SqlBuilder, f: Filter, scope: ConditionScope): string {
  const embed = f.field.jsonPath.length === 0 ? scope.embeds?.get(f.field.name) : undefined;
  if (embed) {
    if (f.operator !== 'is' || f.value !== 'null' || embed.spread) {
      throw new RestError(400, {
        code: 'PGRST120',
        details: 'Only is null or not is null filters are allowed on embedded resources',
        hint: null,
        message: `Bad operator on the '${f.field.name}' embedded resource`,
      });
    }
    const test = `${ident(embed.lateral)}.${ident('pgrst_body')} IS NULL`;
    return f.negated ? `NOT (${test})` : test;
  }
  const col = fieldSql(b, scope.alias, f.field);
  const sql = renderOperation(b, f, col, scope);
  return f.negated ? `NOT (${sql})` : sql;
}

function renderOperation(b: SqlBuilder, f: Filter, col: string, scope: ConditionScope): string {
  const value = f.value;
  switch (f.operator) {
    case 'is': {
      // `is.not_null` is PostgREST 13's spelling of `not.is.null`.
      const v = value === 'not_null' ? 'NOT NULL' : String(value).toUpperCase();
      return `${col} IS ${v}`;
    }
    case 'isdistinct':
      return `${col} IS DISTINCT FROM ${b.param(value)}`;
    case 'in':
      return `${col} = ANY(${b.param(arrayLiteral(value as string[]))})`;
    case 'fts':
    case 'plfts':
    case 'phfts':
    case 'wfts': {
      const config = f.language === undefined ? '' : `${b.param(f.language)}::regconfig, `;
      const column = scope.relation?.column.get(f.field.name);
      // A text column is searched through to_tsvector, as PostgREST does.
      const doc =
        f.field.jsonPath.length === 0 && column?.udt === 'tsvector'
          ? col
          : `to_tsvector(${config}${col})`;
      return `${doc} @@ ${FTS_FUNCTION[f.operator]}(${config}${b.param(value)})`;
    }
    default: {
      const op = COMPARISON[f.operator];
      if (f.quantifier) {
        const items = (value as string[]).map((v) => likePattern(f.operator, v));
        return `${col} ${op} ${f.quantifier.toUpperCase()}(${b.param(arrayLiteral(items))})`;
      }
      return `${col} ${op} ${b.param(likePattern(f.operator, value as string))}`;
    }
  }
}

/**
 * Renders one condition tree (`or`/`and`/`not` with leaf filters) to SQL over `scope.alias`,
 * every operand bound as a parameter.
 *
 * @example
 * renderCondition(b, { type: 'filter', field: { name: 'id', jsonPath: [] }, negated: false, operator: 'eq', value: '1' }, { alias: 'movies' });
 * // '"movies"."id" = $1'
 */
export function renderCondition(b: SqlBuilder, c: Condition, scope: ConditionScope): string {
  if (c.type === 'filter') return renderFilter(b, c, scope);
  const parts = c.children.map((child) => `(${renderCondition(b, child, scope)})`);
  const joined =
    parts.length === 0
      ? c.operator === 'and'
        ? 'true'
        : 'false'
      : parts.join(` ${c.operator.toUpperCase()} `);
  return c.negated ? `NOT (${joined})` : joined;
}

/**
 * Renders the root filters of a request (ANDed) as a `WHERE` fragment — the piece REST-write
 * uses for `PATCH`/`DELETE` — or `''` when there are none. Parameters are appended to `b`.
 *
 * @example
 * const b = new SqlBuilder();
 * const where = renderWhere(b, conditions, { alias: 'movies' }); // 'WHERE ("movies"."id" = $1)'
 * await tx.query(`DELETE FROM "public"."movies" AS "movies" ${where}`, b.params);
 */
export function renderWhere(b: SqlBuilder, conditions: Condition[], scope: ConditionScope): string {
  if (conditions.length === 0) return '';
  return `WHERE ${conditions.map((c) => `(${renderCondition(b, c, scope)})`).join(' AND ')}`;
}
