import type { EmulatorContext, RequestAuth } from '../../context.js';
import { quoteIdent } from '../../core/run-as.js';
import type { ChangeData } from './change-row.js';
import type { PublishedTable } from './published-tables.js';

/** A change waiting for the RLS check of one subscriber. */
export interface RlsCandidate {
  data: ChangeData;
  table: PublishedTable;
}

function bypassesRls(auth: RequestAuth): boolean {
  return auth.role === 'service_role' || auth.role === 'postgres' || auth.role === 'supabase_admin';
}

/**
 * Which of `candidates` the subscriber may see, checked as Supabase's walrus does: an INSERT or
 * UPDATE row is visible when, under the subscriber's role and claims, `select exists(select 1
 * from the table where <primary key> = <values>)` holds; a DELETE is not checked (the row is
 * gone; its old record carries only the primary key on a table with RLS). Tables without RLS
 * and `service_role` see everything. One transaction per call, so a batch costs one round trip
 * per row at most.
 *
 * @example
 * ```ts
 * const visible = await visibleToSubscriber(ctx, auth, [{ data, table }]); // [true]
 * ```
 */
export async function visibleToSubscriber(
  ctx: EmulatorContext,
  auth: RequestAuth,
  candidates: RlsCandidate[],
): Promise<boolean[]> {
  const needsCheck = (c: RlsCandidate) =>
    c.data.type !== 'DELETE' && c.table.rowSecurity && !bypassesRls(auth);
  if (!candidates.some(needsCheck)) return candidates.map(() => true);
  const settings = { auth, method: 'GET', path: '/realtime/v1/websocket', headers: {} };
  return ctx
    .runAs(settings, async (tx) => {
      const out: boolean[] = [];
      for (const c of candidates) {
        if (!needsCheck(c)) {
          out.push(true);
          continue;
        }
        const key = c.table.primaryKey;
        const record = c.data.record ?? {};
        // No primary key: walrus cannot identify the row, so nobody under RLS gets it.
        if (key.length === 0 || key.some((k) => !(k in record))) {
          out.push(false);
          continue;
        }
        const where = key
          .map(
            (k, i) =>
              `${quoteIdent(k)} = (jsonb_populate_record(null::${qualified(c.table)}, $${i + 1}::jsonb)).${quoteIdent(k)}`,
          )
          .join(' and ');
        const params = key.map((k) => JSON.stringify({ [k]: record[k] }));
        const { rows } = await tx.query<{ ok: boolean }>(
          `select exists (select 1 from ${qualified(c.table)} where ${where}) as ok`,
          params,
        );
        out.push(rows[0]?.ok === true);
      }
      return out;
    })
    .catch(() => candidates.map(() => false));
}

function qualified(table: PublishedTable): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.table)}`;
}
