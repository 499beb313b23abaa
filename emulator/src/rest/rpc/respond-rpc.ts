import type { EmulatorContext } from '../../context.js';
import type { ParsedRequest } from '../ast.js';
import { rangeError } from '../parse/errors.js';
import { contentType } from '../read/media.js';
import {
  contentRange,
  JSON_CONTENT_TYPE,
  preferenceApplied,
  reasonPhrase,
} from '../write/respond.js';
import type { CallStatementRow } from './call-statement.js';
import type { Routine } from './functions.js';

/** The rows of a set result a request asks for. */
export interface ResultRange {
  offset: number;
  limit?: number;
}

/**
 * The page of a set-returning function's result: `limit`/`offset` (or the `Range` header),
 * capped by `db-max-rows`; scalar and single-row results are not paged.
 *
 * @example
 * resultRange(parsed, routine, 1000) // → { offset: 0, limit: 1000 }
 */
export function resultRange(parsed: ParsedRequest, routine: Routine, maxRows: number): ResultRange {
  if (!routine.returnsSet) return { offset: 0 };
  const root = parsed.read.ranges.find((r) => r.path.length === 0);
  let offset = root?.offset ?? parsed.rangeHeader?.from ?? 0;
  let limit = root?.limit;
  if (limit === undefined && parsed.rangeHeader?.to !== undefined) {
    offset = parsed.rangeHeader.from;
    limit = parsed.rangeHeader.to - parsed.rangeHeader.from + 1;
  }
  if (maxRows > 0) limit = limit === undefined ? maxRows : Math.min(limit, maxRows);
  return { offset, limit };
}

/**
 * The HTTP response of an rpc call, as PostgREST's: `204` for a `void` function; otherwise the
 * body with `Content-Range` (`0-0/*` for a single value; for a set, the page and the count when
 * asked, `206 Partial Content` when the count shows more rows, 416 past the end), and
 * `Preference-Applied`. HEAD gets the headers without the body.
 *
 * @example
 * return rpcResponse(ctx, parsed, routine, range, row, request.method === 'HEAD');
 */
export function rpcResponse(
  ctx: EmulatorContext,
  parsed: ParsedRequest,
  routine: Routine,
  range: ResultRange,
  row: CallStatementRow,
  head: boolean,
): Response {
  const headers = new Headers();
  const total = row.pgrst_total ?? undefined;
  const lower = range.offset;
  const upper = lower + row.pgrst_page_count - 1;
  headers.set('Content-Range', contentRange(lower, upper, total));
  let status = 200;
  if (total !== undefined && routine.returnsSet) {
    if (lower > total)
      throw rangeError(`An offset of ${lower} was requested, but there are only ${total} rows.`);
    if (1 + upper - lower < total) status = 206;
  }
  const preference = preferenceApplied(parsed.prefer, [
    'count',
    'tx',
    'handling',
    'timezone',
    'max-affected',
  ]);
  if (preference) headers.set('Preference-Applied', preference);
  if (ctx.config.api.schemas.length > 1) headers.set('Content-Profile', parsed.schema);
  if (routine.returnType === 'void') {
    return new Response(null, { status: 204, statusText: reasonPhrase(204), headers });
  }
  // Row results come in the negotiated media (JSON, object, CSV); bare values are JSON.
  const objectType = contentType({ type: 'object' });
  headers.set(
    'Content-Type',
    routine.returnsComposite
      ? contentType(parsed.accept)
      : parsed.accept.type === 'object'
        ? objectType
        : JSON_CONTENT_TYPE,
  );
  return new Response(head ? null : row.pgrst_body, {
    status,
    statusText: reasonPhrase(status),
    headers,
  });
}
