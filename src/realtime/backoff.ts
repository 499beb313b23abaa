/** Heartbeat period, measured from the previous reply (realtime-js `heartbeatIntervalMs`). */
export const HEARTBEAT_INTERVAL_MS = 25_000;

/** Join, push, leave and REST broadcast timeout (realtime-js `timeout`). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Close code of a clean close, also used for the heartbeat-timeout close. */
export const WS_CLOSE_NORMAL = 1000;

/** Most pushes buffered while a channel is not joined (the oldest are dropped). */
export const MAX_PUSH_BUFFER_SIZE = 100;

const RECONNECT_STEPS = [1000, 2000, 5000, 10_000];
const REJOIN_STEPS = [1000, 2000, 5000];
const LAST_STEP_MS = 10_000;

/**
 * Delay before reconnect attempt `tries` (1-based): 1 s, 2 s, 5 s, then 10 s forever.
 *
 * @example
 * ```ts
 * [1, 2, 3, 4, 9].map(reconnectAfterMs); // [1000, 2000, 5000, 10000, 10000]
 * ```
 */
export function reconnectAfterMs(tries: number): number {
  return RECONNECT_STEPS[tries - 1] ?? LAST_STEP_MS;
}

/**
 * Delay before channel rejoin attempt `tries` (1-based): 1 s, 2 s, 5 s, then 10 s forever.
 *
 * @example
 * ```ts
 * [1, 2, 3, 4].map(rejoinAfterMs); // [1000, 2000, 5000, 10000]
 * ```
 */
export function rejoinAfterMs(tries: number): number {
  return REJOIN_STEPS[tries - 1] ?? LAST_STEP_MS;
}

/**
 * How long after the last channel is removed the socket disconnects (realtime-js
 * `disconnectOnEmptyChannelsAfterMs` default: two heartbeats).
 *
 * @example
 * ```ts
 * disconnectOnEmptyAfterMs(); // 50000
 * ```
 */
export function disconnectOnEmptyAfterMs(heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS): number {
  return 2 * heartbeatIntervalMs;
}
