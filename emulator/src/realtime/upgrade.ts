import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EmulatorContext } from '../context.js';
import type { Vsn } from './frames.js';
import { isTokenProblem, tokenProblemUpgradeError, verifyRealtimeToken } from './token.js';

/** Where realtime-js connects: `<project>/realtime/v1` + Phoenix's `/websocket`. */
export const WEBSOCKET_PATH = '/realtime/v1/websocket';

/** An upgrade Realtime accepts: the socket's vsn and API key. */
export interface AcceptedUpgrade {
  vsn: Vsn;
  token: string;
}

/** An upgrade Realtime refuses, answered as JSON `{ error }` (or a gateway 404). */
export interface RefusedUpgrade {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Decides a WebSocket upgrade as Realtime does: the API key from the `x-api-key` header, else
 * the `apikey` query parameter, verified (missing, malformed, badly signed, expired → 401 with
 * Realtime's message); `vsn` `1.0.0` (Phoenix's default when absent) or `2.0.0`.
 *
 * @example
 * ```ts
 * const decision = await decideUpgrade(ctx, req);
 * if ('status' in decision) refuse(socket, decision);
 * ```
 */
export async function decideUpgrade(
  ctx: EmulatorContext,
  req: IncomingMessage,
): Promise<AcceptedUpgrade | RefusedUpgrade> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== WEBSOCKET_PATH) {
    return { status: 404, body: { message: 'no Route matched with those values' } };
  }
  const header = req.headers['x-api-key'];
  const token = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey');
  if (!token) return { status: 401, body: { error: 'API key is missing' } };
  const vsn = url.searchParams.get('vsn') ?? '1.0.0';
  if (vsn !== '1.0.0' && vsn !== '2.0.0') {
    return { status: 400, body: { error: `Unsupported vsn: ${vsn} (use 1.0.0 or 2.0.0)` } };
  }
  const verified = await verifyRealtimeToken(ctx, token);
  if (isTokenProblem(verified)) {
    const { status, error } = tokenProblemUpgradeError(verified);
    return { status, body: { error } };
  }
  return { vsn, token };
}

/** Answers a refused upgrade on the raw socket with a JSON body, then closes it. */
export function refuseUpgrade(socket: Duplex, refusal: RefusedUpgrade): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(refusal.body);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
