import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import type { WebSocketServer } from 'ws';
import type { EmulatorContext } from '../context.js';
import { RoleAccess } from '../core/role-access.js';
import type { ChangeFeed } from './changes/change-feed.js';
import type { ChannelServices } from './channel.js';
import { RealtimeConnection } from './connection.js';
import { broadcastRoutes } from './rest-broadcast.js';
import { TopicHub } from './topic-hub.js';
import { decideUpgrade, refuseUpgrade } from './upgrade.js';

/** Options of the Realtime service. */
export interface RealtimeServerOptions {
  /** The Postgres changes feed; without one, joins with `postgres_changes` are refused. */
  changeFeed?: ChangeFeed;
  /** Largest broadcast payload, in bytes. Default 3,000,000 (Realtime's 3,000 KB). */
  maxPayloadBytes?: number;
  /** A socket that sends nothing for this long is closed. Default 60 s (Phoenix's timeout). */
  idleTimeoutMs?: number;
}

/** The running Realtime service: WebSocket upgrades, REST broadcast routes, and shutdown. */
export interface RealtimeServer {
  /** For the Node server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** `/api/broadcast…`, to mount under `/realtime/v1`. */
  readonly routes: Hono;
  readonly hub: TopicHub;
  /** Open sockets, for tests and leak checks. */
  connectionCount(): number;
  /** Resolves once no socket is open (the server has seen every close). */
  whenIdle(): Promise<void>;
  /**
   * Drops every open socket without a close handshake, as a network failure would, and keeps
   * accepting new ones (fault tests: clients must reconnect and rejoin). Resolves with how many
   * were dropped, once the server has seen each close.
   */
  terminateConnections(): Promise<number>;
  /** Closes every socket (and the change feed's subscriptions with them). */
  close(): Promise<void>;
}

/**
 * Realtime's Phoenix-channels server on `/realtime/v1/websocket` plus its REST broadcast API.
 *
 * @example
 * ```ts
 * const realtime = createRealtimeServer(ctx, { changeFeed });
 * httpServer.on('upgrade', realtime.handleUpgrade);
 * app.route('/realtime/v1', realtime.routes);
 * await realtime.close();
 * ```
 */
export function createRealtimeServer(
  ctx: EmulatorContext,
  options: RealtimeServerOptions = {},
): RealtimeServer {
  const hub = new TopicHub();
  const services: ChannelServices = {
    ctx,
    hub,
    changeFeed: options.changeFeed,
    roles: new RoleAccess(ctx.engine, () => ctx.schemaGeneration()),
    maxPayloadBytes: options.maxPayloadBytes ?? 3_000_000,
  };
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  // `ws` loads with the first socket: a start that serves none (most of a test run) skips it.
  let wss: Promise<WebSocketServer> | undefined;
  const socketServer = () =>
    (wss ??= import('ws').then(({ WebSocketServer }) => new WebSocketServer({ noServer: true })));
  const connections = new Set<RealtimeConnection>();
  let idleWaiters: (() => void)[] = [];
  const forget = (connection: RealtimeConnection) => {
    connections.delete(connection);
    if (connections.size > 0) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  };
  let closing = false;

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Without a listener, a reset during the handshake would crash the process.
    socket.on('error', () => undefined);
    decideUpgrade(ctx, req)
      .then(async (decision) => {
        if (closing) return void socket.destroy();
        if ('status' in decision) return refuseUpgrade(socket, decision);
        const server = await socketServer();
        if (closing) return void socket.destroy();
        server.handleUpgrade(req, socket, head, (ws) => {
          if (closing) return void ws.terminate();
          const connection = new RealtimeConnection(
            ws,
            decision.vsn,
            decision.token,
            services,
            idleTimeoutMs,
            () => forget(connection),
          );
          connections.add(connection);
        });
      })
      .catch(() =>
        refuseUpgrade(socket, { status: 500, body: { error: 'Error connecting to Realtime' } }),
      );
  }

  async function terminateConnections(): Promise<number> {
    const open = [...connections];
    const closed = open.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === c.ws.CLOSED) return resolve();
          c.ws.once('close', () => resolve());
          c.ws.terminate();
        }),
    );
    await Promise.all(closed);
    return open.length;
  }

  return {
    handleUpgrade,
    routes: broadcastRoutes(services),
    hub,
    connectionCount: () => connections.size,
    whenIdle: () =>
      connections.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    terminateConnections,
    async close() {
      closing = true;
      await terminateConnections();
      const server = await wss;
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
