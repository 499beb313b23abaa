import type { RawData, WebSocket } from 'ws';
import { RealtimeChannel, type ChannelServices, type ChannelSocket } from './channel.js';
import { decodeFrame, encodeText, FrameError, type PhoenixMessage, type Vsn } from './frames.js';

/** Close code for a frame the server cannot read (RFC 6455 "unsupported data"). */
export const CLOSE_BAD_FRAME = 1003;

function toBytes(data: RawData): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return new Uint8Array(data);
}

/**
 * One client WebSocket speaking Phoenix channels: decodes frames, answers heartbeats, routes
 * channel messages by topic (a second join of a topic replaces the first, as Phoenix does), and
 * closes itself after `idleTimeoutMs` without a frame (Phoenix's socket timeout). When the socket
 * goes, every channel goes with it (presence untracked, change feeds unsubscribed).
 *
 * @example
 * ```ts
 * wss.handleUpgrade(req, socket, head, (ws) => new RealtimeConnection(ws, '2.0.0', apikey, services, 60_000));
 * ```
 */
export class RealtimeConnection implements ChannelSocket {
  readonly #channels = new Map<string, RealtimeChannel>();
  #idle: NodeJS.Timeout | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly vsn: Vsn,
    readonly token: string,
    readonly services: ChannelServices,
    readonly idleTimeoutMs: number,
    onClose: () => void = () => undefined,
  ) {
    ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    ws.on('close', () => {
      clearTimeout(this.#idle);
      for (const channel of [...this.#channels.values()]) channel.close(false);
      onClose();
    });
    // A reset connection also emits close; an error event alone must not crash the server.
    ws.on('error', () => undefined);
    this.#touch();
  }

  /** Joined (or joining) channels, for tests and leak checks. */
  get channelCount(): number {
    return this.#channels.size;
  }

  send(msg: PhoenixMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeText(msg, this.vsn));
  }

  sendBinary(bytes: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(bytes, { binary: true });
  }

  channelClosed(channel: RealtimeChannel): void {
    if (this.#channels.get(channel.topic) === channel) this.#channels.delete(channel.topic);
  }

  // Replies of the socket itself (heartbeats, topics no channel holds) carry no join_ref.
  #reply(msg: PhoenixMessage, status: 'ok' | 'error', response: unknown): void {
    this.send({
      joinRef: null,
      ref: msg.ref,
      topic: msg.topic,
      event: 'phx_reply',
      payload: { status, response },
    });
  }

  #touch(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.ws.terminate(), this.idleTimeoutMs);
    this.#idle.unref();
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    this.#touch();
    let msg: ReturnType<typeof decodeFrame>;
    try {
      msg = decodeFrame(toBytes(data), isBinary, this.vsn);
    } catch (error) {
      const reason = error instanceof FrameError ? error.message : 'unreadable frame';
      this.ws.close(CLOSE_BAD_FRAME, reason.slice(0, 120));
      return;
    }
    if (msg.topic === 'phoenix' && msg.event === 'heartbeat') {
      return this.#reply(msg, 'ok', {});
    }
    if (msg.event === 'phx_join') return this.#join(msg);
    const channel = this.#channels.get(msg.topic);
    if (!channel) {
      return this.#reply(msg, 'error', { reason: 'unmatched topic' });
    }
    // Phoenix drops messages of an earlier join of the topic.
    if (msg.joinRef !== null && msg.joinRef !== channel.joinRef) return;
    channel.enqueue(msg);
  }

  #join(msg: PhoenixMessage): void {
    if (!msg.topic.startsWith('realtime:')) {
      return this.#reply(msg, 'error', { reason: 'unmatched topic' });
    }
    this.#channels.get(msg.topic)?.close(true);
    const channel = new RealtimeChannel(this, this.services, msg.topic, msg.joinRef ?? msg.ref);
    this.#channels.set(msg.topic, channel);
    channel.enqueue(msg);
  }
}
