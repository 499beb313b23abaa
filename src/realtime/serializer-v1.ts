import { checkedMessage, invalid, parseJson, stringifyJson } from './frame-checks.js';
import type { PhoenixMessage } from './message.js';
import type { Serializer } from './serializer.js';

/**
 * vsn 1.0.0: every frame is a JSON object. Keys go in the order realtime-js's Phoenix push
 * builds them (`topic, event, payload, ref, join_ref`); a message without a join ref (the
 * heartbeat) has no `join_ref` key at all.
 *
 * @example
 * ```ts
 * v1Serializer.encode({ join_ref: null, ref: '3', topic: 'phoenix', event: 'heartbeat', payload: {} });
 * // '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"3"}'
 * ```
 */
export const v1Serializer: Serializer = {
  vsn: '1.0.0',

  encode(msg: PhoenixMessage): string {
    const { topic, event, payload, ref, join_ref } = msg;
    const frame =
      join_ref === null ? { topic, event, payload, ref } : { topic, event, payload, ref, join_ref };
    return stringifyJson(frame, `the ${event} payload`) as string;
  },

  decode(data: string | ArrayBuffer): PhoenixMessage {
    if (typeof data !== 'string') {
      throw invalid('binary frames are not part of protocol 1.0.0 (connect with vsn 2.0.0)');
    }
    const parsed = parseJson(data, 'frame');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalid(`protocol 1.0.0 frames are JSON objects, got ${data.slice(0, 80)}`);
    }
    const { join_ref, ref, topic, event, payload } = parsed as Record<string, unknown>;
    return checkedMessage(join_ref, ref, topic, event, payload);
  },
};
