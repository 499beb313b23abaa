import { EMPTY, Observable, ReplaySubject, defer, finalize, merge, share, throwError } from 'rxjs';
import { ChannelLife } from './channel-life.js';
import { ChannelStatusStream } from './channel-status-stream.js';
import { BindingStream, bindingFor, type BindingSpec } from './channel-stream.js';
import { ChannelCore, type ChannelHost, type ChannelStatus } from './channel-core.js';
import {
  channelSend,
  channelHttpSend,
  type SendArgs,
  type SendContext,
  type SendResult,
} from './channel-send.js';
import { RealtimeError } from './errors.js';
import type { ChannelConfig } from './join-payload.js';
import { subTopic } from './message.js';
import type { PostgresChangePayload } from './postgres-change.js';
import type { PostgresChangesFilter } from './postgres-filter.js';
import type { BroadcastPersist } from './broadcast-rest.js';
import type { PresenceEvent, PresenceStateView } from './presence-sync.js';

export type { ChannelStatus } from './channel-core.js';
export type { SendArgs, SendResult } from './channel-send.js';

/** The options of `client.channel(name, opts)`, as realtime-js's. */
export interface RealtimeChannelOptions {
  config?: ChannelConfig;
}

/** What `on('broadcast', …)` emits: realtime-js's broadcast callback payload. */
export interface BroadcastPayload<T = any> {
  type: 'broadcast';
  event: string;
  payload: T;
  meta?: { id?: string; replayed?: boolean };
}

/** What `on('system')` emits. */
export interface SystemPayload {
  extension: string;
  status: 'ok' | 'error' | (string & {});
  message: string;
  channel: string;
  [key: string]: unknown;
}

/** What the realtime client gives a channel: the protocol host, REST sending, the grace period. */
export interface ChannelContext extends ChannelHost, SendContext {
  readonly graceMs: number;
  readonly timeout: number;
  readonly accessToken: string | null;
}

/**
 * A realtime channel whose every stream is hot and multicast. The first subscription to any of
 * them (`on(…)`, `status$`, `presence$`) connects the socket and joins with one `phx_join`
 * carrying every binding subscribed in that tick; the last unsubscribe leaves after `graceMs`
 * (default 1 s), so a quick resubscribe does not churn the server. Reconnects, rejoins and token
 * updates happen inside: subscribers see `status$` change, never a dead stream.
 *
 * @example
 * ```ts
 * const room = supabase.channel('room1', { config: { broadcast: { self: true } } });
 * room.status$.subscribe(({ status }) => console.log(status));
 * room.on('broadcast', { event: 'cursor' }).subscribe(({ payload }) => draw(payload));
 * room.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } }).subscribe();
 * ```
 */
export class RealtimeChannel {
  /** `realtime:<name>`. */
  readonly topic: string;
  /** The name given to `channel()`. */
  readonly subTopic: string;
  /** @internal The protocol state machine; the realtime client talks to it. */
  readonly _core: ChannelCore;
  readonly #ctx: ChannelContext;
  // Who holds the join; ended on removal.
  readonly #life: ChannelLife;
  #removed = false;
  // Built on first use: an idle channel holds no stream machinery.
  #presenceCache: Observable<PresenceStateView> | undefined;
  #status$: Observable<ChannelStatus> | undefined;
  #presenceOut$: Observable<PresenceStateView> | undefined;

  constructor(
    topic: string,
    readonly params: RealtimeChannelOptions,
    ctx: ChannelContext,
    inputError?: RealtimeError,
  ) {
    this.topic = topic;
    this.subTopic = subTopic(topic);
    this.#ctx = ctx;
    this._core = new ChannelCore(topic, params.config ?? {}, ctx, inputError);
    this.#life = new ChannelLife(this._core, ctx.graceMs, ctx.scheduler);
  }

