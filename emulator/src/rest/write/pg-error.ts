import { RestError, type PostgrestErrorBody } from '../ast.js';
import { errorResponse } from '../errors.js';

/** The fields both engines (`pg`, PGlite) put on a Postgres error. */
interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
}

/** A `RAISE SQLSTATE 'PGRST'` error: PostgREST answers its JSON body, status and headers. */
export class PgrstRaiseError extends RestError {
  constructor(
    status: number,
    body: PostgrestErrorBody,
    readonly headers: Record<string, string>,
  ) {
    super(status, body);
  }
}

/**
 * The response for anything thrown while serving a write or an rpc call: a function's
 * `RAISE SQLSTATE 'PGRST'` with a JSON message (`code`, `message`, `details`, `hint`) and detail
 * (`status`, `headers`) as PostgREST answers it (PGRST121 when that JSON does not parse);
 * everything else through the REST API's shared `errorResponse` (Postgres errors with PostgREST's
 * status table, `RestError`s as they are).
 *
 * @example
 * try { … } catch (e) { return failureResponse(e, auth.role !== 'anon'); }
 */
export function failureResponse(error: unknown, authed: boolean): Response {
  const raised = fromPgrstRaise(error);
  if (!raised) return errorResponse(error, authed);
  const response = errorResponse(raised, authed);
  if (raised instanceof PgrstRaiseError) {
    for (const [name, value] of Object.entries(raised.headers)) response.headers.set(name, value);
  }
  return response;
}

/**
 * Reads a `RAISE SQLSTATE 'PGRST'` error as PostgREST does; `undefined` for any other error.
 *
 * @example
 * fromPgrstRaise({ code: 'PGRST', message: '{"code":"123","message":"No"}', detail: '{"status":402,"headers":{}}' })
 * // → PgrstRaiseError 402 { code: '123', message: 'No', details: null, hint: null }
 */
export function fromPgrstRaise(error: unknown): RestError | undefined {
  const pg = error as PgErrorLike;
  if (typeof pg !== 'object' || pg === null || pg.code !== 'PGRST') return undefined;
  const parseError = (details: string, hint: string) =>
    new RestError(500, {
      code: 'PGRST121',
      details,
      hint,
      message: 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
    });
  const message = parseObject(pg.message);
  if (!message || typeof message.code !== 'string' || typeof message.message !== 'string') {
    return parseError(
      `Invalid JSON value for MESSAGE: '${String(pg.message)}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    );
  }
  const detailHint =
    "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";
  if (typeof pg.detail !== 'string') {
    return parseError('DETAIL is missing in the RAISE statement', detailHint);
  }
  const detail = parseObject(pg.detail);
  if (
    !detail ||
    typeof detail.status !== 'number' ||
    typeof detail.headers !== 'object' ||
    detail.headers === null
  ) {
    return parseError(`Invalid JSON value for DETAIL: '${pg.detail}'`, detailHint);
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return new PgrstRaiseError(
    detail.status,
    {
      code: message.code,
      details: text(message.details),
      hint: text(message.hint),
      message: message.message,
    },
    Object.fromEntries(
      Object.entries(detail.headers as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    ),
  );
}

function parseObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
