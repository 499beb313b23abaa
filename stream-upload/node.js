// Node: the SDK's storage uploads go through node:http(s), not fetch. Node's fetch (undici) keeps
// every chunk of a streamed request body until the request ends (nodejs/undici#4058), so a 1 GB
// upload from a stream cost 1 GB of memory, on Node 20 and 24 alike.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

// The fetch this module saw at load: a test or an app that replaces it later is obeyed.
const startFetch = globalThis.fetch;

export function streamUploadFetch() {
  // Deno and Bun resolve the "node" condition too; their own fetch does not keep the chunks.
  if (globalThis.Deno !== undefined || globalThis.Bun !== undefined) return undefined;
  return globalThis.fetch === startFetch ? nodeStreamFetch : undefined;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

function abortError(signal) {
  const reason = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('This operation was aborted', 'AbortError');
}

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

function bytesOf(body) {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

/** What fetch sends for a body the SDK hands over: bytes, or a stream. */
function encodeBody(body) {
  const bytes = bytesOf(body);
  if (bytes !== undefined) return { bytes };
  if (body instanceof ReadableStream) return { stream: body };
  throw new TypeError('nodeStreamFetch: the body must be bytes, a string or a ReadableStream');
}

function headersOf(raw) {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}

// What Node's fetch adds when absent, so that a server sees the same request (no accept-encoding:
// the answer is not decompressed here).
const FETCH_DEFAULTS = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'user-agent': 'node',
};

function withFetchDefaults(given) {
  const headers = { ...given };
  const names = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(FETCH_DEFAULTS)) {
    if (!names.has(name)) headers[name] = value;
  }
  return headers;
}

/**
 * The part of fetch that the SDK's transport uses (a URL, method, headers as an object, a body
 * of bytes, a string or a web ReadableStream, a signal), over node:http(s). A stream is written
 * chunk by chunk with backpressure (chunked unless a content-length is given); the answer is
 * read whole (uploads answer with a small JSON) into a fetch Response. The SDK turns Blobs and
 * FormData into streams first (src/storage/stream-edge.ts).
 */
export async function nodeStreamFetch(input, init = {}) {
  const url = new URL(String(input));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  const { bytes, stream } = encodeBody(init.body ?? null);
  const headers = withFetchDefaults(init.headers);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      stream?.cancel().catch(() => undefined);
      return reject(abortError(signal));
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', headers });
    let reader;
    let sent = false;
    let settled = false;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reader?.cancel(error).catch(() => undefined);
      reject(error);
    };
    const onAbort = () => fail(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => fail(fetchFailed(error)));
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', (error) => fail(fetchFailed(error)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        // An answer before the whole body (an error): stop sending, never reuse the socket.
        if (!sent) {
          reader?.cancel().catch(() => undefined);
          req.destroy();
        }
        const status = res.statusCode ?? 0;
        resolve(
          new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: headersOf(res.rawHeaders),
          }),
        );
      });
    });
    if (!stream) {
      sent = true;
      return bytes ? req.end(bytes) : req.end();
    }
    reader = stream.getReader();
    // Settles on 'close' too: a destroyed request never drains.
    const drained = () =>
      new Promise((ok) => {
        const done = () => {
          req.off('drain', done);
          req.off('close', done);
          ok();
        };
        req.on('drain', done);
        req.on('close', done);
      });
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (settled) return;
        if (done) break;
        if (!req.write(value)) await drained();
      }
      sent = true;
      req.end();
    })().catch((error) => fail(settled ? error : fetchFailed(error)));
  });
}
