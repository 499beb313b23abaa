import WebSocket from 'ws';

/** A frame as the test client read it. */
export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: any;
  /** Set for binary kind-4 frames. */
  binary?: { meta: string; encoding: number; bytes: Uint8Array };
}

// The test's own reading of a kind-4 frame (independent of the server's encoder).
function readUserBroadcast(bytes: Uint8Array): Frame {
  const [kind, topicLen, eventLen, metaLen, encoding] = bytes;
  if (kind !== 4) throw new Error(`unexpected binary kind ${kind}`);
  const text = (from: number, len: number) =>
    Buffer.from(bytes.subarray(from, from + len)).toString('utf8');
  let at = 5;
  const topic = text(at, topicLen);
  const event = text((at += topicLen), eventLen);
  const meta = text((at += eventLen), metaLen);
  const body = bytes.subarray(at + metaLen);
  const payload =
    encoding === 1 ? JSON.parse(Buffer.from(body).toString('utf8')) : new Uint8Array(body);
  return {
    joinRef: null,
    ref: null,
    topic,
    event: 'broadcast',
    payload: { type: 'broadcast', event, payload },
    binary: { meta, encoding, bytes: new Uint8Array(bytes) },
  };
}

/** A kind-3 user broadcast push, byte for byte as realtime-js 2.119 writes it. */
export function userPush(
  joinRef: string,
  ref: string,
  topic: string,
  event: string,
  payload: unknown,
): Uint8Array {
  const enc = (s: string) => Buffer.from(s, 'utf8');
  const raw = payload instanceof Uint8Array;
  const body = raw ? Buffer.from(payload) : enc(JSON.stringify(payload));
  const fields = [enc(joinRef), enc(ref), enc(topic), enc(event), Buffer.alloc(0)];
  return Buffer.concat([
    Buffer.from([3, ...fields.map((f) => f.length), raw ? 0 : 1]),
    ...fields,
    body,
  ]);
}

/**
 * A bare Phoenix client over `ws` for the emulator's tests: records every frame, and waits for
 * frames by predicate (no timers in the tests' logic; a guard rejects a wait that never ends).
 */
export class PhoenixClient {
  readonly frames: Frame[] = [];
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  #ref = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly ws: WebSocket,
    readonly vsn: '1.0.0' | '2.0.0',
  ) {
    ws.on('message', (data, isBinary) => this.#receive(data as Buffer, isBinary));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens a socket; rejects with the refused upgrade's status and body. */
  static connect(
    baseUrl: string,
    params: Record<string, string>,
    vsn: '1.0.0' | '2.0.0' = '2.0.0',
  ): Promise<PhoenixClient> {
    const url = new URL('/realtime/v1/websocket', baseUrl.replace(/^http/, 'ws'));
    for (const [k, v] of Object.entries({ ...params, vsn })) url.searchParams.set(k, v);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => resolve(new PhoenixClient(ws, vsn)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          reject(
            Object.assign(new Error('refused'), { status: res.statusCode, body: JSON.parse(body) }),
          ),
        );
      });
      ws.once('error', (error) => reject(error));
    });
  }

  #receive(data: Buffer, isBinary: boolean): void {
    let frame: Frame;
    if (isBinary) frame = readUserBroadcast(new Uint8Array(data));
    else {
      const v = JSON.parse(data.toString('utf8'));
      frame =
        this.vsn === '2.0.0'
          ? { joinRef: v[0], ref: v[1], topic: v[2], event: v[3], payload: v[4] }
          : { joinRef: v.join_ref, ref: v.ref, topic: v.topic, event: v.event, payload: v.payload };
    }
    this.frames.push(frame);
    this.#waiters = this.#waiters.filter((w) =>
      w.match(frame) ? (w.resolve(frame), false) : true,
    );
  }

  /** The first frame (already received or to come) matching `match`. */
  next(match: (f: Frame) => boolean, after = 0): Promise<Frame> {
    const seen = this.frames.slice(after).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const guard = setTimeout(
        () =>
          reject(
            new Error(
              `no matching frame; got ${JSON.stringify(this.frames.map((f) => [f.topic, f.event, f.payload]))}`,
            ),
          ),
        8000,
      );
      this.#waiters.push({ match, resolve: (f) => (clearTimeout(guard), resolve(f)) });
    });
  }

  nextRef(): string {
    return String(++this.#ref);
  }

  /** Sends a text frame in the socket's vsn; returns its ref. */
  push(
    topic: string,
    event: string,
    payload: unknown,
    joinRef: string | null = null,
    ref = this.nextRef(),
  ): string {
    const frame =
      this.vsn === '2.0.0'
        ? [joinRef, ref, topic, event, payload]
        : { topic, event, payload, ref, ...(joinRef ? { join_ref: joinRef } : {}) };
    this.ws.send(JSON.stringify(frame));
    return ref;
  }

  /** The reply to the push with `ref`. */
  reply(ref: string): Promise<Frame> {
    return this.next((f) => f.event === 'phx_reply' && f.ref === ref);
  }

  /** Joins `realtime:<name>`; resolves to the reply frame and the join ref. */
  async join(
    name: string,
    payload: unknown,
  ): Promise<{ reply: Frame; joinRef: string; topic: string }> {
    const topic = `realtime:${name}`;
    const joinRef = this.nextRef();
    this.push(topic, 'phx_join', payload, joinRef, joinRef);
    return { reply: await this.reply(joinRef), joinRef, topic };
  }

  /**
   * A heartbeat round trip: every frame the server wrote to this socket before answering it has
   * arrived once this resolves (one socket keeps order), so "nothing came" can be asserted.
   */
  async sync(): Promise<void> {
    await this.reply(this.push('phoenix', 'heartbeat', {}));
  }

  close(): Promise<unknown> {
    this.ws.close();
    return this.closed;
  }
}

/** A join payload as realtime-js 2.119 builds it, with overrides of its config. */
export function joinPayload(
  config: Record<string, unknown> = {},
  accessToken?: string,
): Record<string, unknown> {
  return {
    config: {
      broadcast: { ack: false, self: false },
      presence: { key: '', enabled: false },
      postgres_changes: [],
      private: false,
      ...config,
    },
    ...(accessToken ? { access_token: accessToken } : {}),
  };
}
