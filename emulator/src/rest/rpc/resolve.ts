import { RestError } from '../ast.js';
import { closest } from '../plan/fuzzy.js';
import type { Routine } from './functions.js';

/** What a call offers to match the overloads against. */
export interface CallShape {
  /** Argument names: the body's keys (POST) or the query's (GET). */
  keys: string[];
  /** POST (the body may be the single argument), as opposed to GET/HEAD. */
  isPost: boolean;
  /** The body's media type (`application/json`, `text/plain`, `text/xml`, `application/octet-stream` …). */
  mediaType: string;
  /** `Prefer: params=single-object`. */
  singleObject: boolean;
}

/** The function to call and how its arguments are passed. */
export interface ResolvedCall {
  routine: Routine;
  /** `named`: each key to its parameter; `single`: the whole body as the one parameter. */
  mode: 'named' | 'single';
}

/** The type a single unnamed parameter must have to take a POST body of a media type. */
const SINGLE_PARAM_TYPES: Record<string, string[]> = {
  'application/json': ['json', 'jsonb'],
  'text/plain': ['text'],
  'text/xml': ['xml'],
  'application/octet-stream': ['bytea'],
};

const RAW_MEDIA = ['text/plain', 'text/xml', 'application/octet-stream'];

/**
 * Picks the overload a call means, by PostgREST's rules: a function matches when the argument
 * names cover its required parameters and name nothing else (parameters with defaults may be left
 * out); failing that, a function with a single unnamed `json`/`jsonb` (or `text`, `xml`, `bytea`
 * for those bodies) parameter takes the whole POST body. No match → PGRST202 with PostgREST's
 * message, details and fuzzy hint; several → PGRST203.
 *
 * @param overloads the functions of that schema and name
 * @param schemaFunctionNames every function name in the schema (for the "Perhaps you meant" hint)
 * @example
 * resolveCall('public', 'add', overloads, names, { keys: ['a', 'b'], isPost: true, mediaType: 'application/json', singleObject: false })
 */
export function resolveCall(
  schema: string,
  name: string,
  overloads: Routine[],
  schemaFunctionNames: string[],
  call: CallShape,
): ResolvedCall {
  const keys = new Set(call.keys);
  const named: Routine[] = [];
  const single: Routine[] = [];
  for (const routine of overloads) {
    if (matchesParams(routine, keys, call)) named.push(routine);
    else if (takesWholeBody(routine, call)) single.push(routine);
  }
  if (named.length === 1)
    return { routine: named[0], mode: call.singleObject ? 'single' : 'named' };
  if (named.length > 1) throw ambiguous(named);
  if (single.length === 1) return { routine: single[0], mode: 'single' };
  if (single.length > 1) throw ambiguous(single);
  throw noFunction(schema, name, [...keys].sort(), overloads, schemaFunctionNames, call);
}

function matchesParams(routine: Routine, keys: Set<string>, call: CallShape): boolean {
  const params = routine.params;
  if (call.singleObject) return params.length === 1 && ['json', 'jsonb'].includes(params[0].type);
  if (params.length === 0)
    return keys.size === 0 && !(call.isPost && RAW_MEDIA.includes(call.mediaType));
  // An unnamed parameter cannot be given by name (`""` would reach SQL as an identifier): a
  // function with a required unnamed one is callable only by the raw-body rule.
  const required = params.filter((p) => !p.hasDefault).map((p) => p.name);
  const named = new Set(params.map((p) => p.name).filter((n) => n !== ''));
  return [...keys].every((k) => named.has(k)) && required.every((r) => r !== '' && keys.has(r));
}

function takesWholeBody(routine: Routine, call: CallShape): boolean {
  if (!call.isPost || routine.params.length !== 1) return false;
  const [param] = routine.params;
  return param.name === '' && (SINGLE_PARAM_TYPES[call.mediaType] ?? []).includes(param.type);
}

/**
 * PGRST203 (300 Multiple Choices): PostgREST cannot choose among overloads.
 *
 * @example
 * throw ambiguous([fnInt, fnText]);
 */
export function ambiguous(routines: Routine[]): RestError {
  const describe = (r: Routine) =>
    `${r.schema}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`;
  return new RestError(300, {
    code: 'PGRST203',
    details: null,
    hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    message: `Could not choose the best candidate function between: ${routines.map(describe).join(', ')}`,
  });
}

/**
 * PGRST202 (404): no function of that name takes these arguments, worded as PostgREST words it.
 *
 * @example
 * throw noFunction('public', 'fn', ['a', 'b'], [], ['fun'], call);
 */
export function noFunction(
  schema: string,
  name: string,
  sortedKeys: string[],
  overloads: Routine[],
  schemaFunctionNames: string[],
  call: CallShape,
): RestError {
  const func = `${schema}.${name}`;
  const rawBody = call.isPost && RAW_MEDIA.includes(call.mediaType);
  const withParams = sortedKeys.length
    ? ` with parameter${sortedKeys.length > 1 ? 's' : ''} ${sortedKeys.join(', ')}`
    : ' without parameters';
  const listed = sortedKeys.length ? `(${sortedKeys.join(', ')})` : ' without parameters';
  const message = `Could not find the function ${func}${rawBody ? '' : listed} in the schema cache`;
  let searched: string;
  if (rawBody) {
    const kind = { 'text/plain': 'text', 'text/xml': 'xml', 'application/octet-stream': 'bytea' }[
      call.mediaType
    ];
    searched = ` with a single unnamed ${kind} parameter`;
  } else if (call.isPost && call.mediaType === 'application/json') {
    searched = `${withParams} or with a single unnamed json/jsonb parameter`;
  } else searched = withParams;
  return new RestError(404, {
    code: 'PGRST202',
    details: `Searched for the function ${func}${searched}, but no matches were found in the schema cache.`,
    hint: rawBody ? null : noFunctionHint(schema, name, sortedKeys, overloads, schemaFunctionNames),
    message,
  });
}

function noFunctionHint(
  schema: string,
  name: string,
  sortedKeys: string[],
  overloads: Routine[],
  schemaFunctionNames: string[],
): string | null {
  const prefix = `Perhaps you meant to call the function ${schema}.`;
  if (overloads.length === 0) {
    const guess = closest(new Set(schemaFunctionNames), name, 0.75);
    return guess === undefined ? null : prefix + guess;
  }
  // The overloads' parameters in declaration order, the call's keys sorted (PostgREST's Set).
  const asText = (names: string[]) => `(${names.join(', ')})`;
  const candidates = overloads.map((r) => asText(r.params.map((p) => p.name)));
  const guess = closest(candidates, asText(sortedKeys), 0.33);
  return guess === undefined ? null : prefix + name + guess;
}
