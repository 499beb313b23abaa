import { ident, qualified, type SqlBuilder } from '../sql/builder.js';
import type { Routine } from './functions.js';
import type { ResolvedCall } from './resolve.js';

/** A resolved call with its arguments. */
export interface CallSpec {
  call: ResolvedCall;
  /**
   * `named`: a JSON object (or array of objects) of arguments, bound as one `jsonb` parameter;
   * `single`: the whole body, bound as the parameter's type.
   */
  args: string | Uint8Array;
  /** The argument names given (`named`), in any order. */
  keys: string[];
  builder: SqlBuilder;
}

/**
 * `true` when the function yields bare values (`integer`, `text`, `setof int`, `void` …) rather
 * than rows with columns.
 *
 * @example
 * returnsScalar({ returnsComposite: false, … }) // → true
 */
export function returnsScalar(routine: Routine): boolean {
  return !routine.returnsComposite;
}

/**
 * Renders the FROM item that calls the function, as PostgREST does: named arguments are read
 * from one bound `jsonb` value by `jsonb_to_recordset` (so Postgres converts them to the
 * parameters' types, and parameters left out take their defaults) and passed with `name :=`;
 * a scalar result is exposed as the column `pgrst_scalar`, a row result as its own columns.
 * The item is aliased `pgrst_call`.
 *
 * @example
 * renderCallFrom({ call: { routine, mode: 'named' }, args: '{"a":1}', keys: ['a'], builder })
 * // jsonb_to_recordset(…) AS pgrst_body("a" integer), LATERAL "public"."fn"("a" := pgrst_body."a") pgrst_call
 */
export function renderCallFrom(spec: CallSpec): string {
  const { routine, mode } = spec.call;
  const fn = qualified(routine.schema, routine.name);
  const scalar = returnsScalar(routine);
  const invoke = (args: string) =>
    scalar ? `(SELECT ${fn}(${args}) AS pgrst_scalar) pgrst_call` : `${fn}(${args}) pgrst_call`;
  if (mode === 'single') {
    const type = routine.params[0].type;
    return invoke(`${spec.builder.param(spec.args)}::${type}`);
  }
  const params = spec.keys
    .map((key) => routine.params.find((p) => p.name === key))
    .filter((p) => p !== undefined);
  if (params.length === 0) return invoke('');
  const json = `${spec.builder.param(spec.args)}::jsonb`;
  const def = params.map((p) => `${ident(p.name)} ${p.type}`).join(', ');
  const args = params
    .map((p) => `${p.variadic ? 'VARIADIC ' : ''}${ident(p.name)} := pgrst_body.${ident(p.name)}`)
    .join(', ');
  return (
    `jsonb_to_recordset(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} ` +
    `ELSE jsonb_build_array(${json}) END) AS pgrst_body(${def}), LATERAL ${invoke(args)}`
  );
}

/**
 * Renders the CTE body holding the call's result rows (`SELECT … FROM <call>`), for the read
 * renderer to filter, order, page and shape as it does a table.
 *
 * @example
 * `WITH pgrst_source AS (${renderCallSource(spec)}) SELECT …`
 */
export function renderCallSource(spec: CallSpec): string {
  const columns = returnsScalar(spec.call.routine) ? 'pgrst_call.pgrst_scalar' : 'pgrst_call.*';
  return `SELECT ${columns} FROM ${renderCallFrom(spec)}`;
}
