import { RealtimeError } from './errors.js';
import type { PostgresBinding } from './postgres-filter.js';

/** A channel's `config` option (realtime-js `RealtimeChannelOptions.config`). */
export interface ChannelConfig {
  broadcast?: {
    /** Receive your own broadcasts. */
    self?: boolean;
    /** Ask the server to acknowledge each broadcast. */
    ack?: boolean;
    /** Replay stored broadcasts after joining (private channels only). */
    replay?: { since: number; limit?: number };
    /** Ask for a `system` message once replication is ready. */
    replication_ready?: boolean;
  };
  presence?: { key?: string; enabled?: boolean };
  private?: boolean;
  /** Hold `SUBSCRIBED` until the postgres_changes subscription is live. */
  postgres_changes_options?: { wait?: boolean; timeout?: number };
}

/** What the join payload needs from the channel's listeners. */
export interface JoinBindings {
  /** The postgres_changes bindings, in registration order. */
  readonly postgres_changes?: readonly PostgresBinding[];
  /** Whether the channel has any `presence` listener (forces `presence.enabled`). */
  readonly presence?: boolean;
}

/** The `phx_join` payload. */
export interface JoinPayload {
  config: {
    broadcast?: ChannelConfig['broadcast'];
    presence: { key?: string; enabled: boolean };
    postgres_changes: readonly PostgresBinding[];
    private?: boolean;
    postgres_changes_options?: ChannelConfig['postgres_changes_options'];
  };
  access_token?: string | null;
  version?: string;
}

/** The `version` realtime-js 2.119.1 puts in the join payload once the token changed. */
export const JOIN_PAYLOAD_VERSION = 'realtime-js/2.119.1';

/** The server's default `postgres_changes_options.timeout`. */
export const POSTGRES_CHANGES_WAIT_TIMEOUT_MS = 15_000;

/** Headroom over the server's wait, covering its error back-off before a rejected join. */
export const POSTGRES_CHANGES_WAIT_GRACE_MS = 10_000;

const DEFAULT_CONFIG: ChannelConfig = {
  broadcast: { ack: false, self: false },
  presence: { key: '', enabled: false },
  private: false,
};

/**
 * A channel's config over realtime-js's defaults, shallow-merged (so `broadcast: { self: true }`
 * has no `ack`). Replay on a public channel → {@link RealtimeError} `invalid_config` (realtime-js
 * throws this when the channel is created).
 *
 * @example
 * ```ts
 * channelConfig('realtime:room1', { private: true }); // { broadcast: { ack: false, self: false }, presence: …, private: true }
 * ```
 */
export function channelConfig(topic: string, config: ChannelConfig = {}): ChannelConfig {
  const merged = { ...DEFAULT_CONFIG, ...config };
  if (!merged.private && merged.broadcast?.replay) {
    const channel = topic === '' ? 'a public channel' : `public channel '${topic}'`;
    throw new RealtimeError(
      `tried to use replay on ${channel}. It must be a private channel.`,
      'invalid_config',
    );
  }
  return merged;
}

/**
 * The `phx_join` payload, built as realtime-js 2.119 builds it: `config` from the merged channel
 * config (`presence.enabled` forced on by presence listeners), then `access_token` when there is
 * one; throws as {@link channelConfig} does. `bindings` may also be just the postgres_changes
 * bindings (no presence listener). Pass `version` once the token changed while the channel existed: realtime-js then sends
 * `access_token` (even `null`) and `version` on every later join.
 *
 * @example
 * ```ts
 * joinPayload({}, { postgres_changes: [], presence: true }, 'jwt');
 * // { config: { broadcast: { ack: false, self: false }, presence: { key: '', enabled: true },
 * //   postgres_changes: [], private: false }, access_token: 'jwt' }
 * ```
 */
export function joinPayload(
  config: ChannelConfig | undefined,
  bindings: JoinBindings | readonly PostgresBinding[],
  accessToken?: string | null,
  version?: string,
): JoinPayload {
  const merged = channelConfig('', config);
  const asList = Array.isArray(bindings) ? (bindings as readonly PostgresBinding[]) : undefined;
  const postgres = asList ?? (bindings as JoinBindings).postgres_changes ?? [];
  const listening = asList === undefined && (bindings as JoinBindings).presence === true;
  const { broadcast, presence, private: isPrivate, postgres_changes_options } = merged;
  const payload: JoinPayload = {
    config: {
      broadcast,
      presence: { ...presence, enabled: listening || presence?.enabled === true },
      postgres_changes: postgres,
      private: isPrivate,
      ...(postgres_changes_options ? { postgres_changes_options } : {}),
    },
  };
  if (version !== undefined) {
    payload.access_token = accessToken ?? null;
    payload.version = version;
  } else if (accessToken) {
    payload.access_token = accessToken;
  }
  return payload;
}

/**
 * The join timeout: with `postgres_changes_options.wait` and at least one binding, long enough to
 * outlast the server's held reply (max of `timeout` and wait timeout + 10 s), else `timeout`.
 *
 * @example
 * ```ts
 * joinTimeoutMs({ postgres_changes_options: { wait: true } }, 1, 10_000); // 25000
 * ```
 */
export function joinTimeoutMs(
  config: ChannelConfig | undefined,
  postgresBindings: number,
  timeout: number,
): number {
  const options = config?.postgres_changes_options;
  if (!options?.wait || postgresBindings === 0) return timeout;
  const wait = options.timeout ?? POSTGRES_CHANGES_WAIT_TIMEOUT_MS;
  return Math.max(timeout, wait + POSTGRES_CHANGES_WAIT_GRACE_MS);
}
