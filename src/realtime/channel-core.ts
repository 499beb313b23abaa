import { BehaviorSubject, type SchedulerLike, type Subscription } from 'rxjs';
import { rejoinAfterMs } from './backoff.js';
import { Bindings } from './channel-bindings.js';
import { PushQueue, type PushOutcome, type PushTarget } from './channel-pushes.js';
import { ChannelPresence } from './channel-presence.js';
import { RealtimeError } from './errors.js';
import { joinPayload, joinTimeoutMs, type ChannelConfig } from './join-payload.js';
import { joinFailure, readJoinReply } from './channel-join-reply.js';
import { routeMessage, type RoutedChannel } from './channel-route.js';
import { CHANNEL_EVENTS, type PhoenixMessage } from './message.js';
import type { PostgresBinding } from './postgres-filter.js';
import type { ChannelHost, ChannelState, ChannelStatus } from './channel-host.js';

export type { ChannelHost, ChannelState, ChannelStatus } from './channel-host.js';

// Shared by every channel without postgres_changes bindings (an array each costs ~32 B idle).
const NO_BINDINGS: readonly PostgresBinding[] = Object.freeze([]);
const CLOSED: ChannelStatus = Object.freeze({ status: 'CLOSED' });
const SUBSCRIBED: ChannelStatus = Object.freeze({ status: 'SUBSCRIBED' });

/**
 * A channel's protocol state machine (Phoenix semantics): join, rejoin with back-off, join and
 * push timeouts, leave, stale join_ref filtering. Messages are routed by `routeMessage`, join
 * replies read by `readJoinReply`. Never throws from a socket callback: problems become `status$`
 * values.
 */
export class ChannelCore implements PushTarget, RoutedChannel {
  readonly bindings: Bindings = new Bindings();
  readonly status$: BehaviorSubject<ChannelStatus> = new BehaviorSubject<ChannelStatus>(CLOSED);
  // Made on first use: most channels never see presence.
  #presence: ChannelPresence | null = null;
  readonly pushes: PushQueue;
  #state: ChannelState = 'closed';
  #wanted = false;
  #joinedOnce = false;
  #versioned = false;
  #joinSent = false;
  #joinRef: string | null = null;
  #sent: readonly PostgresBinding[] = NO_BINDINGS;
  #joinTimer: Subscription | null = null;
  #rejoinTimer: Subscription | null = null;
  #rejoinTries = 0;
  #awaitingSocket = false;
  /** The token known when the join was asked for before the socket opened (realtime-js joins with it). */
  #heldToken: string | null = null;
  #cancelJoinPush: (() => void) | null = null;
  #leaveWaiters: ((status: 'ok' | 'timed out' | 'error') => void)[] | null = null;

  constructor(
    readonly topic: string,
    readonly config: ChannelConfig,
    readonly host: ChannelHost,
    /** Bad input found when the channel was made: every stream errors with it, nothing is sent. */
    readonly inputError: RealtimeError | undefined,
  ) {
    this.pushes = new PushQueue(this);
    if (inputError) this.status$.next({ status: 'CHANNEL_ERROR', error: inputError });
  }

  // PushTarget: the queue calls the core itself, so it holds no closures of its own.
  get scheduler(): SchedulerLike {
    return this.host.scheduler;
  }

  makeRef(): string {
    return this.host.socket.makeRef();
  }

  joinRef(): string | null {
    return this.#joinRef;
  }

  pushFrame(msg: PhoenixMessage): void {
    this.host.socket.push(msg);
  }

