import type { Queryable } from '../db/engine.js';

/**
 * `Prefer: timezone=…` for reads, writes and rpc calls: sets the transaction's time zone (so
 * timestamptz values are read and rendered in it) when Postgres knows the zone, and returns it for
 * `Preference-Applied`; an unknown zone is ignored, as PostgREST does.
 *
 * @example
 * const applied = await applyTimezone(tx, parsed.prefer.timezone); // 'Asia/Tokyo' | undefined
 */
export async function applyTimezone(
  tx: Queryable,
  timezone: string | undefined,
): Promise<string | undefined> {
  if (!timezone) return undefined;
  const { rows } = await tx.query<{ ok: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = $1) AS ok',
    [timezone],
  );
  if (!rows[0]?.ok) return undefined;
  await tx.query(`SELECT set_config('timezone', $1, true)`, [timezone]);
  return timezone;
}
