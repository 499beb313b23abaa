import type { SchedulerLike, Subscription } from 'rxjs';
import { reconnectAfterMs as defaultReconnectAfterMs, WS_CLOSE_NORMAL } from './backoff.js';
import { RealtimeError } from './errors.js';
import { CHANNEL_EVENTS, PHOENIX_TOPIC, type PhoenixMessage } from './message.js';
import type { Serializer } from './serializer.js';
import {
  resolveWebSocket,
  type WebSocketConstructor,
  type WebSocketLike,
} from './websocket-constructor.js';

/** The heartbeat statuses realtime-js reports to its `heartbeatCallback`. */
export type HeartbeatStatus = 'sent' | 'ok' | 'error' | 'timeout';

/** What the socket tells its owner (the realtime client). Called synchronously, never throws out. */
export interface SocketEvents {
  /** The connection opened (first time or after a reconnect). */
  open(): void;
  /** The connection is gone; `clean` when `disconnect()` asked for it (no reconnect follows). */
  close(error: RealtimeError, clean: boolean): void;
  /** A decoded frame (heartbeat replies included). */
  message(msg: PhoenixMessage): void;
  /** A frame that could not be decoded, or an exception in a handler. */
  error(error: RealtimeError): void;
  heartbeat?(status: HeartbeatStatus, latencyMs?: number): void;
}

/** Options of {@link PhoenixSocket}. */
export interface SocketOptions {
  /** The full endpoint, query string included (`socketUrl(...)`). */
  url: string;
  transport?: WebSocketConstructor;
  serializer: Serializer;
  scheduler: SchedulerLike;
  heartbeatIntervalMs: number;
  reconnectAfterMs?: (tries: number) => number;
  events: SocketEvents;
}

/** `closed`: no connection; `connecting`: handshake under way; `open`: frames flow. */
export type SocketState = 'closed' | 'connecting' | 'open';

/**
 * The one place a WebSocket lives: lazy connect, refs, heartbeats with their timeout, reconnect
 * with back-off. Every timer runs on the scheduler, so virtual time drives all of it.
 *
 * @example
 * ```ts
 * const socket = new PhoenixSocket({ url, serializer: serializerFor('2.0.0'), scheduler,
 *   heartbeatIntervalMs: 25_000, events: { open, close, message, error } });
 * socket.connect();
 * ```
 */
export class PhoenixSocket {
  #ws: WebSocketLike | null = null;
  #state: SocketState = 'closed';
  #ref = 0;
  #wanted = false;
  #pendingHeartbeat: string | null = null;
  #heartbeatSentAt = 0;
  #heartbeatTimer: Subscription | null = null;
  #reconnectTimer: Subscription | null = null;
  #reconnectTries = 0;

  constructor(private readonly options: SocketOptions) {}

  get state(): SocketState {
    return this.#state;
  }

  /** Whether frames can be sent now. */
  isConnected(): boolean {
    return this.#state === 'open';
  }

  /** Whether a timer of this socket is pending (for leak checks). */
  get hasTimers(): boolean {
    return this.#heartbeatTimer !== null || this.#reconnectTimer !== null;
  }

  /** The next ref of this socket's counter, as a decimal string. */
  makeRef(): string {
    this.#ref = this.#ref + 1 > Number.MAX_SAFE_INTEGER ? 1 : this.#ref + 1;
    return String(this.#ref);
  }

  /**
   * Skips `n` refs. realtime-js's counter also numbers its callback registrations (two per
   * channel made, three per connect), so its first join ref is "6"; the client skips the same
   * numbers, keeping frames byte-identical.
   */
  skipRefs(n: number): void {
    for (let i = 0; i < n; i++) this.makeRef();
  }

  /** Opens the connection unless one is open or opening; keeps it up until `disconnect()`. */
  connect(): void {
    this.#wanted = true;
    if (this.#ws) return;
    this.#cancelReconnect();
    let ws: WebSocketLike;
    try {
      const Ctor = resolveWebSocket(this.options.transport);
      ws = new Ctor(this.options.url);
      ws.binaryType = 'arraybuffer';
    } catch (cause) {
      const error =
        cause instanceof RealtimeError
          ? cause
          : new RealtimeError(`WebSocket not available: ${message(cause)}`, 'socket_closed', {
              cause,
            });
      this.#safely(() => this.options.events.error(error));
      this.#lost(error);
      return;
    }
    this.#ws = ws;
    this.#state = 'connecting';
    ws.onopen = () => this.#safely(() => this.#onOpen());
    ws.onmessage = this.#onFrame;
    ws.onclose = (event) =>
      this.#safely(() => {
        const code = typeof event?.code === 'number' ? event.code : 1006;
        this.#drop(ws);
        this.#lost(new RealtimeError(`socket closed: ${code}`, 'socket_closed', { cause: event }));
      });
    // `close` always follows `error`; the close handler does the work.
    ws.onerror = ignore;
  }

