import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface Recorded {
  method: string;
  /** Raw path + query string, exactly as sent. */
  url: string;
  /** Header names lower-cased (as node gives them); repeated headers joined by ", ". */
  headers: Record<string, string>;
  /** Raw body text ('' when none). */
  body: string;
}

/** What the server answers. */
export interface Canned {
  status: number;
  statusText?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RecordingServer {
  url: string;
  requests: Recorded[];
  /** Sets the answer to every following request. */
  answer(canned: Canned): void;
  close(): Promise<void>;
}

const DEFAULT: Canned = {
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '[]',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts a local HTTP server that records every request and answers with a canned response. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  let canned = DEFAULT;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers, body });
    res.writeHead(canned.status, canned.statusText ?? '', canned.headers ?? {});
    res.end(canned.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(c) {
      canned = c;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Headers the fetch implementation (not the client) adds, or whose value is client-specific. */
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'content-length',
]);

/** A request reduced to what both clients must agree on. */
export function comparable(r: Recorded): Recorded {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) {
    if (TRANSPORT_HEADERS.has(k)) continue;
    // Present in both, with each client's own name and version.
    headers[k] = k === 'x-client-info' ? '<client>' : v;
  }
  return { method: r.method, url: r.url, headers, body: r.body };
}
