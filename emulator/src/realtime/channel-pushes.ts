import type { Broadcast, PhoenixMessage } from './frames.js';
import type { RealtimeChannel } from './channel.js';

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function byteSize(broadcast: Broadcast): number {
  if (broadcast.bytes) return broadcast.bytes.length;
  return Buffer.byteLength(JSON.stringify(broadcast.payload ?? null) ?? '');
}

/**
 * A client's `broadcast` push (JSON, or a decoded binary kind-3 frame): fanned out to the topic
 * (the sender too with `self`), acknowledged with `ack`. Over the size limit it is dropped, with
 * Realtime's `payload_size_exceeded` error reply when acknowledged. On a private channel without
 * the write policy it is ignored, with no reply, as Realtime does.
 */
export function handleBroadcastPush(
  channel: RealtimeChannel,
  msg: PhoenixMessage,
  binary: Broadcast | undefined,
): void {
  const payload = object(msg.payload);
  const broadcast: Broadcast | undefined =
    binary ??
    (payload && typeof payload.event === 'string'
      ? { event: payload.event, payload: payload.payload, binaryFrame: false }
      : undefined);
  const { ack, self } = channel.config;
  if (!broadcast) {
    if (ack) channel.reply(msg.ref, 'error', { reason: 'broadcast needs a string event' });
    return;
  }
  if (channel.config.isPrivate && !channel.policies.broadcast.write) return;
  if (byteSize(broadcast) > channel.services.maxPayloadBytes) {
    if (ack) channel.reply(msg.ref, 'error', 'payload_size_exceeded');
    return;
  }
  channel.services.hub.broadcast(channel.key, broadcast, self ? undefined : channel);
  if (ack) channel.reply(msg.ref, 'ok', {});
}

/**
 * A client's `presence` push: `track` (an object payload; tracking again replaces the meta) or
 * `untrack`, answered `ok`, and the diff sent to every member of the topic. Tracking enables
 * presence for a channel that joined without it, which then gets a `presence_state`, as Realtime
 * resyncs it.
 */
export function handlePresencePush(channel: RealtimeChannel, msg: PhoenixMessage): void {
  const push = object(msg.payload) ?? {};
  const { hub } = channel.services;
  if (channel.config.isPrivate && !channel.policies.presence.write) {
    return channel.reply(msg.ref, 'error', {});
  }
  if (push.event === 'track') {
    const meta = object(push.payload);
    if (!meta)
      return channel.reply(msg.ref, 'error', { reason: 'Presence track payload must be a map' });
    const resync = !channel.config.presenceEnabled;
    channel.config.presenceEnabled = true;
    const presence = hub.presence(channel.key);
    const diff = presence.track(channel.id, channel.config.presenceKey, meta);
    channel.reply(msg.ref, 'ok', {});
    // A channel that joined without presence gets the whole state once it starts tracking.
    if (resync && channel.receivesPresence()) channel.push('presence_state', presence.state());
    return hub.presenceDiff(channel.key, diff);
  }
  if (push.event === 'untrack') {
    const diff = hub.presence(channel.key).untrack(channel.id);
    channel.reply(msg.ref, 'ok', {});
    return hub.presenceDiff(channel.key, diff);
  }
  channel.reply(msg.ref, 'error', { reason: `unknown presence event: ${String(push.event)}` });
}
