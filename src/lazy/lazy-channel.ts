import type { Observable } from 'rxjs';
import type { BroadcastPersist } from '../realtime/broadcast-rest.js';
import type {
  ChannelStatus,
  RealtimeChannel,
  RealtimeChannelOptions,
} from '../realtime/channel.js';
import type { ChannelCore } from '../realtime/channel-core.js';
import type { SendArgs, SendResult } from '../realtime/channel-send.js';
import { channelConfig } from '../realtime/join-payload.js';
import { assertTopic, subTopic } from '../realtime/message.js';
import type { PresenceStateView } from '../realtime/presence-sync.js';
import type { LazyRealtimeClient } from './lazy-realtime.js';

// The real channel's presence state before any presence message.
const NO_PRESENCE: PresenceStateView = Object.freeze({});

/**
 * A channel of {@link LazyRealtimeClient}: the {@link RealtimeChannel} API, returned at once by
 * `channel()`. Its streams and sends load the realtime module on first use and are then the real
 * channel's (the client makes it, for the same name and options, when the module loads).
 *
 * @example
 * ```ts
 * const room = supabase.channel('room1');
 * room.on('broadcast', { event: 'cursor' }).subscribe(({ payload }) => draw(payload));
 * ```
 */
export class LazyChannel {
  /** `realtime:<name>`. */
  readonly topic: string;
  /** The name given to `channel()`. */
  readonly subTopic: string;
  readonly #client: LazyRealtimeClient;
  readonly #opts: RealtimeChannelOptions;
  #real: RealtimeChannel | undefined;
  #status$: Observable<ChannelStatus> | undefined;
  #presence$: Observable<PresenceStateView> | undefined;

  constructor(
    client: LazyRealtimeClient,
    topic: string,
    opts: RealtimeChannelOptions,
    real?: RealtimeChannel,
  ) {
    this.#client = client;
    this.topic = topic;
    this.subTopic = subTopic(topic);
    this.#opts = opts;
    this.#real = real;
  }

  /** @internal The real channel, once the module has loaded. */
  get _real(): RealtimeChannel | undefined {
    this.#client._now();
    return this.#real;
  }

  /** @internal Set by the client when it makes the real channel. */
  _attach(real: RealtimeChannel): void {
    this.#real = real;
  }

  /** @internal The real channel's protocol state machine (undefined before the load). */
  get _core(): ChannelCore {
    return this._real?._core as ChannelCore;
  }

  /** The options given to `channel()`, with the config merged over the defaults. */
  get params(): RealtimeChannelOptions {
    const real = this._real;
    if (real) return real.params;
    let config = this.#opts.config ?? {};
    try {
      assertTopic(this.topic);
      config = channelConfig(this.topic, config);
    } catch {
      // As the real channel: a bad name or config keeps the config given; its streams error.
    }
    return { ...this.#opts, config };
  }

  /** The channel's status, replayed; subscribing joins the channel. */
  get status$(): Observable<ChannelStatus> {
    return (this.#status$ ??= this.#use((ch) => ch.status$));
  }

  /** The presence state, replayed; subscribing joins with presence enabled. */
  get presence$(): Observable<PresenceStateView> {
    return (this.#presence$ ??= this.#use((ch) => ch.presence$));
  }

  /** A hot stream of the payloads realtime-js hands its `on()` callbacks. */
  on(type: string, filter?: unknown): Observable<unknown> {
    return this.#use((ch) =>
      (ch.on as (t: string, f?: unknown) => Observable<unknown>)(type, filter),
    );
  }

  /** Sends a broadcast or a presence message: `'ok' | 'timed out' | 'error'`. */
  send(args: SendArgs, opts: { timeout?: number } = {}): Observable<SendResult> {
    return this.#use((ch) => ch.send(args, opts));
  }

  /** Tracks this client's presence. */
  track(payload: Record<string, unknown>, opts: { timeout?: number } = {}): Observable<SendResult> {
    return this.#use((ch) => ch.track(payload, opts));
  }

  /** Stops tracking this client's presence. */
  untrack(opts: { timeout?: number } = {}): Observable<SendResult> {
    return this.#use((ch) => ch.untrack(opts));
  }

  /** Sends one broadcast through REST. */
  httpSend(
    event: string,
    payload: unknown,
    opts: { timeout?: number; persist?: BroadcastPersist } = {},
  ): Observable<{ success: true }> {
    return this.#use((ch) => ch.httpSend(event, payload, opts));
  }

  /** The current presence state, read synchronously (empty before the module loads). */
  presenceState(): PresenceStateView {
    return this._real?.presenceState() ?? NO_PRESENCE;
  }

  /** Leaves now: `'ok'`, `'timed out'` or `'error'`. */
  unsubscribe(): Observable<SendResult> {
    return this.#use((ch) => ch.unsubscribe());
  }

  /** @internal Removed from the client: leaves, completes every stream, stops every timer. */
  _remove(): Observable<SendResult> {
    return this.#use((ch) => ch._remove());
  }

  // The real channel exists once the client has loaded: it makes every queued channel first.
  #use<T>(f: (ch: RealtimeChannel) => Observable<T>): Observable<T> {
    return this.#client._use(() => f(this.#real as RealtimeChannel));
  }
}