  get presence(): ChannelPresence {
    return (this.#presence ??= new ChannelPresence((event) =>
      this.bindings.dispatch('presence', event),
    ));
  }

  get state(): ChannelState {
    return this.#state;
  }

  get joinedOnce(): boolean {
    return this.#joinedOnce;
  }

  /** Whether pushes go out now (Phoenix `canPush`). */
  canPush(): boolean {
    return this.#state === 'joined' && this.host.socket.isConnected();
  }

  /** Whether a timer of this channel is pending (for leak checks). */
  get hasTimers(): boolean {
    return this.#joinTimer !== null || this.#rejoinTimer !== null || this.pushes.size > 0;
  }

  /** The first stream subscribed (or the first after the grace period): connect and join. */
  activate(): void {
    if (this.inputError || this.#wanted) return;
    this.#wanted = true;
    this.#joinedOnce = true;
    if (this.#state === 'leaving') {
      this.host.acquire(this); // joins again once the leave is answered
      return;
    }
    // Joining from now on for subscribers: a socket failing before the join shows as an error.
    this.#state = 'joining';
    this.#awaitingSocket = true;
    this.#heldToken = this.host.accessToken;
    this.host.acquire(this);
    this.#scheduleJoin();
  }

  /** A postgres_changes binding was added: rejoin (once) so the server knows the full set. */
  bindingsChanged(): void {
    if (!this.#wanted || !this.bindings.missingFrom(this.#sent)) return;
    if (this.#state === 'joined' || this.#state === 'joining') this.#scheduleJoin();
  }

  /** Leaves (last stream gone after the grace period, or removeChannel). */
  leave(done?: (status: 'ok' | 'timed out' | 'error') => void): void {
    if (done) (this.#leaveWaiters ??= []).push(done);
    if (this.#wanted) this.host.release(this);
    this.#wanted = false;
    this.#cancelTimers();
    if (this.#state === 'leaving') return;
    const sentJoin =
      this.#state === 'joined' || (this.#state === 'joining' && !this.#awaitingSocket);
    if (sentJoin && this.host.socket.isConnected()) {
      this.#state = 'leaving';
      this.#cancelJoinPush?.();
      this.#push(CHANNEL_EVENTS.leave, {}, (o) =>
        this.#closed(o.status === 'timeout' ? 'timed out' : 'ok'),
      );
      return;
    }
    this.#closed('ok');
  }

  /** The socket opened (and the token settled): join if we want to be joined. */
  socketReady(): void {
    this.#cancelRejoin();
    this.#rejoinTries = 0;
    const idle = this.#state === 'errored' || this.#state === 'closed' || this.#awaitingSocket;
    if (this.#wanted && idle) this.#join();
  }

  /** The socket closed: joined or joining channels error (rejoin on the next open). */
  socketClosed(error: RealtimeError): void {
    this.#cancelRejoin();
    if (this.#state === 'leaving') {
      this.#closed('ok');
      return;
    }
    if (this.#state === 'joined' || this.#state === 'joining') {
      this.#cancelJoin();
      this.#awaitingSocket = false;
      this.#heldToken = null;
      this.#state = 'errored';
      this.status$.next({ status: 'CHANNEL_ERROR', error });
    }
  }

  /** The token changed: later joins carry it; a joined channel pushes it now. */
  tokenChanged(token: string | null, previous: string | null): void {
    // realtime-js adds `version` whenever the token changes while the channel exists. Its first
    // token usually resolves before any channel does (supabase-js asks at creation); ours resolves
    // as the socket opens, so that first resolution (from no token) alone leaves the join as is.
    if (this.#joinSent || previous !== null) this.#versioned = true;
    if (this.#state === 'joined' && token !== null) {
      this.#push(CHANNEL_EVENTS.accessToken, { access_token: token }, () => undefined);
    }
  }

  /** A message for this topic. */
  receive(msg: PhoenixMessage): void {
    if (msg.join_ref !== null && msg.join_ref !== this.#joinRef) return; // stale: an older join
    try {
      routeMessage(this, msg);
    } catch (cause) {
      const error =
        cause instanceof RealtimeError
          ? cause
          : new RealtimeError(String(cause), 'server_error', { cause });
      this.status$.next({ status: 'CHANNEL_ERROR', error });
    }
  }

  /** The server closed the channel (`phx_close`). */
  serverClosed(): void {
    this.#cancelTimers();
    this.#closed('ok');
  }

  /** The channel crashed on the server (`phx_error`): errored, rejoin with back-off. */
  serverErrored(error: RealtimeError): void {
    if (this.#state !== 'joined' && this.#state !== 'joining') return;
    this.#cancelJoin();
    this.#state = 'errored';
    this.status$.next({ status: 'CHANNEL_ERROR', error });
    this.#scheduleRejoin();
  }

  /** Removed from the client: no more timers, pushes answered, streams completed by the caller. */
  teardown(): void {
    this.#wanted = false;
    this.#cancelTimers();
    this.pushes.clear();
    this.bindings.completeAll();
    this.status$.complete();
    this.#presence?.view$.complete();
  }

  /** A push for send/track/untrack; `done` gets the outcome. Returns the cancel function. */
  push(
    event: string,
    payload: unknown,
    timeoutMs: number,
    done: (o: PushOutcome) => void,
  ): () => void {
    return this.pushes.push(event, payload, timeoutMs, this.canPush(), done);
  }

  #scheduleJoin(): void {
    if (this.#joinTimer) return;
    // On the scheduler, so every stream subscribed in the same tick rides on one phx_join.
    this.#joinTimer = this.host.scheduler.schedule(() => {
      this.#joinTimer = null;
      if (!this.#wanted) return;
      const inProgress = this.#state === 'joining' || this.#state === 'joined';
      // Already joining (the socket opened first): only a binding the join lacks needs another.
      if (this.#awaitingSocket) {
        if (this.host.ready) this.#join(); // else socketReady() joins
        return;
      }
      if (!inProgress || this.bindings.missingFrom(this.#sent)) this.#join();
    }, 0);
  }

  #join(): void {
    this.#cancelJoin();
    this.#cancelRejoin();
    if (!this.host.ready) {
      // Joining as far as subscribers know; the client calls socketReady() once the socket is open.
      this.#state = 'joining';
      this.#awaitingSocket = true;
      return;
    }
    this.#awaitingSocket = false;
    const token = this.#heldToken ?? this.host.accessToken;
    this.#heldToken = null;
    const sent = this.bindings.postgres();
    let payload: unknown;
    try {
      payload = joinPayload(
        this.config,
        { postgres_changes: sent, presence: this.bindings.hasPresence() },
        token ?? undefined,
        this.#versioned ? this.host.version : undefined,
      );
    } catch (cause) {
      this.#fail(cause);
      return;
    }
    this.#state = 'joining';
    this.#sent = sent;
    this.#presence?.rejoining();
    const ref = this.host.socket.makeRef();
    this.#joinRef = ref;
    this.#joinSent = true;
    // The join is a push like the others, with its own ref as join_ref.
    this.#cancelJoinPush = this.pushes.push(
      CHANNEL_EVENTS.join,
      payload,
      joinTimeoutMs(this.config, sent.length, this.host.timeout),
      true,
      (o) => this.#joinAnswered(o),
      ref,
    );
  }

  #joinAnswered(outcome: PushOutcome): void {
    this.#cancelJoinPush = null;
    const reply = readJoinReply(outcome, this.#sent);
    if (reply.kind === 'timed out') {
      this.#push(CHANNEL_EVENTS.leave, {}, () => undefined);
      this.#state = 'errored';
      this.status$.next({ status: 'TIMED_OUT' });
      this.#scheduleRejoin();
      return;
    }
    if (reply.kind === 'refused') {
      this.#state = 'errored';
      this.status$.next({ status: 'CHANNEL_ERROR', error: reply.error });
      this.#scheduleRejoin();
      return;
    }
    if (reply.kind === 'invalid') {
      this.#push(CHANNEL_EVENTS.leave, {}, () => undefined);
      this.#fail(reply.error);
      return;
    }
    this.bindings.assignIds(this.#sent, reply.ids);
    this.#state = 'joined';
    this.#rejoinTries = 0;
    this.pushes.flush();
    this.status$.next(SUBSCRIBED);
    this.host.joined(this);
    if (this.bindings.missingFrom(this.#sent)) this.#scheduleJoin();
  }

  #fail(cause: unknown): void {
    this.#state = 'failed';
    this.status$.next({ status: 'CHANNEL_ERROR', error: joinFailure(cause) });
  }

  #closed(status: 'ok' | 'timed out' | 'error'): void {
    const was = this.#state;
    this.#state = 'closed';
    this.#awaitingSocket = false;
    this.#heldToken = null;
    this.#joinRef = null;
    if (was !== 'closed' || this.status$.value.status !== 'CLOSED') this.status$.next(CLOSED);
    const waiters = this.#leaveWaiters ?? [];
    this.#leaveWaiters = null;
    for (const w of waiters) w(status);
    if (was === 'leaving' && this.#wanted) this.#scheduleJoin(); // resubscribed meanwhile
  }

  #scheduleRejoin(): void {
    if (!this.#wanted || !this.host.socket.isConnected()) return;
    this.#cancelRejoin();
    const tries = this.#rejoinTries + 1;
    this.#rejoinTimer = this.host.scheduler.schedule(() => {
      this.#rejoinTimer = null;
      this.#rejoinTries = tries;
      if (this.#wanted && this.host.socket.isConnected()) this.#join();
    }, rejoinAfterMs(tries));
  }

  #push(event: string, payload: unknown, done: (o: PushOutcome) => void): void {
    try {
      this.pushes.push(event, payload, this.host.timeout, this.host.socket.isConnected(), done);
    } catch {
      done({ status: 'error', response: {} });
    }
  }

  #cancelJoin(): void {
    this.#cancelJoinPush?.();
    this.#cancelJoinPush = null;
  }

  #cancelRejoin(): void {
    this.#rejoinTimer?.unsubscribe();
    this.#rejoinTimer = null;
  }

  #cancelTimers(): void {
    this.#joinTimer?.unsubscribe();
    this.#joinTimer = null;
    this.#cancelRejoin();
    this.#cancelJoin();
  }
}
