'use strict';
// Browsers, Deno, Bun, React Native, workers: the global WebSocket (never `ws`).
exports.defaultWebSocket = function defaultWebSocket() {
  return globalThis.WebSocket;
};
