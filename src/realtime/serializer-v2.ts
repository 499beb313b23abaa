import { RealtimeError } from './errors.js';
import { checkedMessage, invalid, parseJson, stringifyJson } from './frame-checks.js';
import type { PhoenixMessage } from './message.js';
import type { Serializer } from './serializer.js';

/** Binary frame kinds realtime-js uses: 3 client→server user broadcast push, 4 server→client user broadcast. */
export const BINARY_KINDS = { userBroadcastPush: 3, userBroadcast: 4 } as const;

/** Payload encodings of the binary broadcast frames. */
export const PAYLOAD_ENCODING = { binary: 0, json: 1 } as const;

/** Keys of a broadcast push that travel as frame metadata (anything else stays out of the frame). */
export const BROADCAST_METADATA_KEYS: readonly string[] = ['persist'];

const MAX_FIELD_BYTES = 255;
const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * vsn 2.0.0: JSON arrays `[join_ref, ref, topic, event, payload]`, except a `broadcast` push whose
 * payload has a string `event`, which goes as a binary kind-3 frame; kind-4 binary frames decode
 * to `broadcast` messages.
 *
 * @example
 * ```ts
 * v2Serializer.encode({ join_ref: '6', ref: '7', topic: 'realtime:room1', event: 'broadcast',
 *   payload: { type: 'broadcast', event: 'cursor', payload: { x: 3 } } }); // ArrayBuffer 03 01 01 0e 06 00 01 …
 * ```
 */
export const v2Serializer: Serializer = {
  vsn: '2.0.0',

  encode(msg: PhoenixMessage): string | ArrayBuffer {
    const { payload } = msg;
    if (
      msg.event === 'broadcast' &&
      typeof payload === 'object' &&
      payload !== null &&
      !isArrayBuffer(payload) &&
      typeof payload.event === 'string'
    ) {
      return encodeUserBroadcastPush(msg);
    }
    const frame = [msg.join_ref, msg.ref, msg.topic, msg.event, payload];
    return stringifyJson(frame, `the ${msg.event} payload`) as string;
  },

  decode(data: string | ArrayBuffer): PhoenixMessage {
    if (typeof data === 'string') {
      const parsed = parseJson(data, 'frame');
      if (!Array.isArray(parsed) || parsed.length !== 5) {
        throw invalid(
          `protocol 2.0.0 text frames are 5-element JSON arrays, got ${data.slice(0, 80)}`,
        );
      }
      const joinRef = parsed[0];
      const ref = parsed[1];
      const topic = parsed[2];
      const event = parsed[3];
      const payload = parsed[4];
      // The common frame needs no checks beyond these: one object, no calls.
      if (
        (joinRef === null || typeof joinRef === 'string') &&
        (ref === null || typeof ref === 'string') &&
        typeof topic === 'string' &&
        typeof event === 'string'
      ) {
        return { join_ref: joinRef, ref, topic, event, payload };
      }
      return checkedMessage(joinRef, ref, topic, event, payload);
    }
    return decodeUserBroadcast(toArrayBuffer(data));
  },
};

/**
 * Encodes a `broadcast` push as a kind-3 binary frame: header of lengths, then join_ref, ref,
 * topic, user event, metadata (JSON of the whitelisted keys, or nothing) and the payload — raw
 * for an `ArrayBuffer`, else JSON (`{}` when absent).
 *
 * @example
 * ```ts
 * new Uint8Array(encodeUserBroadcastPush({ join_ref: '6', ref: '7', topic: 'realtime:room1',
 *   event: 'broadcast', payload: { type: 'broadcast', event: 'cursor', payload: { x: 3 } } })).slice(0, 7);
 * // [3, 1, 1, 14, 6, 0, 1]
 * ```
 */
