import { RestError, type Preferences } from '../ast.js';

/** HTTP reason phrases PostgREST's server (warp) sends with the statuses the REST API uses. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The reason phrase for a status (`201` → `Created`), `''` when unknown.
 *
 * @example
 * reasonPhrase(206) // → 'Partial Content'
 */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

/** `Content-Type` of PostgREST's JSON responses. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Which preferences a response reports as applied; PostgREST's order and selection per action. */
export type AppliedKey =
  'resolution' | 'missing' | 'return' | 'count' | 'tx' | 'handling' | 'timezone' | 'max-affected';

/**
 * The `Preference-Applied` header value: the honoured preferences among `keys`, in PostgREST's
 * order (resolution, missing, return, count, tx, handling, timezone, max-affected), `undefined` when none.
 *
 * @example
 * preferenceApplied({ return: 'representation', count: 'exact', unknown: [] }, ['return', 'count'])
 * // → 'return=representation, count=exact'
 */
export function preferenceApplied(prefer: Preferences, keys: AppliedKey[]): string | undefined {
  const values: string[] = [];
  const add = (key: AppliedKey, value: string | number | undefined) => {
    if (value !== undefined && keys.includes(key)) values.push(`${key}=${value}`);
  };
  add('resolution', prefer.resolution);
  add('missing', prefer.missing);
  add('return', prefer.return);
  add('count', prefer.count);
  add('tx', prefer.tx);
  add('handling', prefer.handling);
  add('timezone', prefer.timezone);
  add('max-affected', prefer.handling === 'strict' ? prefer.maxAffected : undefined);
  return values.length ? values.join(', ') : undefined;
}

/**
 * `Content-Range` as PostgREST writes it for `lower`..`upper` of `total` rows: `*` for the range
 * when it is empty, `*` for the total when not counted (`0-4/*`, `*\/12`, `*\/0`).
 *
 * @example
 * contentRange(0, 4, undefined) // → '0-4/*'
 */
export function contentRange(lower: number, upper: number, total: number | undefined): string {
  const totalNotZero = total === undefined || total !== 0;
  const range = totalNotZero && lower <= upper ? `${lower}-${upper}` : '*';
  return `${range}/${total === undefined ? '*' : total}`;
}

/**
 * PostgREST's PGRST122 when `handling=strict` meets preferences it does not know.
 *
 * @example
 * checkStrictPreferences({ handling: 'strict', unknown: ['foo=bar'] }) // throws 400 PGRST122
 */
export function checkStrictPreferences(prefer: Preferences): void {
  if (prefer.handling === 'strict' && prefer.unknown.length > 0) {
    throw new RestError(400, {
      code: 'PGRST122',
      details: `Invalid preferences: ${prefer.unknown.join(', ')}`,
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
  }
}