  /**
   * The channel's status, replayed: `CLOSED` before the first join, then `SUBSCRIBED`,
   * `TIMED_OUT`, `CHANNEL_ERROR` (with a `RealtimeError`) or `CLOSED` at each change. Subscribing
   * joins the channel, as any stream of it does.
   *
   * @example
   * ```ts
   * channel.status$.pipe(filter((s) => s.status === 'SUBSCRIBED'), take(1)).subscribe(() => …);
   * ```
   */
  get status$(): Observable<ChannelStatus> {
    // One instance per channel, so `ch.status$ === ch.status$`.
    return (this.#status$ ??= new ChannelStatusStream(this._core, this.#life));
  }

  /**
   * The presence state in realtime-js's `presenceState()` shape, as an immutable map, replayed;
   * one emission per server presence message (a `track()` update is one emission). Subscribing
   * joins with presence enabled.
   *
   * @example
   * ```ts
   * channel.presence$.subscribe((state) => console.log(Object.keys(state).length, 'online'));
   * ```
   */
  get presence$(): Observable<PresenceStateView> {
    return (this.#presenceOut$ ??= defer(() => {
      if (this._core.inputError) return throwError(() => this._core.inputError);
      return this.#removed ? EMPTY : this.#sharedPresence();
    }));
  }

  /**
   * A hot stream of the payloads realtime-js hands its `on()` callbacks.
   *
   * @example
   * ```ts
   * channel.on('broadcast', { event: 'cursor' }).subscribe((msg) => console.log(msg.payload));
   * channel.on('presence', { event: 'join' }).subscribe(({ key, newPresences }) => …);
   * channel.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'msgs' })
   *   .subscribe(({ new: row }) => …);
   * channel.on('system').subscribe(({ message }) => …);
   * ```
   */
  on<T = any>(type: 'broadcast', filter: { event: string }): Observable<BroadcastPayload<T>>;
  on(type: 'presence', filter: { event: 'sync' }): Observable<{ event: 'sync' }>;
  on<T extends Record<string, unknown> = Record<string, any>>(
    type: 'presence',
    filter: { event: 'join' },
  ): Observable<Extract<PresenceEvent<T>, { event: 'join' }>>;
  on<T extends Record<string, unknown> = Record<string, any>>(
    type: 'presence',
    filter: { event: 'leave' },
  ): Observable<Extract<PresenceEvent<T>, { event: 'leave' }>>;
  on<T extends Record<string, unknown> = Record<string, any>>(
    type: 'presence',
    filter: { event: 'sync' | 'join' | 'leave' | '*' },
  ): Observable<PresenceEvent<T>>;
  on<T extends Record<string, unknown> = Record<string, any>>(
    type: 'postgres_changes',
    filter: PostgresChangesFilter,
  ): Observable<PostgresChangePayload<T>>;
  on(type: 'system', filter?: Record<string, never>): Observable<SystemPayload>;
  on(type: string, filter?: any): Observable<any> {
    if (this._core.inputError) return throwError(() => this._core.inputError);
    let spec: BindingSpec;
    try {
      spec = bindingFor(type, filter);
    } catch (error) {
      return throwError(() => error);
    }
    // The grace period is the join's: a binding goes as soon as nobody listens.
    return new BindingStream(this._core, spec, this.#life);
  }

  /**
   * Sends a broadcast (over the socket when joined, else through REST `/api/broadcast`) or a
   * presence message: one of `'ok' | 'timed out' | 'error'` as realtime-js resolves it (with
   * `ack`, the server's answer; with `persist`, the server's error string).
   *
   * @example
   * ```ts
   * channel.send({ type: 'broadcast', event: 'cursor', payload: { x: 3 } }).subscribe((r) => …);
   * ```
   */
  send(args: SendArgs, opts: { timeout?: number } = {}): Observable<SendResult> {
    return channelSend(this._core, this.#ctx, args, opts);
  }

  /**
   * Tracks this client's presence (a second call updates it): `'ok' | 'timed out' | 'error'`.
   *
   * @example
   * ```ts
   * channel.track({ online_at: new Date().toISOString() }).subscribe();
   * ```
   */
  track(payload: Record<string, unknown>, opts: { timeout?: number } = {}): Observable<SendResult> {
    return this.send({ type: 'presence', event: 'track', payload }, opts);
  }

  /**
   * Stops tracking this client's presence.
   *
   * @example
   * ```ts
   * channel.untrack().subscribe();
   * ```
   */
  untrack(opts: { timeout?: number } = {}): Observable<SendResult> {
    return this.send({ type: 'presence', event: 'untrack' }, opts);
  }

  /**
   * Sends one broadcast through REST (`POST …/api/broadcast/<topic>/events/<event>`): emits
   * `{ success: true }`, or errors with a `RealtimeError` carrying the server's message.
   *
   * @example
   * ```ts
   * channel.httpSend('cursor', { x: 1 }).subscribe();
   * ```
   */
  httpSend(
    event: string,
    payload: unknown,
    opts: { timeout?: number; persist?: BroadcastPersist } = {},
  ): Observable<{ success: true }> {
    return channelHttpSend(this._core, this.#ctx, event, payload, opts);
  }

  /**
   * The current presence state (realtime-js's shape), read synchronously.
   *
   * @example
   * ```ts
   * const everyone = channel.presenceState();
   * ```
   */
  presenceState(): PresenceStateView {
    return this._core.presence.view;
  }

  /**
   * Leaves now (streams stay subscribed and see `CLOSED`; realtime-js's `unsubscribe()`):
   * `'ok'`, `'timed out'` or `'error'`.
   *
   * @example
   * ```ts
   * channel.unsubscribe().subscribe((r) => console.log('left:', r));
   * ```
   */
  unsubscribe(): Observable<SendResult> {
    return new Observable<SendResult>((subscriber) => {
      let live = true;
      this._core.leave((status) => {
        if (!live) return;
        subscriber.next(status);
        subscriber.complete();
      });
      return () => (live = false);
    });
  }

  /** @internal Removed from the client: leaves, completes every stream, stops every timer. */
  _remove(): Observable<SendResult> {
    return this.unsubscribe().pipe(
      finalize(() => {
        if (this.#removed) return;
        this.#removed = true;
        this.#life.end();
        this._core.teardown();
      }),
    );
  }

  /** The presence state, replayed and shared; subscribing asks the join for presence. */
  #sharedPresence(): Observable<PresenceStateView> {
    const core = this._core;
    // A presence binding that matches no event: it only makes the join ask for presence.
    const asksForPresence = { type: 'presence', event: '', postgres: undefined } as const;
    return (this.#presenceCache ??= merge(
      new BindingStream<never>(core, asksForPresence, this.#life),
      core.presence.view$,
    ).pipe(share({ connector: () => new ReplaySubject(1), resetOnRefCountZero: true })));
  }
}
