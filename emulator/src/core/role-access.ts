import type { Queryable } from '../db/engine.js';
import { UnknownRoleError } from './unknown-role-error.js';

/** The role PostgREST connects as; a request may only become a role it can `SET ROLE` to. */
export const AUTHENTICATOR = 'authenticator';

/**
 * A token whose `role` names a role `authenticator` may not become. Postgres refuses PostgREST's
 * `SET ROLE` with `42501 permission denied to set role "…"`, which PostgREST answers with 403
 * (401 when the request ran as the anonymous role). It carries a Postgres error's fields, so the
 * services' error mapping treats it as the database's own error.
 *
 * @example
 * ```ts
 * try { await ctx.runAs(settings, fn); } catch (e) { if (e instanceof RoleDeniedError) e.code; } // '42501'
 * ```
 */
export class RoleDeniedError extends Error {
  readonly code = '42501';
  readonly detail = undefined;
  readonly hint = undefined;

  constructor(readonly role: string) {
    super(`permission denied to set role "${role}"`);
    this.name = 'RoleDeniedError';
  }
}

// PostgreSQL 16 made SET ROLE need the SET option of the membership chain; before, membership.
const ROLES_SQL = /* sql */ `
select rolname as name,
  pg_has_role($1, oid,
    case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end
  ) as usable
from pg_roles`;

/**
 * Which roles a request's JWT may run as: those `authenticator` can `SET ROLE` to, as behind
 * PostgREST (the emulator connects as a superuser, which could become any role). Roles and
 * memberships are read in one query per schema-cache generation, so a request costs no extra
 * round trip; a role the cache refuses is looked up once more before the refusal, so a grant
 * made outside the emulator counts at once.
 *
 * @example
 * ```ts
 * const access = new RoleAccess(engine, ctx.schemaGeneration);
 * await access.check('authenticated'); // resolves
 * await access.check('postgres'); // rejects with RoleDeniedError
 * ```
 */
export class RoleAccess {
  #generation = -1;
  #roles: Promise<Map<string, boolean>> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly generation: () => number,
  ) {}

  /** Resolves when `role` may be used; else rejects with `UnknownRoleError` or `RoleDeniedError`. */
  async check(role: string): Promise<void> {
    if ((await this.#cached()).get(role) === true) return;
    const fresh = await this.#load();
    this.#roles = Promise.resolve(fresh);
    const usable = fresh.get(role);
    if (usable === undefined) throw new UnknownRoleError(role);
    if (!usable) throw new RoleDeniedError(role);
  }

  #cached(): Promise<Map<string, boolean>> {
    const generation = this.generation();
    if (!this.#roles || generation !== this.#generation) {
      this.#generation = generation;
      this.#roles = this.#load();
      // A failed load is retried by the next request rather than cached.
      this.#roles.catch(() => {
        this.#roles = undefined;
      });
    }
    return this.#roles;
  }

  async #load(): Promise<Map<string, boolean>> {
    const { rows } = await this.db.query<{ name: string; usable: boolean }>(ROLES_SQL, [
      AUTHENTICATOR,
    ]);
    return new Map(rows.map((r) => [r.name, r.usable]));
  }
}
