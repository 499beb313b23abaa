import type { SchedulerLike } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { AccessTokenCallback } from './realtime-auth.js';
import type { Vsn } from './serializer.js';
import type { HeartbeatStatus } from './socket.js';
import type { WebSocketConstructor } from './websocket-constructor.js';

/** Options of {@link RealtimeClient} (realtime-js's, plus `scheduler` and `graceMs`). */
export interface RealtimeClientOptions {
  /** Query parameters of the socket URL; `apikey` is required. */
  params?: { apikey?: string; [key: string]: unknown };
  /** Protocol version: `'2.0.0'` (default, binary broadcasts) or `'1.0.0'`. */
  vsn?: Vsn;
  /** Join, push, leave and REST timeout in ms (default 10 000). */
  timeout?: number;
  /** Heartbeat period in ms (default 25 000). */
  heartbeatIntervalMs?: number;
  heartbeatCallback?: (status: HeartbeatStatus, latencyMs?: number) => void;
  /** The WebSocket constructor (default: the global one, or `ws` on Node 20). */
  transport?: WebSocketConstructor;
  /** The scheduler of every timer (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Where tokens come from (session token or API key); asked on connect, heartbeat and join. */
  accessToken?: AccessTokenCallback;
  /** `fetch` for the REST broadcast endpoints. */
  fetch?: typeof fetch;
  logLevel?: 'info' | 'warn' | 'error';
  /** How long a channel stays joined after its last stream is unsubscribed (default 1000 ms). */
  graceMs?: number;
  /** How long the socket stays open with no joined channel (default two heartbeats). */
  disconnectOnEmptyChannelsAfterMs?: number;
  /** Reconnect delay per attempt (default 1 s, 2 s, 5 s, then 10 s). */
  reconnectAfterMs?: (tries: number) => number;
  /** @internal The HTTP transport for REST broadcasts (createClient passes its own). */
  http?: Transport;
}
