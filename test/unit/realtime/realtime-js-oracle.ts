// realtime-js 2.119.1 driven over a recording fake WebSocket: the oracle our codecs are compared with.
import { RealtimeClient, type RealtimeClientOptions } from '@supabase/realtime-js';

/** A WebSocket that is open at once and records what the client sends. */
export class RecordingSocket {
  static last: RecordingSocket | undefined;
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 1;
  binaryType = 'blob';
  readonly sent: (string | ArrayBuffer)[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    RecordingSocket.last = this;
  }

  send(data: string | ArrayBuffer): void {
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean: true });
  }

  /** Delivers a server frame to the client. */
  receive(data: string | ArrayBuffer): void {
    this.onmessage?.({ data });
  }
}

/** A realtime-js client on a {@link RecordingSocket}, connected. */
export function realtimeJs(
  options: Partial<RealtimeClientOptions> = {},
  url = 'ws://localhost:54321/realtime/v1',
): { client: RealtimeClient; socket: RecordingSocket } {
  const client = new RealtimeClient(url, {
    params: { apikey: 'anon' },
    transport: RecordingSocket as never,
    ...options,
  });
  client.connect();
  const socket = RecordingSocket.last!;
  return { client, socket };
}

/** The frames sent so far, emptying the record. */
export function takeFrames(socket: RecordingSocket): (string | ArrayBuffer)[] {
  return socket.sent.splice(0, socket.sent.length);
}
