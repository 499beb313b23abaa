import type { EmulatorContext, RequestAuth } from '../../context.js';
import { RestError, type AcceptedMedia, type ParsedRequest } from '../ast.js';
import { errorResponse } from '../errors.js';
import { rangeError } from '../parse/errors.js';
import { tableNotFound } from '../plan/errors.js';
import { planRead, type ReadNode } from '../plan/read-plan.js';
import { getSchemaCache, type Relation } from '../schema-cache.js';
import type { Queryable } from '../../db/engine.js';
import { renderReadStatement, type BodyOptions } from '../sql/body.js';
import { qualified, SqlBuilder } from '../sql/builder.js';
import { renderNode } from '../sql/read.js';
import { contentType, mediaUnavailable, singularityError } from './media.js';
import { contentRange, rangeStatus, rootRange, type RootRange } from './range.js';
import { applyTimezone } from '../timezone.js';

interface ReadRow {
  total_result_set: string | number | null;
  page_total: string | number;
  body: string;
}

function settingsOf(request: Request, auth: RequestAuth) {
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => (headers[k] = v));
  return { auth, method: request.method, path: new URL(request.url).pathname, headers };
}

/** Postgres's planner estimate of the rows a level returns (`Prefer: count=planned`). */
async function plannedCount(tx: Queryable, root: ReadNode, from: string): Promise<number> {
  const b = new SqlBuilder();
  const sql = renderNode(b, root, { from, mode: 'count' });
  const { rows } = await tx.query<Record<string, unknown>>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
    b.params,
  );
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    Plan: { 'Plan Rows': number };
  }[];
  return Number(plan[0].Plan['Plan Rows']);
}

function bodyOptions(media: AcceptedMedia, head: boolean): BodyOptions {
  if (head) return { media: 'none' };
  switch (media.type) {
    case 'object':
      return { media: 'object', stripNulls: media.stripNulls };
    case 'array':
      return { media: 'json', stripNulls: media.stripNulls };
    case 'csv':
      return { media: 'csv' };
    case 'geojson':
      return { media: 'geojson' };
    default:
      return { media: 'json' };
  }
}

async function explain(
  tx: Queryable,
  media: Extract<AcceptedMedia, { type: 'plan' }>,
  root: ReadNode,
  from: string,
  range: RootRange,
): Promise<Response> {
  const b = new SqlBuilder();
  const target = media.for.includes('object')
    ? 'object'
    : media.for.includes('csv')
      ? 'csv'
      : 'json';
  const sql = renderReadStatement(b, root, { from, ...range }, { media: target });
  const options = [
    ...media.options.map((o) => o.toUpperCase()),
    `FORMAT ${media.format.toUpperCase()}`,
  ];
  const { rows } = await tx.query<Record<string, unknown>>(
    `EXPLAIN (${options.join(', ')}) ${sql}`,
    b.params,
  );
  const lines = rows.map((r) => r['QUERY PLAN']);
  const body =
    media.format === 'json'
      ? JSON.stringify(typeof lines[0] === 'string' ? JSON.parse(lines[0]) : lines[0])
      : lines.join('\n');
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType(media) } });
}

/**
 * Serves `GET`/`HEAD` on a table or view as PostgREST does: plans the select tree against the
 * schema cache, runs one statement under the caller's role (so RLS applies) whose body Postgres
 * renders, and answers with PostgREST's status (200/206/406/416), `Content-Range`, `Content-Type`
 * and error bodies. Also answers `Accept: application/vnd.pgrst.plan…` with `EXPLAIN`.
 *
 * @example
 * const res = await handleRead(ctx, parseRequest({ … }), request, await ctx.authenticate(request));
 */
export async function handleRead(
  ctx: EmulatorContext,
  parsed: ParsedRequest,
  request: Request,
  auth: RequestAuth,
): Promise<Response> {
  try {
    if (parsed.target.kind !== 'relation') throw new Error('handleRead serves tables and views');
    const cache = await getSchemaCache(ctx);
    const relation: Relation | undefined = cache.find(parsed.schema, parsed.target.name);
    if (!relation) throw tableNotFound(cache, parsed.schema, parsed.target.name);
    const root = planRead(cache, relation, parsed.read);
    const range = rootRange(parsed, ctx.config.api.maxRows);
    const from = qualified(relation.schema, relation.name);
    const head = request.method.toUpperCase() === 'HEAD';
    const media = parsed.accept;
    const count = parsed.prefer.count;

    if (parsed.prefer.handling === 'strict' && parsed.prefer.unknown.length > 0) {
      throw new RestError(400, {
        code: 'PGRST122',
        details: `Invalid preferences: ${parsed.prefer.unknown.join(', ')}`,
        hint: null,
        message: 'Invalid preferences given with handling=strict',
      });
    }

    return await ctx.runAs(settingsOf(request, auth), async (tx) => {
      const timezone = await applyTimezone(tx, parsed.prefer.timezone);
      if (media.type === 'plan') return explain(tx, media, root, from, range);
      if (media.type === 'geojson') {
        const { rows } = await tx.query<{ ok: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'st_asgeojson') AS ok`,
        );
        // Without PostGIS there is no GeoJSON rendering: PostgREST's 406.
        if (!rows[0]?.ok) throw mediaUnavailable('application/geo+json');
      }
      const b = new SqlBuilder();
      const options: BodyOptions = {
        ...bodyOptions(media, head),
        exactCount: count === 'exact' || count === 'estimated',
      };
      const sql = renderReadStatement(b, root, { from, ...range }, options);
      const { rows } = await tx.query<ReadRow>(sql, b.params);
      const row = rows[0];
      const pageTotal = Number(row.page_total);
      let total = row.total_result_set === null ? undefined : Number(row.total_result_set);
      if (count === 'planned') total = await plannedCount(tx, root, from);
      else if (
        count === 'estimated' &&
        total !== undefined &&
        total > (ctx.config.api.maxRows || Infinity)
      ) {
        total = await plannedCount(tx, root, from);
      }
      const status = rangeStatus(range.offset, pageTotal, total);
      if (status === 416) {
        throw rangeError(
          `An offset of ${range.offset} was requested, but there are only ${total} rows.`,
        );
      }
      if (media.type === 'object' && pageTotal !== 1) throw singularityError(pageTotal);
      const headers: Record<string, string> = {
        'Content-Type': contentType(media),
        'Content-Range': contentRange(range.offset, pageTotal, total),
      };
      // PostgREST's order: count, handling, timezone (the others concern writes).
      const applied = [
        count && `count=${count}`,
        parsed.prefer.handling && `handling=${parsed.prefer.handling}`,
        timezone && `timezone=${timezone}`,
      ].filter(Boolean);
      if (applied.length) headers['Preference-Applied'] = applied.join(', ');
      return new Response(head ? null : row.body, { status, headers });
    });
  } catch (error) {
    return errorResponse(error, auth.role !== 'anon');
  }
}
