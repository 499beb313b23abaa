/**
 * The base class of every error the SDK puts in an Observable's error channel.
 *
 * @example
 * ```ts
 * query$.subscribe({ error: (e) => e instanceof SupabaseRxError && console.log(e.status, e.code) });
 * ```
 */
export class SupabaseRxError extends Error {
  // `declare`: assigned in the constructor, so no field initialisers are emitted.
  /** HTTP status of the failed response; 0 when no response arrived (network failure, abort). */
  declare readonly status: number;
  /** The server's machine-readable code (PostgREST `PGRST116`, GoTrue `invalid_credentials`, …), or `''`. */
  declare readonly code: string;

  constructor(message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Every error class names itself with a literal: minifiers rename classes, so
    // `new.target.name` would give `e` in a production bundle (and break `isAuthApiError`).
    this.name = 'SupabaseRxError';
    this.status = options.status ?? 0;
    this.code = options.code ?? '';
  }
}

/**
 * Bad input caught before anything is sent: a malformed URL, `range(5, 2)`, a cyclic body …
 *
 * @example
 * ```ts
 * import { createClient, SupabaseRxInputError } from 'supabase-rx';
 *
 * try {
 *   createClient('not a url', anonKey);
 * } catch (error) {
 *   if (error instanceof SupabaseRxInputError) console.error(error.message);
 * }
 * ```
 */
export class SupabaseRxInputError extends SupabaseRxError {
  constructor(message: string) {
    super(message, { code: 'invalid_input' });
    this.name = 'SupabaseRxInputError';
  }
}
