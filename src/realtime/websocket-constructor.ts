import { defaultWebSocket } from '#websocket';
import { RealtimeError } from './errors.js';

/** The part of a WebSocket the socket uses: the WHATWG `WebSocket`, `ws`'s, or a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  onmessage: ((event: { data: any }) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor (the realtime `transport` option). */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/**
 * The constructor the socket uses: the `transport` option, else the platform's (`globalThis.WebSocket`,
 * or `ws` on Node 20 through the Node-only `#websocket` import). Throws a `RealtimeError`
 * `websocket_unavailable` when there is none.
 *
 * @example
 * ```ts
 * const WS = resolveWebSocket(undefined); // globalThis.WebSocket in a browser
 * ```
 */
export function resolveWebSocket(
  transport: WebSocketConstructor | undefined,
): WebSocketConstructor {
  const ctor = transport ?? (defaultWebSocket() as unknown as WebSocketConstructor | undefined);
  if (typeof ctor !== 'function') {
    throw new RealtimeError(
      'WebSocket not available: pass a WebSocket constructor as the realtime `transport` option',
      'websocket_unavailable',
    );
  }
  return ctor;
}
