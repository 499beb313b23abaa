/**
 * The `fetch` that storage uploads use: on Node, one over `node:http` / `node:https` that holds
 * at most a few chunks of a streamed body (Node's fetch, undici, keeps every chunk of a streamed
 * request body until the request ends: nodejs/undici#4058); its bodies are bytes, strings or web
 * ReadableStreams. Elsewhere, and on Node once `globalThis.fetch` was replaced, `undefined` (the
 * transport's fetch is used).
 */
export function streamUploadFetch(): typeof fetch | undefined;
