/**
 * A token whose `role` claim names a role the database does not have. PostgREST answers it with
 * 401 and Postgres's own error (`22023`, `role "…" does not exist`); this error carries the same
 * fields as a Postgres error (`code`, `message`, `details`, `hint`) plus that `status`.
 *
 * @example
 * ```ts
 * try { await ctx.runAs(settings, fn); } catch (e) { if (e instanceof UnknownRoleError) return c.json(e.toJSON(), e.status); }
 * ```
 */
export class UnknownRoleError extends Error {
  readonly code = '22023';
  readonly status = 401;
  readonly details = null;
  readonly hint = null;

  constructor(readonly role: string) {
    super(`role "${role}" does not exist`);
    this.name = 'UnknownRoleError';
  }

  /** PostgREST's error body. */
  toJSON(): { code: string; details: null; hint: null; message: string } {
    return { code: this.code, details: null, hint: null, message: this.message };
  }
}
