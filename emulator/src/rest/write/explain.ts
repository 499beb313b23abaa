import type { Queryable } from '../../db/engine.js';
import type { AcceptedMedia } from '../ast.js';
import { contentType } from '../read/media.js';

type PlanMedia = Extract<AcceptedMedia, { type: 'plan' }>;

/**
 * `Accept: application/vnd.pgrst.plan+text|json` on a write or an rpc call: Postgres's `EXPLAIN`
 * of the statement the request would run, with the requested options (`analyze` runs it, as in
 * PostgREST; the caller's transaction still decides whether it is kept), as a 200 response.
 *
 * @example
 * if (parsed.accept.type === 'plan') return explainResponse(tx, parsed.accept, sql, builder.params);
 */
export async function explainResponse(
  tx: Queryable,
  media: PlanMedia,
  sql: string,
  params: unknown[],
): Promise<Response> {
  const options = [
    ...media.options.map((o) => o.toUpperCase()),
    `FORMAT ${media.format.toUpperCase()}`,
  ];
  const { rows } = await tx.query<Record<string, unknown>>(
    `EXPLAIN (${options.join(', ')}) ${sql}`,
    params,
  );
  const lines = rows.map((r) => r['QUERY PLAN']);
  const body =
    media.format === 'json'
      ? JSON.stringify(typeof lines[0] === 'string' ? JSON.parse(lines[0]) : lines[0])
      : lines.join('\n');
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType(media) } });
}
