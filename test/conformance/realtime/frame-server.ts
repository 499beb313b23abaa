import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeClientFrame, type Decoded } from './frames.js';

/** One frame a client sent, in arrival order. */
export interface ClientFrame {
  /** Index of the connection it came on (0 = the first upgrade the server saw). */
  conn: number;
  binary: boolean;
  /** The text, or the bytes, exactly as sent. */
  data: string | Uint8Array;
  /** The frame decoded by the test's own reading of §4.2 (not the SDK's codecs). */
  msg: Decoded;
}

/** One WebSocket upgrade as the server saw it. */
export interface Connection {
  index: number;
  /** Path and query string of the upgrade request, exactly as sent. */
  url: string;
  /** `Sec-WebSocket-Protocol`, if any. */
  protocols: string | undefined;
  /** Sends a frame to this client: text as given, bytes as a binary frame. */
  send(frame: string | Uint8Array): void;
  /** Closes this connection from the server side. */
  close(code?: number, reason?: string): void;
}

/**
 * What the server answers by itself: called for every client frame, it returns the frames to send
 * back (possibly none). Scripted per test; `defaultResponder` covers joins, pushes and heartbeats.
 */
export type Responder = (frame: ClientFrame, conn: Connection) => (string | Uint8Array)[];

export interface FrameServer {
  /** `http://127.0.0.1:<port>`: a Supabase URL for `createClient`. */
  url: string;
  connections: Connection[];
  frames: ClientFrame[];
  /** Replaces the responder for the following frames. */
  respond(responder: Responder): void;
  /**
   * Resolves with the first recorded frame at or after `from` (an index in `frames`) that
   * matches; rejects after `timeoutMs` with `what` in the message.
   */
  waitFor(
    what: string,
    match: (f: ClientFrame) => boolean,
    opts?: { from?: number; timeoutMs?: number },
  ): Promise<ClientFrame>;
  /** Resolves once `n` connections were made; rejects after `timeoutMs`. */
  waitForConnection(n?: number, timeoutMs?: number): Promise<Connection>;
  /** The last connection (throws if none). */
  latest(): Connection;
  close(): Promise<void>;
}

const WAIT_MS = 3000;

/**
 * A loopback Phoenix-channels stand-in at `/realtime/v1/websocket`: it records every frame a
 * client sends and answers through a per-test responder, so two clients' frames can be compared.
 *
 * @example
 * ```ts
 * const server = await startFrameServer(defaultResponder());
 * const join = await server.waitFor('phx_join', (f) => f.msg.event === 'phx_join');
 * server.latest().send(v2(null, null, join.msg.topic, 'broadcast', { ... }));
 * ```
 */
export async function startFrameServer(responder: Responder): Promise<FrameServer> {
  let respond = responder;
  const connections: Connection[] = [];
  const frames: ClientFrame[] = [];
  const sockets = new Set<WebSocket>();
  let wake: (() => void)[] = [];
  const notify = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };

  const http: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const conn: Connection = {
        index: connections.length,
        url: req.url ?? '',
        protocols: req.headers['sec-websocket-protocol'],
        send: (frame) => {
          if (ws.readyState === ws.OPEN) ws.send(frame, { binary: typeof frame !== 'string' });
        },
        close: (code, reason) => ws.close(code, reason),
      };
      connections.push(conn);
      ws.on('message', (raw, isBinary) => {
        const bytes = Buffer.isBuffer(raw)
          ? raw
          : Array.isArray(raw)
            ? Buffer.concat(raw)
            : Buffer.from(raw);
        const data = isBinary ? new Uint8Array(bytes) : bytes.toString('utf8');
        const frame: ClientFrame = {
          conn: conn.index,
          binary: isBinary,
          data,
          msg: decodeClientFrame(data, conn.url),
        };
        frames.push(frame);
        for (const out of respond(frame, conn)) conn.send(out);
        notify();
      });
      ws.on('close', () => sockets.delete(ws));
      notify();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  function until<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`frame server: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const poll = () => {
        const found = check();
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        } else wake.push(poll);
      };
      poll();
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    frames,
    respond(r) {
      respond = r;
    },
    waitFor: (what, match, opts = {}) =>
      until(what, () => frames.slice(opts.from ?? 0).find(match), opts.timeoutMs ?? WAIT_MS),
    waitForConnection: (n = 1, timeoutMs = WAIT_MS) =>
      until(`connection #${n}`, () => connections[n - 1], timeoutMs),
    latest() {
      const c = connections.at(-1);
      if (!c) throw new Error('frame server: no connection yet');
      return c;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
