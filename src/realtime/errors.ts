import { SupabaseRxError } from '../http/supabase-rx-error.js';

/** The machine-readable `code` of a {@link RealtimeError}. */
export type RealtimeErrorCode =
  | 'topic_required'
  | 'field_too_long'
  | 'payload_too_large'
  | 'payload_required'
  | 'invalid_payload'
  | 'invalid_frame'
  | 'invalid_vsn'
  | 'invalid_config'
  | 'invalid_url'
  | 'invalid_filter'
  | 'bindings_mismatch'
  | 'join_failed'
  | 'socket_closed'
  | 'unauthorized'
  | 'server_error'
  | (string & {});

/**
 * The error class of the realtime module: bad input caught before sending, malformed frames,
 * join failures and socket problems. `code` says which (`field_too_long`, `join_failed`, …).
 *
 * @example
 * ```ts
 * channel.status$.subscribe(({ error }) => {
 *   if (error instanceof RealtimeError && error.code === 'join_failed') console.log(error.message);
 * });
 * ```
 */
export class RealtimeError extends SupabaseRxError {
  declare readonly code: RealtimeErrorCode;

  constructor(
    message: string,
    code: RealtimeErrorCode,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, { code, status: options.status, cause: options.cause });
    this.name = 'RealtimeError';
  }
}

/**
 * Whether `error` is a {@link RealtimeError} (also one from another copy of this package).
 *
 * @example
 * ```ts
 * if (isRealtimeError(e) && e.code === 'socket_closed') reconnectLater();
 * ```
 */
export function isRealtimeError(error: unknown): error is RealtimeError {
  return error instanceof Error && error.name === 'RealtimeError';
}
