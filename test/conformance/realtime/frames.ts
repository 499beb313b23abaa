import type { ClientFrame, Connection, Responder } from './frame-server.js';

/**
 * The test's own reading of Phoenix frames (protocol.md §4.2), independent of the SDK's codecs:
 * decoding what clients send, encoding what the loopback server injects.
 */

/** A frame as a logical message. Binary kind-3 pushes keep their raw parts too. */
export interface Decoded {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: any;
  /** For binary kind 3: the metadata object (`{}` when empty) and the payload encoding byte. */
  binary?: { kind: number; meta: Record<string, unknown>; encoding: number };
}

const utf8 = new TextDecoder();
const enc = new TextEncoder();

/** The `vsn` query parameter of a connection URL (Phoenix's default is 1.0.0). */
export function vsnOf(url: string): string {
  return new URL(url, 'ws://x').searchParams.get('vsn') ?? '1.0.0';
}

/** Decodes a client frame: text by the connection's vsn, binary as a kind-3 user broadcast push. */
export function decodeClientFrame(data: string | Uint8Array, url: string): Decoded {
  if (typeof data !== 'string') return decodeKind3(data);
  const parsed = JSON.parse(data);
  if (vsnOf(url) === '2.0.0') {
    const [join_ref, ref, topic, event, payload] = parsed as [
      string | null,
      string | null,
      string,
      string,
      unknown,
    ];
    return { join_ref, ref, topic, event, payload };
  }
  return {
    join_ref: parsed.join_ref ?? null,
    ref: parsed.ref ?? null,
    topic: parsed.topic,
    event: parsed.event,
    payload: parsed.payload,
  };
}

function decodeKind3(b: Uint8Array): Decoded {
  if (b[0] !== 3) throw new Error(`frame server: unexpected binary kind ${b[0]}`);
  const lens = [b[1], b[2], b[3], b[4], b[5]];
  let at = 7;
  const parts = lens.map((n) => {
    const s = utf8.decode(b.subarray(at, at + n));
    at += n;
    return s;
  });
  const [joinRef, ref, topic, userEvent, metaText] = parts;
  const body = b.slice(at);
  const encoding = b[6];
  const meta = metaText ? (JSON.parse(metaText) as Record<string, unknown>) : {};
  return {
    join_ref: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: {
      type: 'broadcast',
      event: userEvent,
      payload: encoding === 1 ? JSON.parse(utf8.decode(body)) : body,
    },
    binary: { kind: 3, meta, encoding },
  };
}

/** A server frame for a connection of the given vsn (v2: array, v1: object). */
export function serverFrame(
  vsn: string,
  join_ref: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payload: unknown,
): string {
  if (vsn === '2.0.0') return JSON.stringify([join_ref, ref, topic, event, payload]);
  return JSON.stringify({ topic, event, payload, ref, join_ref });
}

/** A kind-4 "user broadcast" frame (server → client, vsn 2.0.0 only). */
export function kind4(
  topic: string,
  event: string,
  payload: unknown,
  meta?: Record<string, unknown>,
): Uint8Array {
  const t = enc.encode(topic);
  const e = enc.encode(event);
  const m = meta ? enc.encode(JSON.stringify(meta)) : new Uint8Array(0);
  const raw = payload instanceof Uint8Array;
  const p = raw ? payload : enc.encode(JSON.stringify(payload));
  const out = new Uint8Array(5 + t.length + e.length + m.length + p.length);
  out.set([4, t.length, e.length, m.length, raw ? 0 : 1]);
  let at = 5;
  for (const part of [t, e, m, p]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Bytes as hex, for readable failure messages and byte-level comparisons. */
export function hex(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : Buffer.from(data).toString('hex');
}

/** A reply to a client's message on its own connection. */
export function replyTo(
  f: ClientFrame,
  conn: Connection,
  status: 'ok' | 'error',
  response: unknown = {},
): string {
  return serverFrame(vsnOf(conn.url), f.msg.join_ref, f.msg.ref, f.msg.topic, 'phx_reply', {
    status,
    response,
  });
}

export interface ResponderOptions {
  /** The ids the server gives each postgres_changes binding, in order (default 111, 222, …). */
  ids?: number[];
  /** Topics whose join is refused, with the reason. */
  refuse?: Record<string, string>;
  /** Answer `phx_join` at all (false: the join times out). */
  joins?: boolean;
}

/**
 * Answers as Realtime does: joins `ok` (echoing the postgres_changes bindings with ids, table and
 * filter filled with null as the server does), heartbeats, leaves, presence and broadcast pushes
 * `ok`; `access_token` pushes get no reply.
 */
export function defaultResponder(opts: ResponderOptions = {}): Responder {
  const ids = opts.ids ?? [111, 222, 333, 444, 555, 666];
  return (f, conn) => {
    const { event, topic } = f.msg;
    if (event === 'phx_join') {
      if (opts.joins === false) return [];
      const reason = opts.refuse?.[topic];
      if (reason) return [replyTo(f, conn, 'error', { reason })];
      const bindings = (f.msg.payload?.config?.postgres_changes ?? []) as Record<string, unknown>[];
      const echoed = bindings.map((b, i) => ({
        id: ids[i],
        event: b.event,
        schema: b.schema,
        table: b.table ?? null,
        filter: b.filter ?? null,
      }));
      return [replyTo(f, conn, 'ok', { postgres_changes: echoed })];
    }
    if (['heartbeat', 'phx_leave', 'presence', 'broadcast'].includes(event)) {
      return [replyTo(f, conn, 'ok')];
    }
    return [];
  };
}

/**
 * A recorded frame with its refs renumbered by first appearance (`"6"`→`"r1"`, …), bytes otherwise
 * untouched: compares two clients whose counters start at different numbers (realtime-js's first
 * join ref is "6" because Phoenix registers callbacks from the same counter).
 */
export function renumberRefs(frames: { data: string | Uint8Array; url: string }[]): string[] {
  const seen = new Map<string, string>();
  const r = (ref: string | null) => {
    if (ref === null) return null;
    if (!seen.has(ref)) seen.set(ref, `r${seen.size + 1}`);
    return seen.get(ref)!;
  };
  const q = (ref: string | null) => JSON.stringify(r(ref));
  return frames.map(({ data, url }) => {
    const m = decodeClientFrame(data, url);
    if (typeof data !== 'string') {
      const jr = enc.encode(r(m.join_ref) ?? '');
      const ref = enc.encode(r(m.ref) ?? '');
      const rest = data.subarray(7 + data[1] + data[2]);
      const head = [data[0], jr.length, ref.length, data[3], data[4], data[5], data[6]];
      return hex(new Uint8Array([...head, ...jr, ...ref, ...rest]));
    }
    if (vsnOf(url) === '2.0.0') {
      const prefix = /^\[("[^"]*"|null),("[^"]*"|null),/.exec(data);
      if (!prefix) throw new Error(`frame server: not a v2 frame: ${data}`);
      return `[${q(m.join_ref)},${q(m.ref)},${data.slice(prefix[0].length)}`;
    }
    // v1: realtime-js ends its objects with "ref" then "join_ref" (absent for heartbeats).
    const tail = /,"ref":("[^"]*"|null)(,"join_ref":("[^"]*"|null))?\}$/.exec(data);
    if (!tail) return data;
    const joinPart = tail[2] === undefined ? '' : `,"join_ref":${q(m.join_ref)}`;
    return `${data.slice(0, tail.index)},"ref":${q(m.ref)}${joinPart}}`;
  });
}
