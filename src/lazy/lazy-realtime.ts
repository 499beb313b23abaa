import { EMPTY, asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { DEFAULT_TIMEOUT_MS } from '../realtime/backoff.js';
import type { RealtimeChannel, RealtimeChannelOptions } from '../realtime/channel.js';
import type { SendResult } from '../realtime/channel-send.js';
import { checkRealtimeOptions } from '../realtime/client-checks.js';
import type { RealtimeError } from '../realtime/errors.js';
import { TOPIC_PREFIX } from '../realtime/message.js';
import type { RealtimeClient, RealtimeClientOptions } from '../realtime/realtime-client.js';
import type { Vsn } from '../realtime/serializer.js';
import { socketUrl } from '../realtime/socket-url.js';
import { LazyChannel } from './lazy-channel.js';
import { lazyModule } from './lazy-module.js';

/** The socket, channels and presence code: loaded by the first stream subscribed or call made. */
export const realtimeModule = lazyModule(() => import('../realtime/realtime-client.js'));

/**
 * `createClient`'s `supabase.realtime`: the {@link RealtimeClient} API, whose code loads on the
 * first subscription, send or `connect()`. Until then it keeps what it was asked (channels made,
 * `connect()`, `disconnect()`, the auth feed's tokens) and replays it, in order, on the client it
 * makes; from then on (and from the start once the module is loaded) every call goes straight to
 * that client, so streams, errors and timing are the real client's.
 *
 * @example
 * ```ts
 * const realtime = new LazyRealtimeClient('ws://127.0.0.1:54321/realtime/v1', { params: { apikey } });
 * realtime.channel('room1').on('broadcast', { event: 'cursor' }).subscribe(console.log);
 * ```
 */
export class LazyRealtimeClient {
  /** The socket URL, query string included. */
  readonly endpointURL: string;
  readonly scheduler: SchedulerLike;
  readonly timeout: number;
  readonly vsn: Vsn;
  /** Problems no channel owns (an undecodable frame, a failing handler): reported, never thrown. */
  readonly errors$: Observable<RealtimeError>;
  readonly #endPoint: string;
  readonly #options: RealtimeClientOptions;
  #real: RealtimeClient | undefined;
  // Before the load: what was asked, replayed in order on the real client.
  #queued: ((real: RealtimeClient) => void)[] = [];
  #channels = new Map<string, LazyChannel>();
  readonly #facades = new WeakMap<RealtimeChannel, LazyChannel>();
  #token: string | null = null;

  constructor(endPoint: string, options: RealtimeClientOptions = {}) {
    // The real client's checks, at once: a bad option still throws from createClient().
    this.vsn = checkRealtimeOptions(options).vsn;
    this.#endPoint = endPoint;
    this.#options = options;
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.endpointURL = socketUrl(endPoint, options.params ?? {}, this.vsn, options.logLevel);
    this.errors$ = this._use((real) => real.errors$);
    this._now();
  }

  /** @internal The real client when the module is loaded (made now if it is), else undefined. */
  _now(): RealtimeClient | undefined {
    const m = realtimeModule.current;
    return this.#real ?? (m && this.#load(m));
  }

  /** @internal `f` on the real client: called now once loaded, else at subscribe after the load. */
  _use<T>(f: (real: RealtimeClient) => Observable<T>): Observable<T> {
    const real = this._now();
    return real ? f(real) : realtimeModule((m) => f(this.#load(m)));
  }

  /** @internal Runs `op` on the real client now if there is one, else when it is made. */
  _whenLoaded(op: (real: RealtimeClient) => void): void {
    const real = this._now();
    if (real) op(real);
    else this.#queued.push(op);
  }

  /**
   * @internal The auth feed's `setAuth`: it does not load the module; a token given before is
   * handed to the client when it is made.
   */
  _feedAuth(token?: string | null): void {
    if (!this._now() && token) this.#token = token;
    this._whenLoaded((real) => real.setAuth(token).subscribe());
  }

  /** The current token (`access_token` of joins), or null before any. */
  get accessTokenValue(): string | null {
    return this._now()?.accessTokenValue ?? this.#token;
  }

  /** The channel of a topic (`realtime:<name>`): the same instance for the same name. */
  channel(name: string, opts: RealtimeChannelOptions = { config: {} }): RealtimeChannel {
    const real = this._now();
    if (real) return this.#facadeOf(real.channel(name, opts));
    const topic = `${TOPIC_PREFIX}${name}`;
    let ch = this.#channels.get(topic);
    if (!ch) {
      const made = new LazyChannel(this, topic, opts);
      this.#channels.set(topic, (ch = made));
      this.#queued.push((r) => {
        const rc = r.channel(name, opts);
        made._attach(rc);
        this.#facades.set(rc, made);
      });
    }
    return ch as unknown as RealtimeChannel;
  }

  /** Every channel of this client. */
  getChannels(): RealtimeChannel[] {
    const real = this._now();
    if (!real) return [...this.#channels.values()] as unknown as RealtimeChannel[];
    return real.getChannels().map((rc) => this.#facadeOf(rc));
  }

  /** Leaves a channel, completes every stream of it and forgets it. */
  removeChannel(channel: RealtimeChannel): Observable<SendResult> {
    return this._use((real) => real.removeChannel(realChannelOf(channel)));
  }

  /** Removes every channel, then disconnects: the statuses of the leaves. */
  removeAllChannels(): Observable<SendResult[]> {
    return this._use((real) => real.removeAllChannels());
  }

  /** Sets the token (or, without one, asks `accessToken` again). Emits `'ok'`. */
  setAuth(token?: string | null): Observable<'ok'> {
    return this._use((real) => real.setAuth(token));
  }

  /** Opens the socket now (loading the module first if it is not yet). */
  connect(): void {
    this._whenLoaded((real) => real.connect());
    // A failed load fails the streams that wait on it; connect() itself has no one to tell.
    if (!this.#real) realtimeModule((m) => (this.#load(m), EMPTY)).subscribe({ error: () => {} });
  }

  /** Closes the socket cleanly. */
  disconnect(code?: number, reason?: string): void {
    this._whenLoaded((real) => real.disconnect(code, reason));
  }

  /** Whether the socket is open. */
  isConnected(): boolean {
    return this._now()?.isConnected() ?? false;
  }

  /** @internal For leak checks: sockets, timers and in-flight token requests still held. */
  get _pending(): { socket: string; timers: boolean; auth: number; active: number } {
    return this._now()?._pending ?? { socket: 'closed', timers: false, auth: 0, active: 0 };
  }

  #load(m: typeof import('../realtime/realtime-client.js')): RealtimeClient {
    if (this.#real) return this.#real;
    const real = (this.#real = new m.RealtimeClient(this.#endPoint, this.#options));
    const queued = this.#queued;
    this.#queued = [];
    this.#channels = new Map();
    for (const op of queued) op(real);
    return real;
  }

  #facadeOf(rc: RealtimeChannel): RealtimeChannel {
    let ch = this.#facades.get(rc);
    if (!ch) this.#facades.set(rc, (ch = new LazyChannel(this, rc.topic, rc.params, rc)));
    return ch as unknown as RealtimeChannel;
  }
}

function realChannelOf(channel: RealtimeChannel): RealtimeChannel {
  return channel instanceof LazyChannel ? (channel._real ?? channel) : channel;
}
