'use strict';
// Node: the global WebSocket where there is one (Node ≥ 22), else `ws` (Node 20).
const { WebSocket: NodeWebSocket } = require('ws');

exports.defaultWebSocket = function defaultWebSocket() {
  return globalThis.WebSocket ?? NodeWebSocket;
};
