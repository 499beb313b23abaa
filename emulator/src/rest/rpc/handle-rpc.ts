import type { EmulatorContext, RequestAuth, RequestSettings } from '../../context.js';
import { RestError, type ParsedRequest } from '../ast.js';
import { getSchemaCache } from '../schema-cache.js';
import { SqlBuilder } from '../sql/builder.js';
import { mediaTypeOf, parsePayload } from '../write/payload.js';
import { explainResponse } from '../write/explain.js';
import { failureResponse } from '../write/pg-error.js';
import { applyTimezone } from '../timezone.js';
import { checkStrictPreferences } from '../write/respond.js';
import { renderCallSource } from './call-sql.js';
import { renderCallStatement, type CallStatementRow } from './call-statement.js';
import { loadRoutines, type Routine } from './functions.js';
import { resolveCall, type ResolvedCall } from './resolve.js';
import { rpcResponse, resultRange } from './respond-rpc.js';
import { resultRelation } from './result-relation.js';

/** Thrown out of `runAs` to roll back while keeping the result (`Prefer: tx=rollback`). */
class Rollback {
  constructor(readonly result: CallResult) {}
}

/** The call's row (or its `EXPLAIN`) and the time zone `Prefer: timezone` set. */
interface CallResult {
  row?: CallStatementRow;
  plan?: Response;
  timezone?: string;
}

const RAW_MEDIA = ['text/plain', 'text/xml', 'application/octet-stream'];

/**
 * `POST|GET|HEAD /rest/v1/rpc/<fn>` as PostgREST answers it: arguments from the JSON body (or
 * the query string on GET/HEAD), the overload chosen by argument names, the function called under
 * the caller's role (GET/HEAD in a read-only transaction, so a function that writes gets
 * PostgREST's 405), and the result shaped by Postgres — a bare value, an object, or an array that
 * filters, `select=`, `order`, `limit`/`offset` and `Prefer: count` apply to. `void` → 204.
 *
 * @example
 * // in the REST routes:
 * if (parsed.target.kind === 'rpc') return handleRpc(ctx, parsed, req, auth, await req.text());
 */
export async function handleRpc(
  ctx: EmulatorContext,
  parsed: ParsedRequest,
  request: Request,
  auth: RequestAuth,
  body: string,
  bytes?: Uint8Array,
): Promise<Response> {
  try {
    const method = request.method.toUpperCase();
    if (method !== 'POST' && method !== 'GET' && method !== 'HEAD') {
      throw new RestError(405, {
        code: 'PGRST101',
        details: null,
        hint: null,
        message: `Cannot use the ${method} method on RPC`,
      });
    }
    checkStrictPreferences(parsed.prefer);
    const isPost = method === 'POST';
    const mediaType = isPost
      ? mediaTypeOf(request.headers.get('content-type'))
      : 'application/json';
    const args = isPost ? argsFromBody(body, mediaType) : argsFromQuery(parsed.rpcArgs);
    const name = parsed.target.name;
    const overloads = await loadRoutines(ctx.engine, parsed.schema, name);
    const allNames = overloads.length
      ? []
      : (await loadRoutines(ctx.engine, parsed.schema)).map((r) => r.name);
    const call = resolveCall(parsed.schema, name, overloads, allNames, {
      keys: args.keys,
      isPost,
      mediaType,
      singleObject: parsed.prefer.params === 'single-object',
    });
    const argText = call.mode === 'single' && !RAW_MEDIA.includes(mediaType) ? args.json : args.raw;
    // A bytea parameter takes the body's bytes as they came, not their UTF-8 reading.
    const argValue =
      call.mode === 'single' && mediaType === 'application/octet-stream' && bytes
        ? Buffer.from(bytes)
        : argText;
    const cache = call.routine.returnsComposite ? await getSchemaCache(ctx) : undefined;
    const range = resultRange(parsed, call.routine, ctx.config.api.maxRows);
    const builder = new SqlBuilder();
    const source = renderCallSource({ call, args: argValue, keys: args.keys, builder });
    const sql = renderCallStatement({
      routine: call.routine,
      source,
      builder,
      read: parsed.read,
      relation: cache ? resultRelation(cache, call.routine) : undefined,
      cache,
      limit: range.limit,
      offset: range.offset,
      count: parsed.prefer.count !== undefined,
      accept: parsed.accept,
    });
    const settings: RequestSettings = {
      auth,
      schema: parsed.schema,
      method,
      path: new URL(request.url).pathname,
      headers: Object.fromEntries(request.headers),
    };
    let result: CallResult;
    try {
      result = await ctx.runAs(settings, async (tx) => {
        // PostgREST runs GET/HEAD read-only: a function that writes fails with 25006 → 405.
        if (!isPost) await tx.query('SET TRANSACTION READ ONLY');
        const timezone = await applyTimezone(tx, parsed.prefer.timezone);
        if (parsed.accept.type === 'plan') {
          return { plan: await explainResponse(tx, parsed.accept, sql, builder.params), timezone };
        }
        const { rows } = await tx.query<CallStatementRow>(sql, builder.params);
        checkResult(parsed, call, rows[0]);
        if (parsed.prefer.tx === 'rollback') throw new Rollback({ row: rows[0], timezone });
        return { row: rows[0], timezone };
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      result = error.result;
    }
    if (result.plan) return result.plan;
    const applied = { ...parsed, prefer: { ...parsed.prefer, timezone: result.timezone } };
    const row = result.row as CallStatementRow;
    return rpcResponse(ctx, applied, call.routine, range, row, method === 'HEAD');
  } catch (error) {
    return failureResponse(error, auth.role !== 'anon');
  }
}

/** Call arguments: their names, the JSON to read them from, the raw body for raw parameters. */
interface Args {
  keys: string[];
  json: string;
  raw: string;
}

function argsFromBody(body: string, mediaType: string): Args {
  if (RAW_MEDIA.includes(mediaType)) return { keys: [], json: body, raw: body };
  const payload = parsePayload(body, mediaType, { isRpc: true });
  return { keys: payload.keys, json: payload.json, raw: payload.json };
}

function argsFromQuery(pairs: [string, string][]): Args {
  const values = new Map<string, string | string[]>();
  for (const [key, value] of pairs) {
    const held = values.get(key);
    // A repeated argument (`?v=1&v=2`) is an array, as PostgREST passes it to a variadic one.
    values.set(key, held === undefined ? value : [...(Array.isArray(held) ? held : [held]), value]);
  }
  const json = JSON.stringify(Object.fromEntries(values));
  return { keys: [...values.keys()], json, raw: json };
}

/** PostgREST's checks on a call's result; throwing rolls the transaction back. */
function checkResult(parsed: ParsedRequest, call: ResolvedCall, row: CallStatementRow): void {
  const { prefer } = parsed;
  const routine: Routine = call.routine;
  if (prefer.handling === 'strict' && prefer.maxAffected !== undefined) {
    if (!routine.returnsSet) {
      throw new RestError(400, {
        code: 'PGRST128',
        details: null,
        hint: null,
        message:
          'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
      });
    }
    if (row.pgrst_page_count > prefer.maxAffected) {
      throw new RestError(400, {
        code: 'PGRST124',
        details: `The query affects ${row.pgrst_page_count} rows`,
        hint: null,
        message: 'Query result exceeds max-affected preference constraint',
      });
    }
  }
  if (parsed.accept.type === 'object' && routine.returnsSet && row.pgrst_page_count !== 1) {
    throw new RestError(406, {
      code: 'PGRST116',
      details: `The result contains ${row.pgrst_page_count} rows`,
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    });
  }
}
