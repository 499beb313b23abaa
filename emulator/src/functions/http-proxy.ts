import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

// Hop-by-hop headers belong to one connection; node:http writes its own.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, raw[i + 1]!);
  }
  return headers;
}

function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304;
}

/**
 * Sends `request` to a handler listening on `127.0.0.1:<port>` at `path` (its query string kept)
 * with node:http, so that headers and body pass unchanged (fetch would add `accept`,
 * `accept-encoding`, `user-agent`… and decompress the answer). Both bodies stream. Rejects when
 * the connection fails before an answer.
 *
 * @example
 * ```ts
 * const res = await proxyRequest(c.req.raw, 8123, '/hello?x=1');
 * ```
 */
export function proxyRequest(request: Request, port: number, path: string): Promise<Response> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  return new Promise<Response>((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path,
        headers,
        signal: request.signal,
      },
      (res) => {
        const status = res.statusCode ?? 502;
        const body = hasNoBody(request.method, status)
          ? null
          : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
        if (!body) res.resume();
        resolve(
          new Response(body, {
            status,
            statusText: res.statusMessage,
            headers: responseHeaders(res),
          }),
        );
      },
    );
    outgoing.once('error', reject);
    if (request.body) {
      Readable.fromWeb(request.body as import('node:stream/web').ReadableStream).pipe(outgoing);
    } else {
      outgoing.end();
    }
  });
}
