import type { Bindings } from './channel-bindings.js';
import type { ChannelPresence } from './channel-presence.js';
import type { PushQueue } from './channel-pushes.js';
import { RealtimeError } from './errors.js';
import { CHANNEL_EVENTS, type PhoenixMessage } from './message.js';

/** What routing a message needs from its channel. */
export interface RoutedChannel {
  readonly topic: string;
  readonly bindings: Bindings;
  readonly pushes: PushQueue;
  readonly presence: ChannelPresence;
  joinRef(): string | null;
  /** The server closed the channel (`phx_close`). */
  serverClosed(): void;
  /** The channel crashed on the server (`phx_error`). */
  serverErrored(error: RealtimeError): void;
}

/**
 * Hands a message for the channel's topic to what it is for, as Phoenix channels do: replies to
 * the push with their ref, `phx_close` / `phx_error` to the state machine, presence messages to
 * presence, everything else to the bindings. Throws a RealtimeError on a malformed change.
 *
 * @example
 * ```ts
 * routeMessage(core, { join_ref: '6', ref: '7', topic, event: 'phx_reply', payload: { status: 'ok', response: {} } });
 * ```
 */
export function routeMessage(channel: RoutedChannel, msg: PhoenixMessage): void {
  switch (msg.event) {
    case CHANNEL_EVENTS.reply:
      channel.pushes.reply(msg.ref, msg.payload);
      return;
    case CHANNEL_EVENTS.close:
      channel.serverClosed();
      return;
    case CHANNEL_EVENTS.error:
      channel.serverErrored(
        new RealtimeError(`channel ${channel.topic} crashed on the server`, 'server_error'),
      );
      return;
    case 'presence_state':
      channel.presence.state(channel.joinRef(), msg.payload);
      return;
    case 'presence_diff':
      channel.presence.diff(channel.joinRef(), msg.payload);
      return;
    default:
      channel.bindings.dispatch(msg.event, msg.payload);
  }
}
