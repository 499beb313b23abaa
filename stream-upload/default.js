// Browsers, Deno, Bun, React Native, workers: their fetch streams a request body as it sends it.
export function streamUploadFetch() {
  return undefined;
}
