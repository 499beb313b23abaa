import type { HttpResponse } from '../http/types.js';
import { PostgrestError, type PostgrestErrorFields } from './postgrest-error.js';
import type { QueryState } from './state.js';
import type { PostgrestResponse } from './types.js';

const COUNT = /count=(exact|planned|estimated)/;

/**
 * `value` when it is a string, else `fallback`: fields of a parsed body or a thrown value may
 * hold anything.
 *
 * @example
 * ```ts
 * stringOr(error.code, ''); // error.code if it is a string, else ''
 * ```
 */
export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/**
 * `JSON.parse(text)`, or `undefined` when `text` is not JSON (JSON itself never parses to
 * `undefined`).
 *
 * @example
 * ```ts
 * parseJson('[1]'); // [1]
 * parseJson('<html>'); // undefined
 * ```
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A `PostgrestError` carrying the status line of `res`.
 *
 * @example
 * ```ts
 * throw responseError({ message: 'boom', code: '' }, res);
 * ```
 */
export function responseError(
  fields: PostgrestErrorFields,
  res: HttpResponse,
  cause?: unknown,
): PostgrestError {
  return new PostgrestError(fields, { status: res.status, statusText: res.statusText, cause });
}

function parseFailure<R>(res: HttpResponse): PostgrestResponse<R> {
  const body = res.body ?? '';
  const json = parseJson(body);
  // Legacy workarounds kept from supabase-js (postgrest-js#295): a 404 whose body starts a JSON
  // array is an empty success, a bare 404 is "No Content".
  if (res.status === 404) {
    if (body === '') return { data: null as R, count: null, status: 204, statusText: 'No Content' };
    if (body[0] === '[' && Array.isArray(json)) {
      return { data: [] as R, count: null, status: 200, statusText: 'OK' };
    }
  }
  // PostgREST's error is a JSON object; any other body (text, an array, a scalar) has none of its
  // fields, so its text is the message.
  const e = (json ?? {}) as Record<string, unknown>;
  throw responseError(
    {
      message: stringOr(e.message, body),
      code: stringOr(e.code, ''),
      // Absent fields become '' in PostgrestError itself.
      details: e.details as string | null | undefined,
      hint: e.hint as string | null | undefined,
    },
    res,
  );
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
  if (state.method !== 'HEAD' && body) {
    if (accept === 'text/csv' || accept?.includes('vnd.pgrst.plan+text')) {
      data = body;
    } else {
      try {
        data = JSON.parse(body);
      } catch (cause) {
        throw responseError({ message: body }, res, cause);
      }
    }
  }
  let count: number | null = null;
  const prefer = state.headers.prefer;
  if (prefer && COUNT.test(prefer)) {
    // `*` (total unknown) is a count of null — supabase-js lets it become NaN.
    const total = parseInt(res.headers.get('content-range')?.split('/')[1] ?? '', 10);
    if (!Number.isNaN(total)) count = total;
  }
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
    data = data[0] ?? null; // 0 rows: null
  }
  return { data: data as R, count, status: res.status, statusText: res.statusText };
}
