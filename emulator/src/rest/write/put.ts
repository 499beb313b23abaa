import { RestError, type Condition, type ParsedRequest } from '../ast.js';
import { ident, type SqlBuilder } from '../sql/builder.js';
import { renderInsert } from './mutation-sql.js';
import type { Payload } from './payload.js';
import type { WriteTarget } from './target.js';

/**
 * Plans PostgREST's single-row upsert (`PUT /t?id=eq.1` with the row as body): the filters must
 * be `eq` on exactly the primary key columns (PGRST105), no `limit`/`offset` (PGRST114); the row
 * is inserted or merged on the primary key, and only when the body's key equals the URL's (the
 * caller answers PGRST115 when no row was written).
 *
 * @example
 * const sql = planPut(parsed, target, payload, builder); // INSERT … WHERE pgrst_body."id" = $2 ON CONFLICT ("id") DO UPDATE …
 */
export function planPut(
  parsed: ParsedRequest,
  target: WriteTarget,
  payload: Payload,
  builder: SqlBuilder,
): string {
  if (
    parsed.read.ranges.some(
      (r) => r.path.length === 0 && (r.limit !== undefined || r.offset !== undefined),
    )
  ) {
    throw new RestError(400, {
      code: 'PGRST114',
      details: null,
      hint: null,
      message: 'limit/offset querystring parameters are not allowed for PUT',
    });
  }
  const keyValues = pkFilterValues(parsed, target);
  if (keyValues.some(([column]) => !payload.keys.includes(column))) throw putMatchingPkError();
  const bodyWhere = keyValues
    .map(([column, value]) => `pgrst_body.${ident(column)} = ${builder.param(value)}`)
    .join(' AND ');
  return renderInsert({
    target,
    params: builder,
    payload,
    missingDefault: parsed.prefer.missing === 'default',
    conflict: { columns: target.primaryKey, resolution: 'merge-duplicates' },
    trackInserted: true,
    bodyWhere,
  });
}

/**
 * PostgREST's PGRST115: a PUT body whose primary key differs from the URL's.
 *
 * @example
 * if (written !== 1) throw putMatchingPkError();
 */
export function putMatchingPkError(): RestError {
  return new RestError(400, {
    code: 'PGRST115',
    details: null,
    hint: null,
    message: 'Payload values do not match URL in primary key column(s)',
  });
}

/** PostgREST's PGRST105 for a PUT whose filters are not exactly `pk=eq.value` for each key. */
function pkFilterValues(parsed: ParsedRequest, target: WriteTarget): [string, string][] {
  const invalid = new RestError(405, {
    code: 'PGRST105',
    details: null,
    hint: null,
    message: "Filters must include all and only primary key columns with 'eq' operators",
  });
  const values = new Map<string, string>();
  for (const { path, condition } of parsed.read.filters) {
    if (path.length > 0) continue;
    const filter = asPkEq(condition);
    if (!filter || !target.primaryKey.includes(filter[0]) || values.has(filter[0])) throw invalid;
    values.set(filter[0], filter[1]);
  }
  if (target.primaryKey.length === 0 || values.size !== target.primaryKey.length) throw invalid;
  return target.primaryKey.map((k) => [k, values.get(k)!]);
}

function asPkEq(condition: Condition): [string, string] | undefined {
  if (condition.type !== 'filter' || condition.negated || condition.operator !== 'eq')
    return undefined;
  if (
    condition.field.jsonPath.length > 0 ||
    condition.quantifier ||
    typeof condition.value !== 'string'
  ) {
    return undefined;
  }
  return [condition.field.name, condition.value];
}
