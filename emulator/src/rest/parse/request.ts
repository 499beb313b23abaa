import {
  RestError,
  type Condition,
  type EmbedPath,
  type Field,
  type ParsedRequest,
} from '../ast.js';
import { parseAccept } from './accept.js';
import { Cursor } from './cursor.js';
import { parseError, rangeError } from './errors.js';
import { readFieldName, readJsonPath } from './field.js';
import { hasOperator, parseFilterValue } from './filter.js';
import { parseLogic } from './logic.js';
import { parseOrder } from './order.js';
import { parsePrefer } from './prefer.js';
import { parseRangeHeader } from './range.js';
import { parseSelect } from './select.js';

/** What `parseRequest` needs from an HTTP request. */
export interface RequestInput {
  method: string;
  /** The path below `/rest/v1`, e.g. `/movies` or `/rpc/fn` (still percent-encoded or not). */
  path: string;
  /** The raw query string (with or without `?`). `+` means a space, as in forms. */
  query: string;
  headers: Headers;
  /** Exposed schemas (`ctx.config.api.schemas`); the first is the default. */
  schemas: string[];
}

const RESERVED = new Set(['select', 'columns', 'on_conflict']);
const EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or']);

/**
 * Parses a whole PostgREST request — target, profile schema, `select`, filters (root and
 * embedded, `not.`, `or`/`and` trees), `order`, `limit`/`offset` (also `rel.limit`), `Range`,
 * `Prefer`, `Accept`, `columns`, `on_conflict` — into a {@link ParsedRequest}. Query parameters
 * that are neither keywords nor filters (no `op.` in the value, no `.` in the key) go to
 * `rpcArgs`, as PostgREST treats them (ignored on tables, function arguments on `rpc/`).
 * Throws `RestError` (PGRST100, PGRST103, PGRST106, PGRST107) for bad input.
 *
 * @example
 * const parsed = parseRequest({
 *   method: 'GET', path: '/movies', query: 'select=id,title&year=gte.1999&order=id.desc',
 *   headers: new Headers(), schemas: ['public'],
 * });
 */
export function parseRequest(input: RequestInput): ParsedRequest {
  const method = input.method.toUpperCase();
  const target = parseTarget(input.path);
  const schema = chooseSchema(method, input.headers, input.schemas);
  const params = new URLSearchParams(input.query.replace(/^\?/, ''));

  const parsed: ParsedRequest = {
    target,
    schema,
    read: { select: parseSelect(params.get('select') ?? '*'), filters: [], orders: [], ranges: [] },
    prefer: parsePrefer(joinHeader(input.headers, 'prefer')),
    rpcArgs: [],
    accept: parseAccept(input.headers.get('accept')),
  };
  const rangeHeader = parseRangeHeader(input.headers.get('range'));
  if (rangeHeader) parsed.rangeHeader = rangeHeader;
  const columns = params.get('columns');
  if (columns !== null) parsed.columns = parseColumns('columns parameter', columns);
  const onConflict = params.get('on_conflict');
  if (onConflict !== null) parsed.onConflict = parseColumns('on_conflict parameter', onConflict);

  const limits = new Map<string, { path: EmbedPath; limit?: number; offset?: number }>();
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    const last = key.slice(key.lastIndexOf('.') + 1);
    if (EMBEDDABLE.has(last)) {
      const path = key.split('.').slice(0, -1);
      if (last === 'order') {
        parsed.read.orders.push({ path, terms: parseOrder(value) });
      } else if (last === 'limit' || last === 'offset') {
        addRange(limits, path, last, value);
      } else {
        const negated = path.at(-1) === 'not';
        const embedPath = path.filter((p) => p !== 'not');
        parsed.read.filters.push({
          path: embedPath,
          condition: parseLogic(last as 'and' | 'or', negated, value),
        });
      }
      continue;
    }
    if (key.includes('.') || hasOperator(value)) {
      const { path, field } = parseTreePath(key);
      const condition: Condition = { type: 'filter', field, ...parseFilterValue(value) };
      parsed.read.filters.push({ path, condition });
    } else {
      parsed.rpcArgs.push([key, value]);
    }
  }
  parsed.read.ranges = [...limits.values()];
  return parsed;
}

function joinHeader(headers: Headers, name: string): string | null {
  return headers.get(name);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is a path PostgREST cannot route, not a server error.
    throw new RestError(404, {
      code: 'PGRST125',
      details: null,
      hint: null,
      message: 'Invalid path specified in request URL',
    });
  }
}

function parseTarget(path: string): ParsedRequest['target'] {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  if (segments.length === 2 && segments[0] === 'rpc') return { kind: 'rpc', name: segments[1] };
  if (segments.length !== 1) {
    throw new RestError(404, {
      code: 'PGRST125',
      details: null,
      hint: null,
      message: 'Invalid path specified in request URL',
    });
  }
  return { kind: 'relation', name: segments[0] };
}

/**
 * The schema a request addresses: `Accept-Profile` (GET/HEAD) or `Content-Profile` (others),
 * else the first exposed schema. A schema that is not exposed is PostgREST's 406 PGRST106.
 *
 * @example
 * chooseSchema('GET', new Headers({ 'accept-profile': 'api' }), ['public', 'api']); // 'api'
 */
export function chooseSchema(method: string, headers: Headers, schemas: string[]): string {
  const header =
    method === 'GET' || method === 'HEAD'
      ? headers.get('accept-profile')
      : headers.get('content-profile');
  const fallback = schemas[0] ?? 'public';
  if (header === null || header === '') return fallback;
  if (!schemas.includes(header)) {
    throw new RestError(406, {
      code: 'PGRST106',
      details: null,
      hint: `Only the following schemas are exposed: ${schemas.join(', ')}`,
      message: `Invalid schema: ${header}`,
    });
  }
  return header;
}

function parseTreePath(key: string): { path: EmbedPath; field: Field } {
  const c = new Cursor('tree path', key);
  const names = [readFieldName(c)];
  while (c.take('.')) names.push(readFieldName(c));
  const jsonPath = readJsonPath(c);
  if (!c.done) c.fail(['"->"', '"->>"', 'delimiter (.)', 'end of input']);
  return { path: names.slice(0, -1), field: { name: names[names.length - 1], jsonPath } };
}

function parseColumns(what: string, input: string): string[] {
  const c = new Cursor(what, input);
  const names: string[] = [];
  for (;;) {
    c.skipSpaces();
    names.push(readFieldName(c));
    c.skipSpaces();
    if (c.done) return names;
    if (!c.take(',')) c.fail(['","', 'end of input']);
  }
}

function addRange(
  limits: Map<string, { path: EmbedPath; limit?: number; offset?: number }>,
  path: EmbedPath,
  kind: 'limit' | 'offset',
  value: string,
): void {
  const key = path.join('.');
  const entry = limits.get(key) ?? { path };
  limits.set(key, entry);
  // PostgREST ignores a limit or offset that is not an integer.
  if (!/^-?\d+$/.test(value.trim())) return;
  const n = Number(value.trim());
  if (kind === 'limit') {
    if (n < 0) throw rangeError('Limit should be greater than or equal to zero.');
    entry.limit = n;
  } else if (n >= 0) {
    entry.offset = n;
  }
}

export { parseError };
