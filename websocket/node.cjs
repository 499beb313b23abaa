'use strict';
// Node: the global WebSocket where there is one (Node ≥ 22), else `ws` (Node 20).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS twin of node.js
const { WebSocket: NodeWebSocket } = require('ws');

exports.defaultWebSocket = function defaultWebSocket() {
  return globalThis.WebSocket ?? NodeWebSocket;
};
