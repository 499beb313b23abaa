import { RealtimeError } from './errors.js';

/**
 * One Phoenix channel message, as both serializers encode and decode it. Refs are decimal strings
 * from the socket's counter; server-initiated messages have `ref: null`.
 */
export interface PhoenixMessage {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  /** Whatever the peer sent (JSON value, or an `ArrayBuffer` inside binary broadcasts). */
  payload: any;
}

/** The topic of socket-level messages (heartbeats). */
export const PHOENIX_TOPIC = 'phoenix';

/** Phoenix's control events, plus Supabase's `access_token`. */
export const CHANNEL_EVENTS = {
  close: 'phx_close',
  error: 'phx_error',
  join: 'phx_join',
  reply: 'phx_reply',
  leave: 'phx_leave',
  accessToken: 'access_token',
  heartbeat: 'heartbeat',
} as const;

/** The prefix realtime-js puts before a channel name to make its topic. */
export const TOPIC_PREFIX = 'realtime:';

/**
 * The topic of a channel name (`room1` → `realtime:room1`); throws on an empty name.
 *
 * @example
 * ```ts
 * channelTopic('room1'); // 'realtime:room1'
 * ```
 */
export function channelTopic(name: string): string {
  const topic = `${TOPIC_PREFIX}${name}`;
  assertTopic(topic);
  return topic;
}

/**
 * The sub-topic of a topic, as realtime-js derives it (`realtime:room1` → `room1`, prefix
 * matched case-insensitively).
 *
 * @example
 * ```ts
 * subTopic('realtime:room1'); // 'room1'
 * ```
 */
export function subTopic(topic: string): string {
  return topic.replace(/^realtime:/i, '');
}

/**
 * Throws a {@link RealtimeError} `topic_required` when `topic` has no sub-topic (`realtime:`),
 * which the server would reject with `TopicNameRequired`.
 *
 * @example
 * ```ts
 * assertTopic('realtime:'); // throws: topic "realtime:" is empty
 * ```
 */
export function assertTopic(topic: string): void {
  if (typeof topic !== 'string') {
    throw new RealtimeError(`topic must be a string, got ${typeof topic}`, 'topic_required');
  }
  if (subTopic(topic) === '') {
    throw new RealtimeError(`topic ${JSON.stringify(topic)} is empty`, 'topic_required');
  }
}
