import { SupabaseRxError } from '../http/supabase-rx-error.js';

/** The fields of a PostgREST error body (`{ code, details, hint, message }`). */
export interface PostgrestErrorFields {
  message: string;
  /** PostgREST / Postgres error code (`PGRST116`, `23505` …); `''` for client-side failures. */
  code?: string;
  details?: string | null;
  hint?: string | null;
}

/** Extra context kept on the error: the HTTP status line and the underlying cause. */
export interface PostgrestErrorInit {
  status?: number;
  statusText?: string;
  cause?: unknown;
}

/**
 * A failed database request: PostgREST's error body (`code`, `details`, `hint`, `message`) plus
 * the HTTP `status` (0 when no response arrived). Always delivered through the error channel.
 *
 * @example
 * ```ts
 * db.from('movies').select().subscribe({
 *   error: (e) => {
 *     if (e instanceof PostgrestError && e.code === '42P01') console.log('no such table', e.hint);
 *   },
 * });
 * ```
 */
export class PostgrestError extends SupabaseRxError {
  // `declare`: assigned in the constructor, so no separate field initialisers are emitted.
  /** Postgres/PostgREST detail text, as the server sent it (may be `null`). */
  declare readonly details: string | null;
  /** A hint from the server, or from the SDK for aborts (may be `null`). */
  declare readonly hint: string | null;
  /** The HTTP reason phrase of the failed response (`''` when none arrived). */
  declare readonly statusText: string;

  constructor(fields: PostgrestErrorFields, init: PostgrestErrorInit = {}) {
    // SupabaseRxError makes an absent status 0 and an absent code ''.
    super(fields.message, { status: init.status, code: fields.code, cause: init.cause });
    // Set by hand: a minifier renames the class, and `new.target.name` with it.
    this.name = 'PostgrestError';
    this.details = fields.details === undefined ? '' : fields.details;
    this.hint = fields.hint === undefined ? '' : fields.hint;
    this.statusText = init.statusText ?? '';
  }

  /**
   * A plain object for logging and JSON: `{ name, message, details, hint, code, status }`.
   *
   * @example
   * ```ts
   * JSON.stringify(new PostgrestError({ message: 'boom', code: 'X' }, { status: 400 }));
   * ```
   */
  toJSON(): {
    name: string;
    message: string;
    details: string | null;
    hint: string | null;
    code: string;
    status: number;
  } {
    const { name, message, details, hint, code, status } = this;
    return { name, message, details, hint, code, status };
  }
}