  /** Closes cleanly (default 1000); no reconnect follows until `connect()`. */
  disconnect(code = WS_CLOSE_NORMAL, reason = ''): void {
    this.#wanted = false;
    this.#cancelReconnect();
    const ws = this.#ws;
    if (!ws) return;
    this.#drop(ws);
    this.#safely(() => ws.close(code, reason));
    this.#safely(() =>
      this.options.events.close(new RealtimeError(`socket closed: ${code}`, 'socket_closed'), true),
    );
  }

  /**
   * Sends one message now. Throws a `RealtimeError` when the socket is not open or the message
   * cannot be framed (`field_too_long`, …), so the caller can answer its own Observable.
   */
  push(msg: PhoenixMessage): void {
    const ws = this.#ws;
    if (!ws || this.#state !== 'open') {
      throw new RealtimeError(`cannot push ${msg.event}: socket not open`, 'socket_closed');
    }
    ws.send(this.options.serializer.encode(msg));
  }

  #onOpen(): void {
    this.#state = 'open';
    this.#reconnectTries = 0;
    this.#pendingHeartbeat = null;
    this.#scheduleHeartbeat();
    this.options.events.open();
  }

  #onMessage(data: string | ArrayBuffer): void {
    let msg: PhoenixMessage;
    try {
      msg = this.options.serializer.decode(data);
    } catch (cause) {
      this.options.events.error(
        cause instanceof RealtimeError
          ? cause
          : new RealtimeError(`malformed frame: ${message(cause)}`, 'invalid_frame', { cause }),
      );
      return;
    }
    if (msg.ref !== null && msg.ref === this.#pendingHeartbeat) {
      this.#pendingHeartbeat = null;
      const latency = this.options.scheduler.now() - this.#heartbeatSentAt;
      this.#report(msg.payload?.status === 'ok' ? 'ok' : 'error', latency);
      this.#scheduleHeartbeat();
    }
    this.options.events.message(msg);
  }

  #scheduleHeartbeat(): void {
    this.#heartbeatTimer?.unsubscribe();
    this.#heartbeatTimer = this.options.scheduler.schedule(
      () => this.#safely(() => this.#heartbeat()),
      this.options.heartbeatIntervalMs,
    );
  }

  // One timer: it sends the heartbeat, and the same period later it finds the reply missing.
  #heartbeat(): void {
    this.#heartbeatTimer = null;
    if (this.#state !== 'open') return;
    if (this.#pendingHeartbeat !== null) {
      this.#heartbeatTimeout();
      return;
    }
    const ref = this.makeRef();
    this.#pendingHeartbeat = ref;
    this.#heartbeatSentAt = this.options.scheduler.now();
    this.push({
      join_ref: null,
      ref,
      topic: PHOENIX_TOPIC,
      event: CHANNEL_EVENTS.heartbeat,
      payload: {},
    });
    this.#scheduleHeartbeat();
    this.#report('sent');
  }

  #heartbeatTimeout(): void {
    this.#pendingHeartbeat = null;
    this.#report('timeout');
    const ws = this.#ws;
    if (ws) {
      this.#drop(ws);
      this.#safely(() => ws.close(WS_CLOSE_NORMAL, 'heartbeat timeout'));
    }
    this.#lost(new RealtimeError('heartbeat timeout', 'heartbeat_timeout'));
  }

  /** The connection ended without `disconnect()`: tell the owner, and reconnect with back-off. */
  #lost(error: RealtimeError): void {
    this.#safely(() => this.options.events.close(error, false));
    if (!this.#wanted || this.#ws) return;
    this.#cancelReconnect();
    const tries = this.#reconnectTries + 1;
    const delay = (this.options.reconnectAfterMs ?? defaultReconnectAfterMs)(tries);
    this.#reconnectTimer = this.options.scheduler.schedule(() => {
      this.#reconnectTimer = null;
      this.#reconnectTries = tries;
      if (this.#wanted) this.connect();
    }, delay);
  }

  /** Forgets a connection: handlers detached, heartbeat stopped. */
  #drop(ws: WebSocketLike): void {
    ws.onopen = ws.onclose = ws.onerror = ws.onmessage = null;
    // `ws` emits `error` after a close during the handshake, and an EventEmitter with no
    // error listener throws it as an uncaught exception.
    if (ws.readyState === WS_CONNECTING) ws.onerror = ignore;
    if (this.#ws === ws) this.#ws = null;
    this.#state = 'closed';
    this.#pendingHeartbeat = null;
    this.#heartbeatTimer?.unsubscribe();
    this.#heartbeatTimer = null;
  }

  #cancelReconnect(): void {
    this.#reconnectTimer?.unsubscribe();
    this.#reconnectTimer = null;
  }

  #report(status: HeartbeatStatus, latency?: number): void {
    const cb = this.options.events.heartbeat;
    if (cb) this.#safely(() => cb(status, latency));
  }

  // One handler for every frame: no closure per message on the hottest path.
  readonly #onFrame = (event: { data: string | ArrayBuffer }): void => {
    try {
      this.#onMessage(event.data);
    } catch (cause) {
      this.#failed(cause);
    }
  };

  // Socket callbacks never throw: whatever goes wrong is reported as an error event.
  #safely(fn: () => void): void {
    try {
      fn();
    } catch (cause) {
      this.#failed(cause);
    }
  }

  #failed(cause: unknown): void {
    try {
      this.options.events.error(
        cause instanceof RealtimeError
          ? cause
          : new RealtimeError(message(cause), 'server_error', { cause }),
      );
    } catch {
      // The owner's error handler failed too; nothing left to tell.
    }
  }
}

function message(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** `WebSocket.CONNECTING`; not read from a constructor, which a custom transport may lack. */
const WS_CONNECTING = 0;
const ignore = (): void => undefined;
