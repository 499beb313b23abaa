/**
 * The base class of every error the SDK puts in an Observable's error channel.
 *
 * @example
 * ```ts
 * query$.subscribe({ error: (e) => e instanceof SupabaseRxError && console.log(e.status, e.code) });
 * ```
 */
export class SupabaseRxError extends Error {
  /** HTTP status of the failed response; 0 when no response arrived (network failure, abort). */
  readonly status: number;
  /** The server's machine-readable code (PostgREST `PGRST116`, GoTrue `invalid_credentials`, …), or `''`. */
  readonly code: string;

  constructor(message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status ?? 0;
    this.code = options.code ?? '';
  }
}

/** Bad input caught before anything is sent: a malformed URL, `range(5, 2)`, a cyclic body … */
export class SupabaseRxInputError extends SupabaseRxError {
  constructor(message: string) {
    super(message, { code: 'invalid_input' });
  }
}
