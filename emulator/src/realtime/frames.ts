/**
 * Phoenix channel frames as the Realtime server reads and writes them: vsn 1.0.0 (JSON objects),
 * vsn 2.0.0 (JSON arrays, plus binary user broadcasts: kind 3 from clients, kind 4 to them).
 * Pure: bytes in, messages out.
 */

/** The protocol versions Realtime speaks. */
export type Vsn = '1.0.0' | '2.0.0';

/** One logical Phoenix message. */
export interface PhoenixMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A user broadcast (`{type:'broadcast', event, payload}`), however it reached the server. */
export interface Broadcast {
  event: string;
  /** The JSON value sent, or the raw bytes of a binary payload. */
  payload: unknown;
  /** Set when the payload is raw bytes (binary encoding 0), not JSON. */
  bytes?: Uint8Array;
  /** Came in a binary frame: relayed as kind 4 to 2.0.0 sockets. */
  binaryFrame: boolean;
}

/** A client frame the server cannot read; the socket is closed with its message. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

const KIND_USER_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const ENCODING_BINARY = 0;
const ENCODING_JSON = 1;
const MAX_FIELD_BYTES = 255;

function refOrNull(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new FrameError(`${field} must be a string or null`);
}

function fromParts(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
) {
  if (typeof topic !== 'string') throw new FrameError('topic must be a string');
  if (typeof event !== 'string') throw new FrameError('event must be a string');
  return {
    joinRef: refOrNull(joinRef, 'join_ref'),
    ref: refOrNull(ref, 'ref'),
    topic,
    event,
    payload: payload ?? {},
  };
}

function decodeText(text: string, vsn: Vsn): PhoenixMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FrameError('frame is not valid JSON');
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(value) || value.length !== 5) {
      throw new FrameError('a 2.0.0 frame is a JSON array [join_ref, ref, topic, event, payload]');
    }
    return fromParts(value[0], value[1], value[2], value[3], value[4]);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new FrameError('a 1.0.0 frame is a JSON object {topic, event, payload, ref, join_ref}');
  }
  const o = value as Record<string, unknown>;
  return fromParts(o.join_ref, o.ref, o.topic, o.event, o.payload);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUserPush(bytes: Uint8Array): PhoenixMessage & { broadcast: Broadcast } {
  if (bytes.length < 7) throw new FrameError('binary frame shorter than its header');
  if (bytes[0] !== KIND_USER_PUSH) {
    throw new FrameError(
      `binary frame of kind ${bytes[0]}: clients send only kind 3 (user broadcast push)`,
    );
  }
  const lengths = [bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]];
  const encoding = bytes[6];
  if (encoding !== ENCODING_BINARY && encoding !== ENCODING_JSON) {
    throw new FrameError(`unknown payload encoding ${encoding}`);
  }
  let offset = 7;
  const fields: string[] = [];
  for (const length of lengths) {
    if (offset + length > bytes.length)
      throw new FrameError('binary frame shorter than its fields');
    try {
      fields.push(utf8.decode(bytes.subarray(offset, offset + length)));
    } catch {
      throw new FrameError('binary frame field is not UTF-8');
    }
    offset += length;
  }
  const [joinRef, ref, topic, event] = fields;
  const body = bytes.subarray(offset);
  let payload: unknown;
  let raw: Uint8Array | undefined;
  if (encoding === ENCODING_JSON) {
    try {
      payload = JSON.parse(utf8.decode(body));
    } catch {
      throw new FrameError('binary frame JSON payload is not valid JSON');
    }
  } else {
    raw = new Uint8Array(body);
    payload = raw;
  }
  const broadcast: Broadcast = {
    event,
    payload,
    binaryFrame: true,
    ...(raw ? { bytes: raw } : {}),
  };
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: { type: 'broadcast', event, payload },
    broadcast,
  };
}

/**
 * Reads one client frame. Text frames follow the socket's vsn; binary frames exist only in 2.0.0
 * and carry user broadcast pushes (kind 3), returned with the decoded `broadcast`.
 *
 * @example
 * ```ts
 * decodeFrame('[null,"1","phoenix","heartbeat",{}]', false, '2.0.0');
 * // { joinRef: null, ref: '1', topic: 'phoenix', event: 'heartbeat', payload: {} }
 * ```
 */
export function decodeFrame(
  data: Uint8Array | string,
  isBinary: boolean,
  vsn: Vsn,
): PhoenixMessage & { broadcast?: Broadcast } {
  if (!isBinary) return decodeText(typeof data === 'string' ? data : utf8.decode(data), vsn);
  if (vsn !== '2.0.0') throw new FrameError('binary frames need vsn 2.0.0');
  return decodeUserPush(typeof data === 'string' ? new TextEncoder().encode(data) : data);
}

/**
 * Writes a message as a text frame in the socket's vsn.
 *
 * @example
 * ```ts
 * encodeText({ joinRef: null, ref: '1', topic: 'phoenix', event: 'phx_reply', payload: { status: 'ok', response: {} } }, '2.0.0');
 * // '[null,"1","phoenix","phx_reply",{"status":"ok","response":{}}]'
 * ```
 */
export function encodeText(msg: PhoenixMessage, vsn: Vsn): string {
  if (vsn === '2.0.0') {
    return JSON.stringify([msg.joinRef, msg.ref, msg.topic, msg.event, msg.payload]);
  }
  return JSON.stringify({
    topic: msg.topic,
    event: msg.event,
    payload: msg.payload,
    ref: msg.ref,
    join_ref: msg.joinRef,
  });
}

/**
 * Writes a user broadcast as a binary kind-4 frame, or `undefined` when a field is too long for
 * the one-byte lengths (the caller then sends a text frame).
 *
 * @example
 * ```ts
 * encodeUserBroadcast('realtime:room1', { event: 'cursor', payload: { x: 1 }, binaryFrame: true });
 * // <04 0e 06 00 01 "realtime:room1" "cursor" {"x":1}>
 * ```
 */
export function encodeUserBroadcast(
  topic: string,
  broadcast: Broadcast,
  meta?: Record<string, unknown>,
): Uint8Array | undefined {
  const enc = new TextEncoder();
  const topicBytes = enc.encode(topic);
  const eventBytes = enc.encode(broadcast.event);
  const metaBytes = meta ? enc.encode(JSON.stringify(meta)) : new Uint8Array(0);
  if ([topicBytes, eventBytes, metaBytes].some((b) => b.length > MAX_FIELD_BYTES)) return undefined;
  const body = broadcast.bytes ?? enc.encode(JSON.stringify(broadcast.payload ?? {}));
  const header = [
    KIND_USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metaBytes.length,
    broadcast.bytes ? ENCODING_BINARY : ENCODING_JSON,
  ];
  const out = new Uint8Array(
    header.length + topicBytes.length + eventBytes.length + metaBytes.length + body.length,
  );
  let offset = 0;
  for (const part of [Uint8Array.from(header), topicBytes, eventBytes, metaBytes, body]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
