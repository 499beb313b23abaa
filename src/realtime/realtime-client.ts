import {
  Subject,
  asyncScheduler,
  defer,
  finalize,
  forkJoin,
  of,
  tap,
  throwError,
  timeout,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { createModuleTransport } from '../http/transport.js';
import { DEFAULT_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, disconnectOnEmptyAfterMs } from './backoff.js';
import type { ChannelCore } from './channel-core.js';
import { ChannelsByTopic } from './channels-by-topic.js';
import { RealtimeChannel, type ChannelContext, type RealtimeChannelOptions } from './channel.js';
import type { SendResult } from './channel-send.js';
import { RealtimeError } from './errors.js';
import { JOIN_PAYLOAD_VERSION, channelConfig } from './join-payload.js';
import { TOPIC_PREFIX, assertTopic } from './message.js';
import { RealtimeAuth } from './realtime-auth.js';
import { serializerFor, type Vsn } from './serializer.js';
import { checkRealtimeOptions } from './client-checks.js';
import { PhoenixSocket } from './socket.js';
import { broadcastEndpoint, socketUrl } from './socket-url.js';
import type { RealtimeClientOptions } from './realtime-client-options.js';

export type { RealtimeClientOptions } from './realtime-client-options.js';

/**
 * The realtime client: one socket, shared by its channels, opened on the first join and closed
 * when no channel is joined any more. Tokens come from `accessToken` (or `setAuth`) and are
 * pushed to joined channels whenever they change.
 *
 * @example
 * ```ts
 * import { RealtimeClient } from 'supabase-rx/realtime';
 *
 * const realtime = new RealtimeClient('wss://proj.supabase.co/realtime/v1', { params: { apikey } });
 * realtime.channel('room1').on('broadcast', { event: 'cursor' }).subscribe(console.log);
 * ```
 */
export class RealtimeClient {
  /** The socket URL, query string included. */
  readonly endpointURL: string;
  readonly scheduler: SchedulerLike;
  readonly timeout: number;
  readonly vsn: Vsn;
  /** Problems no channel owns (an undecodable frame, a failing handler): reported, never thrown. */
  readonly errors$: Observable<RealtimeError>;
  readonly #errors = new Subject<RealtimeError>();
  readonly #socket: PhoenixSocket;
  readonly #auth: RealtimeAuth;
  readonly #channels = new ChannelsByTopic<RealtimeChannel>();
  readonly #active = new Set<ChannelCore>();
  readonly #ctx: ChannelContext;
  readonly #emptyAfterMs: number;
  #emptyTimer: Subscription | null = null;
  #ready = false;
  #opening: Subscription | null = null;

  constructor(endPoint: string, options: RealtimeClientOptions = {}) {
    const { apikey, vsn } = checkRealtimeOptions(options);
    this.vsn = vsn;
    const serializer = serializerFor(vsn);
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.errors$ = this.#errors.asObservable();
    const heartbeatIntervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
    this.#emptyAfterMs =
      options.disconnectOnEmptyChannelsAfterMs ?? disconnectOnEmptyAfterMs(heartbeatIntervalMs);
    this.endpointURL = socketUrl(endPoint, options.params ?? {}, this.vsn, options.logLevel);
    this.#auth = new RealtimeAuth({
      accessToken: options.accessToken,
      scheduler: this.scheduler,
      timeout: this.timeout,
      onChange: (token, previous) => {
        for (const ch of this.#channels.values()) ch._core.tokenChanged(token, previous);
      },
    });
    this.#socket = new PhoenixSocket({
      url: this.endpointURL,
      transport: options.transport,
      serializer,
      scheduler: this.scheduler,
      heartbeatIntervalMs,
      reconnectAfterMs: options.reconnectAfterMs,
      events: {
        open: () => this.#onOpen(),
        close: (error) => this.#onClose(error),
        message: (msg) => this.#channels.route(msg.topic)?._core.receive(msg),
        error: (error) => this.#errors.next(error),
        heartbeat: (status, latency) => {
          if (status === 'sent') this.#auth.refresh();
          options.heartbeatCallback?.(status, latency);
        },
      },
    });
    const http =
      options.http ??
      createModuleTransport({
        fetch: options.fetch,
        scheduler: this.scheduler,
        apiKey: apikey,
        retry: false,
      });
    const isReady = () => this.#ready;
    const auth = this.#auth;
    this.#ctx = {
      socket: this.#socket,
      scheduler: this.scheduler,
      timeout: this.timeout,
      vsn: this.vsn,
      graceMs: options.graceMs ?? 1000,
      version: JOIN_PAYLOAD_VERSION,
      apiKey: apikey,
      broadcastEndpoint: broadcastEndpoint(this.endpointURL),
      get ready() {
        return isReady();
      },
      get accessToken() {
        return auth.token;
      },
      acquire: (core) => this.#acquire(core),
      release: (core) => this.#release(core),
      joined: () => this.#auth.refresh(),
      request: (req, ms) =>
        http.request(req).pipe(
          timeout({
            first: ms,
            scheduler: this.scheduler,
            with: () => throwError(() => new RealtimeError('request timed out', 'timed_out')),
          }),
        ),
    };
  }

  /**
   * The current token (`access_token` of joins), or null before any.
   *
   * @example
   * ```ts
   * realtime.setAuth('jwt').subscribe(() => console.log(realtime.accessTokenValue)); // 'jwt'
   * ```
   */
  get accessTokenValue(): string | null {
    return this.#auth.token;
  }

  /**
   * The channel of a topic (`realtime:<name>`): the same instance for the same name, as
   * realtime-js. Bad input (an empty name, replay on a public channel) → a channel whose streams
   * error with a `RealtimeError` naming it.
   *
   * @example
   * ```ts
   * const room = realtime.channel('room1', { config: { presence: { key: 'me' } } });
   * ```
   */
  channel(name: string, opts: RealtimeChannelOptions = { config: {} }): RealtimeChannel {
    const topic = `${TOPIC_PREFIX}${name}`;
    const existing = this.#channels.get(topic);
    if (existing) return existing;
    let inputError: RealtimeError | undefined;
    let config = opts.config ?? {};
    try {
      assertTopic(topic);
      config = channelConfig(topic, config);
    } catch (e) {
      inputError =
        e instanceof RealtimeError
          ? e
          : new RealtimeError(String(e), 'invalid_config', { cause: e });
    }
    this.#socket.skipRefs(2); // realtime-js: the channel's onError/onOpen registrations
    const ch = new RealtimeChannel(topic, { ...opts, config }, this.#ctx, inputError);
    this.#channels.set(topic, ch);
    return ch;
  }

  /**
   * Every channel of this client.
   *
   * @example
   * ```ts
   * realtime.getChannels().map((c) => c.topic);
   * ```
   */
  getChannels(): RealtimeChannel[] {
    return [...this.#channels.values()];
  }

  /**
   * Leaves a channel, completes every stream of it and forgets it: `'ok' | 'timed out' | 'error'`.
   *
   * @example
   * ```ts
   * realtime.removeChannel(room).subscribe((r) => console.log(r));
   * ```
   */
  removeChannel(channel: RealtimeChannel): Observable<SendResult> {
    // Forgotten once the leave is answered: the reply must still find the channel.
    return channel._remove().pipe(
      finalize(() => {
        if (this.#channels.get(channel.topic) === channel) this.#channels.delete(channel.topic);
      }),
    );
  }

  /**
   * Removes every channel, then disconnects: the statuses of the leaves.
   *
   * @example
   * ```ts
   * realtime.removeAllChannels().subscribe((all) => console.log(all));
   * ```
   */
  removeAllChannels(): Observable<SendResult[]> {
    return defer(() => {
      const all = this.getChannels().map((ch) => this.removeChannel(ch));
      return (all.length ? forkJoin(all) : of([])).pipe(tap({ finalize: () => this.disconnect() }));
    });
  }

  /**
   * Sets the token (or, without one, asks `accessToken` again); a changed token is pushed to
   * every joined channel and carried by later joins. Emits `'ok'`.
   *
   * @example
   * ```ts
   * realtime.setAuth('user-jwt').subscribe();
   * ```
   */
  setAuth(token?: string | null): Observable<'ok'> {
    return this.#auth.setAuth(token ?? null);
  }

  /**
   * Opens the socket now (channels do it on their first join).
   *
   * @example
   * ```ts
   * realtime.connect();
   * ```
   */
  connect(): void {
    this.#cancelEmptyTimer();
    // realtime-js: onOpen/onClose/onMessage registered on each connect of a closed socket.
    if (this.#socket.state === 'closed') this.#socket.skipRefs(3);
    this.#socket.connect();
  }

  /**
   * Closes the socket cleanly; no reconnect until a channel joins again or `connect()`.
   *
   * @example
   * ```ts
   * realtime.disconnect();
   * ```
   */
  disconnect(code?: number, reason?: string): void {
    this.#cancelEmptyTimer();
    this.#socket.disconnect(code, reason);
  }

  /**
   * Whether the socket is open.
   *
   * @example
   * ```ts
   * if (!realtime.isConnected()) realtime.connect();
   * ```
   */
  isConnected(): boolean {
    return this.#socket.isConnected();
  }

  /** @internal For leak checks: sockets, timers and in-flight token requests still held. */
  get _pending(): { socket: string; timers: boolean; auth: number; active: number } {
    return {
      socket: this.#socket.state,
      timers: this.#socket.hasTimers || this.#emptyTimer !== null,
      auth: this.#auth.inFlight,
      active: this.#active.size,
    };
  }

  #acquire(core: ChannelCore): void {
    this.#active.add(core);
    this.connect();
  }

  #release(core: ChannelCore): void {
    this.#active.delete(core);
    if (this.#active.size > 0 || this.#emptyTimer) return;
    this.#emptyTimer = this.scheduler.schedule(() => {
      this.#emptyTimer = null;
      if (this.#active.size === 0) this.#socket.disconnect();
    }, this.#emptyAfterMs);
  }

  #cancelEmptyTimer(): void {
    this.#emptyTimer?.unsubscribe();
    this.#emptyTimer = null;
  }

  // On every (re)open, a fresh token first: no channel rejoins with an expired one.
  #onOpen(): void {
    this.#opening?.unsubscribe();
    this.#opening = this.#auth.fresh().subscribe(() => {
      this.#opening = null;
      this.#ready = true;
      for (const ch of this.#channels.values()) ch._core.socketReady();
    });
  }

  #onClose(error: RealtimeError): void {
    this.#opening?.unsubscribe();
    this.#opening = null;
    this.#ready = false;
    for (const ch of this.#channels.values()) ch._core.socketClosed(error);
  }
}
