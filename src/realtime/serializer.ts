import { assertVsn } from './client-checks.js';
import type { PhoenixMessage } from './message.js';
import { v1Serializer } from './serializer-v1.js';
import { v2Serializer } from './serializer-v2.js';

/** The protocol versions realtime-js speaks. */
export type Vsn = '1.0.0' | '2.0.0';

export { DEFAULT_VSN } from './client-checks.js';

/**
 * Turns Phoenix messages into WebSocket frames and back. `encode` throws a {@link RealtimeError}
 * on a message it cannot frame; `decode` throws one on a malformed frame (the socket edge catches
 * it and reports it, never letting it out of a callback).
 */
export interface Serializer {
  readonly vsn: Vsn;
  encode(msg: PhoenixMessage): string | ArrayBuffer;
  decode(data: string | ArrayBuffer): PhoenixMessage;
}

/**
 * The serializer for a protocol version; throws a {@link RealtimeError} `invalid_vsn` for any other.
 *
 * @example
 * ```ts
 * const frame = serializerFor('2.0.0').encode({ join_ref: null, ref: '1', topic: 'phoenix', event: 'heartbeat', payload: {} });
 * // '[null,"1","phoenix","heartbeat",{}]'
 * ```
 */
export function serializerFor(vsn: Vsn): Serializer {
  if (vsn === '1.0.0') return v1Serializer;
  assertVsn(vsn);
  return v2Serializer;
}
