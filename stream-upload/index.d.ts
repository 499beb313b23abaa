/**
 * The `fetch` that storage uploads with a streamed body use: on Node, one over `node:http` /
 * `node:https` that holds at most a few chunks of the body (Node's fetch, undici, keeps every
 * chunk of a streamed request body until the request ends: nodejs/undici#4058); elsewhere, and
 * on Node once `globalThis.fetch` was replaced, `undefined` (the transport's fetch is used).
 */
export function streamUploadFetch(): typeof fetch | undefined;
