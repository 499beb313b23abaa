import type { RequestAuth } from '../context.js';
import { RoleDeniedError } from '../core/role-access.js';
import { quoteIdent } from '../core/run-as.js';
import { UnknownRoleError } from '../core/unknown-role-error.js';
import type { Engine, Queryable } from '../db/engine.js';

/** What a caller may do on a private channel, per Realtime extension. */
export interface TopicPolicies {
  broadcast: { read: boolean; write: boolean };
  presence: { read: boolean; write: boolean };
}

/** Everything allowed: public channels, where no policy applies. */
export const OPEN_POLICIES: TopicPolicies = {
  broadcast: { read: true, write: true },
  presence: { read: true, write: true },
};

/** Tells whether a token's role may be used (`RoleAccess`: the REST API's `authenticator` check). */
export interface RoleCheck {
  /** Rejects with `RoleDeniedError` or `UnknownRoleError` when the role may not be used. */
  check(role: string): Promise<void>;
}

const NO_POLICIES = (): TopicPolicies => ({
  broadcast: { read: false, write: false },
  presence: { read: false, write: false },
});

class Rollback extends Error {
  constructor(readonly policies: TopicPolicies) {
    super('rollback');
  }
}

async function insertAllowed(tx: Queryable, topic: string, extension: string): Promise<boolean> {
  await tx.query('savepoint realtime_write_check');
  try {
    await tx.query('insert into realtime.messages (topic, extension) values ($1, $2)', [
      topic,
      extension,
    ]);
    return true;
  } catch {
    // 42501 (a WITH CHECK refusal) and any other failure of a policy mean "may not write".
    await tx.query('rollback to savepoint realtime_write_check');
    return false;
  }
}

/**
 * Evaluates the RLS policies on `realtime.messages` for a caller and a channel, as Realtime
 * Authorization does: probe rows are inserted (as the superuser), then under the caller's role and
 * claims, with `realtime.topic()` returning the channel's name, a select tells which of them the
 * caller may read, and an insert per extension whether it may write. Everything is rolled back.
 * A role `authenticator` may not become (`postgres`, `supabase_admin`, one not granted to it) or
 * one that does not exist is allowed nothing, as the REST API refuses it; Realtime answers a probe
 * that fails this way with its usual refusal.
 *
 * @example
 * ```ts
 * const policies = await topicPolicies(ctx.engine, roles, auth, 'room1');
 * if (!policies.broadcast.read) refuse();
 * ```
 */
export async function topicPolicies(
  engine: Engine,
  roles: RoleCheck,
  auth: RequestAuth,
  topic: string,
): Promise<TopicPolicies> {
  try {
    await roles.check(auth.role);
  } catch (error) {
    if (error instanceof RoleDeniedError || error instanceof UnknownRoleError) return NO_POLICIES();
    throw error;
  }
  try {
    await engine.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; extension: string }>(
        `insert into realtime.messages (topic, extension) values ($1, 'broadcast'), ($1, 'presence')
         returning id::text, extension`,
        [topic],
      );
      const idOf = (ext: string) => rows.find((r) => r.extension === ext)?.id;
      const policies = NO_POLICIES();
      try {
        await tx.query(`set local role ${quoteIdent(auth.role)}`);
        await tx.query(
          `select set_config('realtime.topic', $1, true), set_config('request.jwt.claims', $2, true),
                  set_config('request.headers', '{}', true)`,
          [topic, JSON.stringify(auth.claims)],
        );
        const visible = await tx.query<{ id: string }>(
          `select id::text from realtime.messages where topic = $1 and id = any($2::uuid[])`,
          [topic, [idOf('broadcast'), idOf('presence')]],
        );
        const seen = new Set(visible.rows.map((r) => r.id));
        policies.broadcast.read = seen.has(idOf('broadcast') ?? '');
        policies.presence.read = seen.has(idOf('presence') ?? '');
        policies.broadcast.write = await insertAllowed(tx, topic, 'broadcast');
        policies.presence.write = await insertAllowed(tx, topic, 'presence');
      } catch {
        // A policy that raises: Realtime refuses such a caller.
      }
      throw new Rollback(policies);
    });
  } catch (error) {
    if (error instanceof Rollback) return error.policies;
    throw error;
  }
  throw new Error('unreachable');
}
