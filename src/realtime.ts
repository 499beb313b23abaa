/**
 * `supabase-rx/realtime`: the realtime module alone — channels whose broadcast, presence and
 * Postgres-change streams are hot, multicast and self-healing, over one Phoenix socket.
 *
 * @example
 * ```ts
 * import { RealtimeClient } from 'supabase-rx/realtime';
 *
 * const realtime = new RealtimeClient('wss://proj.supabase.co/realtime/v1', { params: { apikey } });
 * const room = realtime.channel('room1');
 * room.on('broadcast', { event: 'cursor' }).subscribe(({ payload }) => console.log(payload));
 * ```
 */
export { RealtimeClient, type RealtimeClientOptions } from './realtime/realtime-client.js';
export {
  RealtimeChannel,
  type RealtimeChannelOptions,
  type BroadcastPayload,
  type SystemPayload,
  type ChannelStatus,
  type SendArgs,
  type SendResult,
} from './realtime/channel.js';
export type { AccessTokenCallback } from './realtime/realtime-auth.js';
export type { HeartbeatStatus } from './realtime/socket.js';
export type { WebSocketConstructor, WebSocketLike } from './realtime/websocket-constructor.js';
export { RealtimeError, isRealtimeError, type RealtimeErrorCode } from './realtime/errors.js';
export type { ChannelConfig } from './realtime/join-payload.js';
export type { PostgresChangesFilter, PostgresChangesEvent } from './realtime/postgres-filter.js';
export type { PostgresChangePayload } from './realtime/postgres-change.js';
export type { PresenceEvent, PresenceStateView, Presence } from './realtime/presence-sync.js';
export type { BroadcastPersist } from './realtime/broadcast-rest.js';
export type { Vsn } from './realtime/serializer.js';
