import type { EmulatorContext, RequestAuth, RequestSettings } from '../../context.js';
import type { Queryable } from '../../db/engine.js';
import { RestError, type ParsedRequest } from '../ast.js';
import { contentType } from '../read/media.js';
import type { Relation, SchemaCache } from '../schema-cache.js';
import { SqlBuilder } from '../sql/builder.js';
import { renderDelete, renderInsert, renderUpdate } from './mutation-sql.js';
import { parsePayload, type Payload } from './payload.js';
import { explainResponse } from './explain.js';
import { failureResponse } from './pg-error.js';
import { planPut, putMatchingPkError } from './put.js';
import { findRelation, mutationBody, mutationLimit, mutationWhere } from './read-bridge.js';
import {
  checkStrictPreferences,
  contentRange,
  preferenceApplied,
  reasonPhrase,
  type AppliedKey,
} from './respond.js';
import { renderWriteStatement, type WriteStatementRow } from './statement.js';
import { isTable, type WriteTarget } from './target.js';
import { applyTimezone } from '../timezone.js';

type Action = 'insert' | 'update' | 'delete' | 'put';

/** What the transaction hands back to build the response from. */
interface Outcome {
  row: WriteStatementRow;
  /** The `EXPLAIN` answer, for `Accept: application/vnd.pgrst.plan…`. */
  plan?: Response;
  /** The time zone set by `Prefer: timezone`, when Postgres knew it. */
  timezone?: string;
  target: WriteTarget;
  hasConflictTarget: boolean;
}

/** Thrown out of `runAs` to roll the transaction back while keeping the response (`tx=rollback`). */
class Rollback {
  constructor(readonly outcome: Outcome) {}
}

/**
 * `POST` / `PATCH` / `DELETE` / `PUT` on a table or view, as PostgREST answers them: the body is
 * parsed (JSON, CSV or a form), the mutation runs as one statement under the caller's role, and
 * the response carries PostgREST's status (201/200/204), `Content-Range`, `Preference-Applied`,
 * `Location` (headers-only inserts) and, with `return=representation`, the rows as Postgres
 * renders them (with `select=` and embeds). `body` is the raw request body (`''` when none).
 *
 * @example
 * // in the REST routes:
 * if (['POST', 'PATCH', 'DELETE', 'PUT'].includes(method)) return handleWrite(ctx, parsed, req, auth, await req.text());
 */
