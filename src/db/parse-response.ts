import type { HttpResponse } from '../http/types.js';
import { PostgrestError } from './postgrest-error.js';
import type { QueryState } from './state.js';
import type { PostgrestResponse } from './types.js';

const COUNT = /count=(exact|planned|estimated)/;

function readCount(res: HttpResponse, prefer: string | undefined): number | null {
  if (prefer === undefined || !COUNT.test(prefer)) return null;
  const range = res.headers.get('content-range');
  if (range === null) return null;
  const slash = range.indexOf('/');
  if (slash < 0) return null;
  // `*` (total unknown) is a count of null — supabase-js lets it become NaN.
  const n = parseInt(range.slice(slash + 1), 10);
  return Number.isNaN(n) ? null : n;
}

function errorFromBody(body: string, res: HttpResponse): PostgrestError {
  // A JSON object body is PostgREST's error; anything else (text, an array) is the message itself.
  let e: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      e = parsed as Record<string, unknown>;
    }
  } catch {
    // not JSON: the text is the message
  }
  return new PostgrestError(
    {
      message: typeof e.message === 'string' ? e.message : body,
      code: typeof e.code === 'string' ? e.code : '',
      // Absent fields become '' in PostgrestError itself.
      details: e.details as string | null | undefined,
      hint: e.hint as string | null | undefined,
    },
    { status: res.status, statusText: res.statusText },
  );
}

function parseFailure<R>(res: HttpResponse): PostgrestResponse<R> {
  const body = res.body ?? '';
  // Legacy workarounds kept from supabase-js (postgrest-js#295): a 404 carrying a JSON array is
  // an empty success, a bare 404 is "No Content".
  if (res.status === 404) {
    if (body === '') return { data: null as R, count: null, status: 204, statusText: 'No Content' };
    if (body.charCodeAt(0) === 91 /* [ */) {
      try {
        if (Array.isArray(JSON.parse(body))) {
          return { data: [] as R, count: null, status: 200, statusText: 'OK' };
        }
      } catch {
        // not JSON: falls through to the text error
      }
    }
  }
  throw errorFromBody(body, res);
}

/**
 * Turns a PostgREST HTTP response into `{ data, count, status, statusText }`, or throws a
 * `PostgrestError` (non-2xx, a 2xx body that is not JSON, `maybeSingle()` on several rows). Pure.
 *
 * @example
 * ```ts
 * parseResponse(response, state); // { data: [{ id: 1 }], count: null, status: 200, statusText: 'OK' }
 * ```
 */
export function parseResponse<R>(res: HttpResponse, state: QueryState): PostgrestResponse<R> {
  if (res.status < 200 || res.status > 299) return parseFailure<R>(res);
  const accept = state.headers.accept;
  let data: unknown = null;
  const body = res.body;
  if (state.method !== 'HEAD' && body !== null && body !== '') {
    if (accept === 'text/csv' || (accept !== undefined && accept.includes('vnd.pgrst.plan+text'))) {
      data = body;
    } else {
      try {
        data = JSON.parse(body);
      } catch (cause) {
        throw new PostgrestError(
          { message: body },
          { status: res.status, statusText: res.statusText, cause },
        );
      }
    }
  }
  const count = readCount(res, state.headers.prefer);
  if (state.maybeSingle && Array.isArray(data)) {
    if (data.length > 1) {
      throw new PostgrestError(
        {
          code: 'PGRST116',
          details: `Results contain ${data.length} rows, application/vnd.pgrst.object+json requires 1 row`,
          hint: null,
          message: 'JSON object requested, multiple (or no) rows returned',
        },
        { status: 406, statusText: 'Not Acceptable' },
      );
    }
    data = data.length === 1 ? data[0] : null;
  }
  return { data: data as R, count, status: res.status, statusText: res.statusText };
}
