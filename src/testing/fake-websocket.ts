/**
 * A fake WebSocket for marble tests of realtime code: pass `fake.WebSocket` as the realtime
 * `transport`, then drive each socket by hand (`open()`, `receive()`, `serverClose()`) and read
 * what the client sent (`sent`). Nothing happens on its own, so virtual time decides everything.
 */

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Handler = ((event: any) => void) | null;

/** One socket the client opened. */
export interface FakeSocket {
  readonly url: string;
  readonly protocols: string | string[] | undefined;
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WHATWG values). */
  readonly readyState: number;
  binaryType: string;
  /** Every frame the client sent, in order (strings and `ArrayBuffer`s as given). */
  readonly sent: (string | ArrayBuffer)[];
  /** The code and reason of the client's `close()`, if it closed the socket. */
  readonly closedWith: { code?: number; reason?: string } | undefined;
  /** Handlers the client has attached (onopen/onclose/onerror/onmessage) that are still set. */
  readonly handlerCount: number;
  onopen: Handler;
  onclose: Handler;
  onerror: Handler;
  onmessage: Handler;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  /** Server side: completes the handshake (fires `open`). */
  open(): void;
  /** Server side: delivers a frame (a string, or an `ArrayBuffer` for binary frames). */
  receive(data: string | ArrayBuffer): void;
  /** Server side: closes the connection (fires `close` with `code`, unclean unless 1000). */
  serverClose(code?: number, reason?: string): void;
  /** Server side: fires `error` then `close` 1006, as a dropped network does. */
  fail(): void;
}

/** The fake's recorder: a WebSocket constructor and every socket made with it. */
export interface FakeWebSocket {
  /** Pass as the realtime `transport` option. */
  readonly WebSocket: new (url: string, protocols?: string | string[]) => FakeSocket;
  /** Every socket constructed, oldest first. */
  readonly sockets: readonly FakeSocket[];
  /** The newest socket (throws when none was made). */
  readonly last: FakeSocket;
  /** Sockets not yet closed. */
  readonly openSockets: readonly FakeSocket[];
  /** Handlers still attached across all sockets (0 when the client let go of everything). */
  readonly handlerCount: number;
  /** Called with each frame the client sends (to answer heartbeats, joins, …). */
  onSend?: (socket: FakeSocket, data: string | ArrayBuffer) => void;
  /**
   * Called with each new socket, before the client attaches its handlers: schedule `open()` or
   * `fail()` from here (on the test's scheduler) to script a server.
   */
  onSocket?: (socket: FakeSocket) => void;
}

/**
 * Makes a fake WebSocket constructor that records sockets and frames.
 *
 * @example
 * ```ts
 * const fake = createFakeWebSocket();
 * const realtime = new RealtimeClient('ws://localhost/realtime/v1', {
 *   params: { apikey: 'anon' }, transport: fake.WebSocket, scheduler,
 * });
 * realtime.channel('room1').on('broadcast', { event: 'x' }).subscribe();
 * fake.last.open();
 * fake.last.sent; // ['["1","1","realtime:room1","phx_join",{…}]']
 * ```
 */
export function createFakeWebSocket(): FakeWebSocket {
  const sockets: Socket[] = [];
  const fake: FakeWebSocket = {
    WebSocket: class extends Socket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, (socket, data) => fake.onSend?.(socket, data));
        sockets.push(this);
        fake.onSocket?.(this);
      }
    },
    get sockets() {
      return sockets;
    },
    get last() {
      const s = sockets[sockets.length - 1];
      if (!s) throw new Error('createFakeWebSocket: no socket was opened');
      return s;
    },
    get openSockets() {
      return sockets.filter((s) => s.readyState !== CLOSED);
    },
    get handlerCount() {
      return sockets.reduce((n, s) => n + s.handlerCount, 0);
    },
  };
  return fake;
}

class Socket implements FakeSocket {
  readyState = CONNECTING;
  binaryType = 'blob';
  readonly sent: (string | ArrayBuffer)[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  onopen: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  onmessage: Handler = null;

  constructor(
    readonly url: string,
    readonly protocols: string | string[] | undefined,
    private readonly notify: (socket: FakeSocket, data: string | ArrayBuffer) => void,
  ) {}

  get handlerCount(): number {
    return [this.onopen, this.onclose, this.onerror, this.onmessage].filter(Boolean).length;
  }

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== OPEN) throw new Error('FakeSocket: send() while not open');
    this.sent.push(data);
    this.notify(this, data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= CLOSING) return;
    this.closedWith = { code, reason };
    this.readyState = CLOSED;
    this.onclose?.({ code: code ?? 1005, reason: reason ?? '', wasClean: true });
  }

  open(): void {
    if (this.readyState !== CONNECTING) throw new Error('FakeSocket: open() twice');
    this.readyState = OPEN;
    this.onopen?.({});
  }

  receive(data: string | ArrayBuffer): void {
    if (this.readyState !== OPEN) throw new Error('FakeSocket: receive() while not open');
    this.onmessage?.({ data });
  }

  serverClose(code = 1000, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason, wasClean: code === 1000 });
  }

  fail(): void {
    if (this.readyState === CLOSED) return;
    this.onerror?.({ type: 'error' });
    this.serverClose(1006);
  }
}
