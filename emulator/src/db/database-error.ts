import type { ErrorFields } from './pglite-messages.js';

/**
 * A Postgres error raised in the embedded engine's worker thread, rebuilt on the engine's side
 * with the fields `pg` and PGlite put on theirs (`code`, `detail`, `hint`, `position`, `schema`,
 * `table`, `column`, `constraint`, …), so callers read both engines' errors alike.
 *
 * @example
 * ```ts
 * try { await engine.query('select * from nowhere'); } catch (e) { (e as DatabaseError).code; } // '42P01'
 * ```
 */
export class DatabaseError extends Error {
  declare readonly code?: string;
  declare readonly detail?: string;
  declare readonly hint?: string;
  declare readonly severity?: string;

  constructor(fields: ErrorFields) {
    super(fields.message);
    const { message: _message, internal: _internal, ...rest } = fields;
    Object.assign(this, rest);
    this.name = 'DatabaseError';
  }
}

/**
 * The error a worker reply carries: a `DatabaseError` for Postgres's own, a plain `Error` for
 * anything else.
 *
 * @example
 * ```ts
 * throw toError({ message: 'relation "t" does not exist', code: '42P01' }); // a DatabaseError
 * ```
 */
export function toError(fields: ErrorFields): Error {
  return fields.internal ? new Error(fields.message) : new DatabaseError(fields);
}
