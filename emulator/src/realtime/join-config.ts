import { randomUUID } from 'node:crypto';
import type { ChangeBinding } from './changes/change-feed.js';

/** What a `phx_join` payload asks for, with Realtime's defaults applied. */
export interface JoinConfig {
  isPrivate: boolean;
  self: boolean;
  ack: boolean;
  /** `config.presence.key`, or a fresh UUID when empty (as Realtime makes one per join). */
  presenceKey: string;
  /** Whether `presence_state`/`presence_diff` are sent (realtime-js always says). */
  presenceEnabled: boolean;
  /** `config.postgres_changes`, each entry as the client wrote it (echoed back with an id). */
  bindings: Record<string, unknown>[];
  /** `access_token` (or `user_token`), when the payload carries a string. */
  token?: string;
  /** `config.broadcast.replay` was asked for. */
  replay: boolean;
}

function object(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Reads a `phx_join` payload as Realtime does: flags are truthy checks, a missing
 * `presence.enabled` means enabled (clients older than the flag always got presence).
 *
 * @example
 * ```ts
 * parseJoinPayload({ config: { broadcast: { self: true }, private: true }, access_token: 'jwt' });
 * // { isPrivate: true, self: true, ack: false, presenceKey: '<uuid>', presenceEnabled: true, bindings: [], token: 'jwt' }
 * ```
 */
export function parseJoinPayload(payload: unknown): JoinConfig {
  const p = object(payload);
  const config = object(p.config);
  const broadcast = object(config.broadcast);
  const presence = object(config.presence);
  const key = typeof presence.key === 'string' && presence.key !== '' ? presence.key : randomUUID();
  const changes = Array.isArray(config.postgres_changes) ? config.postgres_changes : [];
  const token =
    typeof p.user_token === 'string'
      ? p.user_token
      : typeof p.access_token === 'string'
        ? p.access_token
        : undefined;
  return {
    isPrivate: Boolean(config.private),
    self: Boolean(broadcast.self),
    ack: Boolean(broadcast.ack),
    presenceKey: key,
    presenceEnabled: 'enabled' in presence ? Boolean(presence.enabled) : true,
    bindings: changes.map(object),
    replay: broadcast.replay !== undefined && broadcast.replay !== null,
    ...(token !== undefined ? { token } : {}),
  };
}

/** The bindings in the shape the change feed takes (validation of their content is the feed's). */
export function toChangeBindings(bindings: Record<string, unknown>[]): ChangeBinding[] {
  return bindings.map((b) => {
    const out: ChangeBinding = {
      event: b.event as ChangeBinding['event'],
      schema: b.schema as string,
    };
    if (typeof b.table === 'string') out.table = b.table;
    if (typeof b.filter === 'string') out.filter = b.filter;
    return out;
  });
}
