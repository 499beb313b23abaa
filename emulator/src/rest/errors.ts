import { RestError, type PostgrestErrorBody } from './ast.js';
import { JwtError } from '../context.js';

/**
 * The HTTP status PostgREST gives a Postgres error code (its documented table). `authed` says
 * whether the request ran as a signed-in role: 42501 is 403 then, 401 for anon.
 *
 * @example
 * pgErrorStatus('23505', '', false); // 409
 */
export function pgErrorStatus(code: string, message: string, authed: boolean): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42P01': 404,
    '42P17': 500,
  };
  if (code === '42501') return authed ? 403 : 401;
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '22023')
    return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
  if (exact[code] !== undefined) return exact[code];
  const prefixes: [string, number][] = [
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
  for (const [prefix, status] of prefixes) if (code.startsWith(prefix)) return status;
  const pt = /^PT(\d{3})$/.exec(code);
  if (pt) return Number(pt[1]);
  return 400;
}

interface PgLikeError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
}

/**
 * Turns anything thrown while serving a REST request into PostgREST's error response:
 * a `RestError` as it is, a `JwtError` as 401 (with `WWW-Authenticate`), a Postgres error as
 * `{ code, details, hint, message }` with PostgREST's status; anything else is a 500.
 *
 * @example
 * try { … } catch (e) { return errorResponse(e, auth.role !== 'anon'); }
 */
export function errorResponse(error: unknown, authed: boolean): Response {
  let status: number;
  let body: PostgrestErrorBody;
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (error instanceof RestError) {
    status = error.status;
    body = error.body;
  } else if (error instanceof JwtError) {
    status = 401;
    body = { code: error.code, details: null, hint: null, message: error.message };
    headers['WWW-Authenticate'] = 'Bearer';
  } else if (isPgError(error)) {
    const code = String(error.code);
    const message = String(error.message ?? '');
    status = pgErrorStatus(code, message, authed);
    body = {
      code,
      details: typeof error.detail === 'string' ? error.detail : null,
      hint: typeof error.hint === 'string' ? error.hint : null,
      message,
    };
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  } else {
    status = 500;
    body = {
      code: 'PGRSTX00',
      details: null,
      hint: null,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  headers['Proxy-Status'] = `PostgREST; error=${body.code}`;
  return new Response(JSON.stringify(body), { status, headers });
}

function isPgError(e: unknown): e is PgLikeError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as PgLikeError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((e as PgLikeError).code as string)
  );
}
