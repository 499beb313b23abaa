import { RestError } from '../ast.js';
import { parseCsv } from './csv.js';

/**
 * A request body ready to be bound as one `jsonb` parameter, as PostgREST hands it to Postgres:
 * the JSON text plus the keys that become the statement's column list.
 */
export interface Payload {
  /** JSON text (an object or an array of objects), bound as `$n::jsonb`, never spliced. */
  json: string;
  /** The columns the rows set, in first-seen order (`?columns=` when given). */
  keys: string[];
  /** `true` when the body is a JSON array (bulk), `false` for one object. */
  isArray: boolean;
}

/** What the payload is for: inserts and updates take rows, rpc takes named arguments. */
export interface PayloadOptions {
  /** `?columns="a","b"`: the body is passed to Postgres as is and only these keys are read. */
  columns?: string[];
  /** rpc: an empty body means `{}`. */
  isRpc?: boolean;
}

const invalidBody = (message: string) =>
  new RestError(400, { code: 'PGRST102', details: null, hint: null, message });

/** The media type of a `Content-Type` header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === '' ? 'application/json' : type;
}

/**
 * Parses a write or rpc body as PostgREST does: JSON (one object or an array of objects with the
 * same keys), CSV with a header line, or a url-encoded form. Throws PostgREST's `PGRST102` errors:
 * "Empty or invalid json", "All object keys must match", "All lines must have same number of
 * fields", "Content-Type not acceptable: …".
 *
 * @example
 * parsePayload('[{"a":1},{"a":2}]', 'application/json')
 * // → { json: '[{"a":1},{"a":2}]', keys: ['a'], isArray: true }
 */
export function parsePayload(
  body: string,
  contentType: string | null | undefined,
  options: PayloadOptions = {},
): Payload {
  const media = mediaTypeOf(contentType);
  if (media === 'application/json') return parseJsonPayload(body, options);
  if (media === 'text/csv') return fromRows(parseCsvRows(body), options);
  if (media === 'application/x-www-form-urlencoded') {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body)) form[key] = value;
    return withColumns(
      { json: JSON.stringify(form), keys: Object.keys(form), isArray: false },
      options,
    );
  }
  throw invalidBody(`Content-Type not acceptable: ${media}`);
}

function parseJsonPayload(body: string, options: PayloadOptions): Payload {
  if (options.columns) {
    // PostgREST hands the raw body to Postgres when `columns` is given: bad JSON is then
    // Postgres's own 22P02 error, not PGRST102.
    return { json: body, keys: options.columns, isArray: body.trimStart().startsWith('[') };
  }
  if (body.trim() === '' && options.isRpc) return { json: '{}', keys: [], isArray: false };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw invalidBody('Empty or invalid json');
  }
  if (Array.isArray(value)) return fromRows(value, options, body);
  if (isObject(value)) return { json: body, keys: Object.keys(value), isArray: false };
  // PostgREST reads any other JSON value (a number, a string, null) as an empty array.
  return { json: '[]', keys: [], isArray: true };
}

function fromRows(rows: unknown[], options: PayloadOptions, text?: string): Payload {
  const json = text ?? JSON.stringify(rows);
  if (options.columns) return { json, keys: options.columns, isArray: true };
  if (rows.length === 0) return { json, keys: [], isArray: true };
  const first = rows[0];
  if (!isObject(first)) throw invalidBody('All object keys must match');
  const keys = Object.keys(first);
  const keySet = new Set(keys);
  for (const row of rows) {
    if (!isObject(row)) throw invalidBody('All object keys must match');
    const rowKeys = Object.keys(row);
    if (rowKeys.length !== keySet.size || rowKeys.some((k) => !keySet.has(k))) {
      throw invalidBody('All object keys must match');
    }
  }
  return { json, keys, isArray: true };
}

function parseCsvRows(body: string): Record<string, string | null>[] {
  const lines = parseCsv(body);
  if (lines.length === 0) return [];
  const [header, ...records] = lines;
  return records.map((record) => {
    if (record.length !== header.length) {
      throw invalidBody('All lines must have same number of fields');
    }
    const row: Record<string, string | null> = {};
    // PostgREST reads the unquoted text NULL in a CSV body as SQL NULL.
    header.forEach((name, i) => (row[name] = record[i] === 'NULL' ? null : record[i]));
    return row;
  });
}

function withColumns(payload: Payload, options: PayloadOptions): Payload {
  return options.columns ? { ...payload, keys: options.columns } : payload;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
