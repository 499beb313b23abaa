import { SupabaseRxInputError } from '../http/supabase-rx-error.js';
import { serializeBody } from './serialize-body.js';
import type { QueryMethod, QueryParam } from './state.js';
import type { CountOption } from './types.js';
import { isRecord } from './validate.js';

/** Options of `rpc()`. */
export interface RpcOptions {
  /** Send `HEAD`: no body comes back (use with `count`). */
  head?: boolean;
  /** Send `GET` with the arguments in the query string (read-only functions). */
  get?: boolean;
  count?: CountOption;
}

/** How an `rpc()` call goes on the wire, before filters are added. */
export interface RpcShape {
  method: QueryMethod;
  params: QueryParam[];
  body?: string;
  /** The `Prefer` header to set, if any. */
  prefer?: string;
}

const isObjectArg = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && (!Array.isArray(v) || v.some(isObjectArg));

/**
 * Decides method, query string, body and `Prefer` of an `rpc()` call as supabase-js 2.119 does:
 * `POST` with a JSON body by default; `GET`/`HEAD` with the arguments in the query string (arrays
 * as `{a,b}`); but `head` with an object argument (which a URL cannot carry) stays a `POST` with
 * `Prefer: return=minimal`.
 *
 * @example
 * ```ts
 * rpcShape({ a: 1, arr: [1, 2] }, { get: true });
 * // { method: 'GET', params: [['a', '1'], ['arr', '{1,2}']] }
 * ```
 */
export function rpcShape(args: Record<string, unknown>, options: RpcOptions): RpcShape {
  if (!isRecord(args)) {
    throw new SupabaseRxInputError('rpc(): args must be an object of argument name → value');
  }
  const { head = false, get = false, count } = options;
  const values = Object.values(args);
  if (head && values.some(isObjectArg)) {
    return {
      method: 'POST',
      params: [],
      body: serializeBody(args),
      prefer: count ? `count=${count},return=minimal` : 'return=minimal',
    };
  }
  const prefer = count ? `count=${count}` : undefined;
  if (!head && !get) return { method: 'POST', params: [], body: serializeBody(args), prefer };
  const params: QueryParam[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    params.push([name, Array.isArray(value) ? `{${value.join(',')}}` : `${value}`]);
  }
  return { method: head ? 'HEAD' : 'GET', params, prefer };
}
