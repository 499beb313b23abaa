/** What the SDK needs of a WebSocket constructor (the WHATWG one, or `ws`'s). */
export type DefaultWebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocket;

/**
 * The platform's WebSocket: `globalThis.WebSocket`, or (only in the Node build) the `ws`
 * package where Node has none (Node 20). `undefined` when neither exists.
 */
export function defaultWebSocket(): DefaultWebSocketConstructor | undefined;
