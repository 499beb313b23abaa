// Browsers, Deno, Bun, React Native, workers: the global WebSocket (never `ws`).
export function defaultWebSocket() {
  return globalThis.WebSocket;
}