export async function handleWrite(
  ctx: EmulatorContext,
  parsed: ParsedRequest,
  request: Request,
  auth: RequestAuth,
  body: string,
): Promise<Response> {
  try {
    const action = actionOf(request.method);
    checkStrictPreferences(parsed.prefer);
    const payload =
      action === 'delete'
        ? undefined
        : parsePayload(body, request.headers.get('content-type'), { columns: parsed.columns });
    const settings: RequestSettings = {
      auth,
      schema: parsed.schema,
      method: request.method.toUpperCase(),
      path: new URL(request.url).pathname,
      headers: Object.fromEntries(request.headers),
    };
    const { cache, relation } = await findRelation(ctx, parsed.schema, parsed.target.name);
    let outcome: Outcome;
    try {
      outcome = await ctx.runAs(settings, async (tx) => {
        const timezone = await applyTimezone(tx, parsed.prefer.timezone);
        const result = {
          ...(await runMutation(tx, cache, relation, parsed, action, payload)),
          timezone,
        };
        if (parsed.prefer.tx === 'rollback') throw new Rollback(result);
        return result;
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      outcome = error.outcome;
    }
    return outcome.plan ?? respond(ctx, parsed, action, outcome);
  } catch (error) {
    return failureResponse(error, auth.role !== 'anon');
  }
}

async function runMutation(
  tx: Queryable,
  cache: SchemaCache,
  target: Relation,
  parsed: ParsedRequest,
  action: Action,
  payload: Payload | undefined,
): Promise<Outcome> {
  const builder = new SqlBuilder();
  const prefer = parsed.prefer;
  const missingDefault = prefer.missing === 'default';
  const onConflict = parsed.onConflict ?? target.primaryKey;
  const hasConflictTarget = onConflict.length > 0;
  const trackInserted =
    action === 'put' ||
    (action === 'insert' && prefer.resolution === 'merge-duplicates' && hasConflictTarget);
  let mutation: string;
  if (action === 'insert') {
    mutation = renderInsert({
      target,
      params: builder,
      payload: payload!,
      missingDefault,
      conflict:
        prefer.resolution && hasConflictTarget
          ? { columns: onConflict, resolution: prefer.resolution }
          : undefined,
      trackInserted: trackInserted && isTable(target),
    });
  } else if (action === 'put') {
    mutation = planPut(parsed, target, payload!, builder);
  } else {
    const where = mutationWhere(parsed, target, builder);
    const limited = mutationLimit(parsed, target, builder);
    mutation =
      action === 'update'
        ? renderUpdate({
            target,
            params: builder,
            payload: payload!,
            missingDefault,
            where,
            limited,
          })
        : renderDelete({ target, params: builder, where, limited });
  }
  const wantsBody = prefer.return === 'representation';
  const sql = renderWriteStatement({
    mutation,
    params: builder,
    columns: target.columns.map((c) => c.name),
    trackInserted: trackInserted && isTable(target),
    locationKeys:
      action === 'insert' && prefer.return === 'headers-only' ? target.primaryKey : undefined,
    body: wantsBody ? mutationBody(cache, target, parsed.read, parsed.accept) : undefined,
  });
  if (parsed.accept.type === 'plan') {
    const plan = await explainResponse(tx, parsed.accept, sql, builder.params);
    return {
      row: { pgrst_count: 0, pgrst_inserted: null, pgrst_location: null, pgrst_body: null },
      target,
      hasConflictTarget,
      plan,
    };
  }
  const { rows } = await tx.query<WriteStatementRow>(sql, builder.params);
  const row = rows[0];
  checkAfterMutation(parsed, action, row);
  return { row, target, hasConflictTarget };
}

/** PostgREST's checks on the mutated rows; throwing rolls the transaction back. */
function checkAfterMutation(parsed: ParsedRequest, action: Action, row: WriteStatementRow): void {
  const { prefer } = parsed;
  if (action === 'put' && row.pgrst_count !== 1) throw putMatchingPkError();
  if (
    (action === 'update' || action === 'delete') &&
    prefer.handling === 'strict' &&
    prefer.maxAffected !== undefined &&
    row.pgrst_count > prefer.maxAffected
  ) {
    throw new RestError(400, {
      code: 'PGRST124',
      details: `The query affects ${row.pgrst_count} rows`,
      hint: null,
      message: 'Query result exceeds max-affected preference constraint',
    });
  }
  // PostgREST enforces a single row for object requests whatever `return` says.
  if (parsed.accept.type === 'object' && row.pgrst_count !== 1) {
    throw new RestError(406, {
      code: 'PGRST116',
      details: `The result contains ${row.pgrst_count} rows`,
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    });
  }
}

function respond(
  ctx: EmulatorContext,
  parsed: ParsedRequest,
  action: Action,
  outcome: Outcome,
): Response {
  const { row, target, hasConflictTarget } = outcome;
  const prefer = { ...parsed.prefer, timezone: outcome.timezone };
  const counted = prefer.count !== undefined ? row.pgrst_count : undefined;
  const headers = new Headers();
  const wantsBody = prefer.return === 'representation';
  let status: number;
  let applied: AppliedKey[];
  if (action === 'insert') {
    const location = row.pgrst_location ? (JSON.parse(row.pgrst_location) as string[]) : undefined;
    if (location) headers.set('Location', locationOf(target, location));
    headers.set('Content-Range', contentRange(1, 0, counted));
    status = prefer.resolution === 'merge-duplicates' && (row.pgrst_inserted ?? 1) <= 0 ? 200 : 201;
    applied = ['missing', 'return', 'count', 'tx', 'handling', 'timezone'];
    if (hasConflictTarget) applied.unshift('resolution');
  } else if (action === 'put') {
    status = wantsBody ? ((row.pgrst_inserted ?? 0) > 0 ? 201 : 200) : 204;
    applied = ['return', 'count', 'tx', 'handling', 'timezone'];
  } else {
    headers.set(
      'Content-Range',
      action === 'update'
        ? contentRange(0, row.pgrst_count - 1, counted)
        : contentRange(1, 0, counted),
    );
    status = wantsBody ? 200 : 204;
    applied = ['return', 'count', 'tx', 'handling', 'timezone', 'max-affected'];
    if (action === 'update') applied.unshift('missing');
  }
  const preference = preferenceApplied(prefer, applied);
  if (preference) headers.set('Preference-Applied', preference);
  if (ctx.config.api.schemas.length > 1) headers.set('Content-Profile', parsed.schema);
  if (!wantsBody) return new Response(null, { status, statusText: reasonPhrase(status), headers });
  headers.set('Content-Type', contentType(parsed.accept));
  return new Response(row.pgrst_body ?? '[]', {
    status,
    statusText: reasonPhrase(status),
    headers,
  });
}

/** `Location: /t?id=eq.1` for the inserted row's primary key, as PostgREST renders it. */
function locationOf(target: WriteTarget, values: string[]): string {
  const query = target.primaryKey
    .map((k, i) => `${encodeURIComponent(k)}=${encodeURIComponent(`eq.${values[i]}`)}`)
    .join('&');
  return `/${target.name}?${query}`;
}

function actionOf(method: string): Action {
  switch (method.toUpperCase()) {
    case 'POST':
      return 'insert';
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'PUT':
      return 'put';
    default:
      throw new RestError(405, {
        code: 'PGRST117',
        details: null,
        hint: null,
        message: `Unsupported HTTP method: ${method.toUpperCase()}`,
      });
  }
}
