'use strict';
// The CommonJS twin of node.js: the same fetch, loaded from node.js on first use.
const startFetch = globalThis.fetch;
let loaded;

function nodeStreamFetch(input, init) {
  loaded ??= import('./node.js').then((m) => m.nodeStreamFetch);
  return loaded.then((f) => f(input, init));
}

exports.streamUploadFetch = function streamUploadFetch() {
  if (globalThis.Deno !== undefined || globalThis.Bun !== undefined) return undefined;
  return globalThis.fetch === startFetch ? nodeStreamFetch : undefined;
};
