// Node: the global WebSocket where there is one (Node ≥ 22), else `ws` (Node 20).
import { WebSocket as NodeWebSocket } from 'ws';

export function defaultWebSocket() {
  return globalThis.WebSocket ?? NodeWebSocket;
}
