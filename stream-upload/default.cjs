'use strict';
// Browsers, Deno, Bun, React Native, workers: their fetch streams a request body as it sends it.
exports.streamUploadFetch = function streamUploadFetch() {
  return undefined;
};
