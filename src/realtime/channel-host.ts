import type { SchedulerLike } from 'rxjs';
import type { ChannelCore } from './channel-core.js';
import type { RealtimeError } from './errors.js';
import type { PhoenixSocket } from './socket.js';

/** What `status$` emits. */
export interface ChannelStatus {
  readonly status: 'SUBSCRIBED' | 'TIMED_OUT' | 'CHANNEL_ERROR' | 'CLOSED';
  readonly error?: RealtimeError;
}

/** Phoenix channel states, plus `failed` (a join the client refused: no automatic rejoin). */
export type ChannelState = 'closed' | 'joining' | 'joined' | 'leaving' | 'errored' | 'failed';

/** What a channel needs from its realtime client. */
export interface ChannelHost {
  readonly socket: PhoenixSocket;
  readonly scheduler: SchedulerLike;
  readonly timeout: number;
  /** Socket open and the token settled: a join may go out. */
  readonly ready: boolean;
  /** The current token (`access_token` of joins), or null. */
  readonly accessToken: string | null;
  /** The `version` realtime-js adds to join payloads once the token changed. */
  readonly version: string;
  acquire(core: ChannelCore): void;
  release(core: ChannelCore): void;
  /** After each successful join (realtime-js refreshes the token then). */
  joined(core: ChannelCore): void;
}
