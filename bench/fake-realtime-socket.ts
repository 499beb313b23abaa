/**
 * An in-process stand-in for a Realtime server's WebSocket, given to both clients as their
 * `transport`: it opens at once, answers every `phx_join`, `phx_leave` and heartbeat with an `ok`
 * reply (vsn 2.0.0 text frames), and lets the benchmark deliver server frames synchronously. No
 * network, so the figures are the clients' own decode and dispatch.
 */
type Listener = (event: any) => void;

/** Every socket the class opened, newest last (the benchmark feeds the newest one). */
export const openSockets: FakeRealtimeSocket[] = [];

export class FakeRealtimeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readonly url: string;
  readyState = FakeRealtimeSocket.CONNECTING;
  binaryType = 'arraybuffer';
  onopen: Listener | null = null;
  onmessage: Listener | null = null;
  onclose: Listener | null = null;
  onerror: Listener | null = null;
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(url: string | URL) {
    this.url = String(url);
    openSockets.push(this);
    queueMicrotask(() => {
      this.readyState = FakeRealtimeSocket.OPEN;
      this.#emit('open', { type: 'open' });
    });
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  send(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') return; // binary pushes (broadcasts) need no reply here
    const [joinRef, ref, topic, event] = JSON.parse(data) as [string, string, string, string];
    if (event === 'phx_join' || event === 'phx_leave' || event === 'heartbeat') {
      const reply = JSON.stringify([
        joinRef,
        ref,
        topic,
        'phx_reply',
        { status: 'ok', response: event === 'phx_join' ? { postgres_changes: [] } : {} },
      ]);
      queueMicrotask(() => this.deliver(reply));
    }
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === FakeRealtimeSocket.CLOSED) return;
    this.readyState = FakeRealtimeSocket.CLOSED;
    queueMicrotask(() => this.#emit('close', { type: 'close', code, reason, wasClean: true }));
  }

  /**
   * Hands one server frame to the client, synchronously. Kept to the least work (no per-frame
   * handler lookup by name, no empty listener list), as it is timed with each client's own work.
   */
  deliver(data: string | ArrayBuffer): void {
    if (this.readyState !== FakeRealtimeSocket.OPEN) return;
    const event = { type: 'message', data };
    this.onmessage?.(event);
    const listeners = this.#listeners.get('message');
    if (listeners !== undefined) for (const listener of listeners) listener(event);
  }

  #emit(type: string, event: unknown): void {
    const handler = (this as any)[`on${type}`] as Listener | null;
    handler?.(event);
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}
