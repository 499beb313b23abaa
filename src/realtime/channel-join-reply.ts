import type { PushOutcome } from './channel-pushes.js';
import { RealtimeError } from './errors.js';
import { serverBindingIds, type BindingId, type PostgresBinding } from './postgres-filter.js';

/** What a join's answer means for the channel. */
export type JoinReply =
  | { readonly kind: 'timed out' }
  /** The server refused the join (`join_failed`): a rejoin may succeed. */
  | { readonly kind: 'refused'; readonly error: RealtimeError }
  /** An `ok` reply whose binding ids do not match what was sent: the same join would get it again. */
  | { readonly kind: 'invalid'; readonly error: RealtimeError }
  | { readonly kind: 'joined'; readonly ids: readonly BindingId[] | undefined };

/**
 * Reads the answer to a `phx_join` that carried `sent` postgres_changes bindings: no reply in
 * time, an error reply (its response's values joined as the message, realtime-js's way), or the
 * server's ids for the bindings (or `invalid` when they do not match what was sent).
 *
 * @example
 * ```ts
 * readJoinReply({ status: 'error', response: { reason: 'unauthorized' } }, []);
 * // { kind: 'refused', error: RealtimeError('unauthorized', 'join_failed') }
 * ```
 */
export function readJoinReply(outcome: PushOutcome, sent: readonly PostgresBinding[]): JoinReply {
  if (outcome.status === 'timeout') return { kind: 'timed out' };
  if (outcome.status === 'error') {
    const reason = Object.values(outcome.response ?? {}).join(', ') || 'error';
    const error = new RealtimeError(reason, 'join_failed', { cause: outcome.response });
    return { kind: 'refused', error };
  }
  try {
    return { kind: 'joined', ids: serverBindingIds(sent, outcome.response?.postgres_changes) };
  } catch (cause) {
    return { kind: 'invalid', error: joinFailure(cause) };
  }
}

/** A failure before or after a join as a RealtimeError (`join_failed` unless it is one already). */
export function joinFailure(cause: unknown): RealtimeError {
  return cause instanceof RealtimeError
    ? cause
    : new RealtimeError(String(cause), 'join_failed', { cause });
}
