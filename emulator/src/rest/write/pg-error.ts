import { RestError, type PostgrestErrorBody } from '../ast.js';

/** The fields both engines (`pg`, PGlite) put on a Postgres error. */
interface PgErrorLike {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/**
 * PostgREST's table from SQLSTATE to HTTP status. `authed` is false for the anon role: an
 * insufficient privilege (42501) is then 401, else 403.
 *
 * @example
 * statusForSqlState('23505', true) // → 409
 */
export function statusForSqlState(code: string, authed: boolean, message = ''): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42883': message.startsWith('function xmlagg(') ? 406 : 404,
    '42P01': 404,
    '42P17': 500,
    '42501': authed ? 403 : 401,
  };
  if (code in exact) return exact[code];
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '22023')
    return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
  const byPrefix: [string, number][] = [
    ['08', 503],
    ['09', 500],
    ['0L', 403],
    ['0P', 403],
    ['25', 500],
    ['28', 403],
    ['2D', 500],
    ['38', 500],
    ['39', 500],
    ['3B', 500],
    ['40', 500],
    ['53', 503],
    ['54', 500],
    ['55', 500],
    ['57', 500],
    ['58', 500],
    ['F0', 500],
    ['HV', 500],
    ['P0', 500],
    ['XX', 500],
  ];
  for (const [prefix, status] of byPrefix) if (code.startsWith(prefix)) return status;
  // `RAISE SQLSTATE 'PT404'` sets the status directly.
  const pt = /^PT(\d{3})$/.exec(code);
  if (pt) return Number(pt[1]);
  return 400;
}

/**
 * Turns an error thrown while running a request's SQL into PostgREST's error response: the
 * Postgres error's code, message, detail and hint as `{ code, details, hint, message }` with the
 * mapped status; `RAISE SQLSTATE 'PGRST'` with a JSON message and detail gives full control of the
 * body and status, as in PostgREST. Anything that is not a Postgres error is rethrown.
 *
 * @example
 * try { await tx.query(sql, params) } catch (e) { throw toRestError(e, auth.role !== 'anon') }
 */
export function toRestError(error: unknown, authed: boolean): RestError {
  if (error instanceof RestError) return error;
  const pg = error as PgErrorLike;
  if (typeof pg?.code !== 'string' || typeof pg.message !== 'string') throw error;
  if (pg.code === 'PGRST') return fromPgrstRaise(pg);
  const body: PostgrestErrorBody = {
    code: pg.code,
    details: pg.detail ?? null,
    hint: pg.hint ?? null,
    message: pg.message,
  };
  return new RestError(statusForSqlState(pg.code, authed, pg.message), body);
}

/** Extra response headers carried by a `RAISE SQLSTATE 'PGRST'` error's detail. */
export class PgrstRaiseError extends RestError {
  constructor(
    status: number,
    body: PostgrestErrorBody,
    readonly headers: Record<string, string>,
  ) {
    super(status, body);
  }
}

function fromPgrstRaise(pg: PgErrorLike): RestError {
  const parseError = (details: string, hint: string) =>
    new RestError(500, {
      code: 'PGRST121',
      details,
      hint,
      message: 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
    });
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(pg.message ?? '') as Record<string, unknown>;
    if (typeof message?.code !== 'string' || typeof message.message !== 'string') throw new Error();
  } catch {
    return parseError(
      `Invalid JSON value for MESSAGE: '${pg.message}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    );
  }
  const detailHint =
    "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";
  if (pg.detail === undefined)
    return parseError('DETAIL is missing in the RAISE statement', detailHint);
  let detail: { status?: unknown; headers?: unknown };
  try {
    detail = JSON.parse(pg.detail) as typeof detail;
    if (typeof detail?.status !== 'number' || typeof detail.headers !== 'object') throw new Error();
  } catch {
    return parseError(`Invalid JSON value for DETAIL: '${pg.detail}'`, detailHint);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return new PgrstRaiseError(
    detail.status as number,
    {
      code: message.code as string,
      details: str(message.details),
      hint: str(message.hint),
      message: message.message as string,
    },
    Object.fromEntries(
      Object.entries((detail.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        String(v),
      ]),
    ),
  );
}