export function encodeUserBroadcastPush(msg: PhoenixMessage): ArrayBuffer {
  const args = msg.payload as Record<string, unknown> & { event: string; payload?: unknown };
  const joinRef = field(msg.join_ref ?? '', 'join_ref');
  const ref = field(msg.ref ?? '', 'ref');
  const topic = field(msg.topic, 'topic');
  const event = field(args.event, 'broadcast event');
  const metadata = field(metadataJson(args), 'broadcast metadata');

  const raw = isArrayBuffer(args.payload);
  const body = raw
    ? new Uint8Array(args.payload as ArrayBuffer)
    : utf8.encode(stringifyJson(args.payload ?? {}, 'the broadcast payload') ?? '');

  const parts = [joinRef, ref, topic, event, metadata];
  const header = [BINARY_KINDS.userBroadcastPush, ...parts.map((p) => p.byteLength)];
  header.push(raw ? PAYLOAD_ENCODING.binary : PAYLOAD_ENCODING.json);
  const size = header.length + parts.reduce((n, p) => n + p.byteLength, 0) + body.byteLength;

  const out = new Uint8Array(size);
  out.set(header, 0);
  let offset = header.length;
  for (const part of [...parts, body]) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}

/**
 * Decodes a server kind-4 binary frame to the `broadcast` message realtime-js hands on:
 * `{ type: 'broadcast', event, payload, meta? }` (payload parsed JSON, or an `ArrayBuffer` when
 * sent raw). Any other kind or a truncated frame → {@link RealtimeError} `invalid_frame`.
 *
 * @example
 * ```ts
 * decodeUserBroadcast(frame).payload; // { type: 'broadcast', event: 'cursor', payload: { x: 2 }, meta: { id: 'm1' } }
 * ```
 */
export function decodeUserBroadcast(buffer: ArrayBuffer): PhoenixMessage {
  const bytes = new Uint8Array(buffer);
  if (bytes.byteLength === 0) throw invalid('empty binary frame');
  const kind = bytes[0];
  if (kind !== BINARY_KINDS.userBroadcast) {
    throw invalid(`binary frame kind ${kind} is not supported (only 4, user broadcast)`);
  }
  if (bytes.byteLength < 5)
    throw invalid(`binary frame of ${bytes.byteLength} bytes has no full header`);
  const [, topicSize, eventSize, metaSize, encoding] = bytes;
  const headerEnd = 5 + topicSize + eventSize + metaSize;
  if (headerEnd > bytes.byteLength) {
    throw invalid(
      `binary frame of ${bytes.byteLength} bytes is shorter than its header says (${headerEnd})`,
    );
  }
  const topic = text.decode(bytes.subarray(5, 5 + topicSize));
  const event = text.decode(bytes.subarray(5 + topicSize, 5 + topicSize + eventSize));
  const metaText = text.decode(bytes.subarray(headerEnd - metaSize, headerEnd));
  const rest = buffer.slice(headerEnd);
  const payload =
    encoding === PAYLOAD_ENCODING.json ? parseJson(text.decode(rest), 'broadcast payload') : rest;

  const data: Record<string, unknown> = { type: 'broadcast', event, payload };
  if (metaSize > 0) data.meta = parseJson(metaText, 'broadcast metadata');
  return { join_ref: null, ref: null, topic, event: 'broadcast', payload: data };
}

/** UTF-8 bytes of a header field, which must fit in the frame's one-byte length. */
function field(value: string, name: string): Uint8Array {
  const bytes = utf8.encode(value);
  if (bytes.byteLength > MAX_FIELD_BYTES) {
    throw new RealtimeError(
      `${name} is ${bytes.byteLength} bytes; binary frames allow at most ${MAX_FIELD_BYTES}`,
      'field_too_long',
    );
  }
  return bytes;
}

function metadataJson(args: Record<string, unknown>): string {
  const picked = Object.entries(args).filter(([key]) => BROADCAST_METADATA_KEYS.includes(key));
  return picked.length === 0
    ? ''
    : (stringifyJson(Object.fromEntries(picked), 'the broadcast metadata') ?? '');
}

/** `instanceof`, or the constructor's name for a buffer from another realm (as realtime-js checks). */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return (
    value instanceof ArrayBuffer ||
    (typeof value === 'object' && value !== null && value.constructor?.name === 'ArrayBuffer')
  );
}

function toArrayBuffer(data: unknown): ArrayBuffer {
  if (isArrayBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) {
    // A Node Buffer or other view (a socket left at binaryType 'nodebuffer'): copy its window.
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  }
  throw invalid(`a frame must be a string or an ArrayBuffer, got ${typeof data}`);
}
