import { randomUUID } from 'node:crypto';
import type { EmulatorContext, RequestAuth } from '../context.js';
import { ChangeFeedError, type ChangeFeed, type ChangeSubscriber } from './changes/change-feed.js';
import { encodeUserBroadcast, type Broadcast, type PhoenixMessage, type Vsn } from './frames.js';
import { parseJoinPayload, toChangeBindings, type JoinConfig } from './join-config.js';
import type { PresenceDiff } from './presence.js';
import { hubKey, type HubMember, type TopicHub } from './topic-hub.js';
import {
  OPEN_POLICIES,
  topicPolicies,
  type RoleCheck,
  type TopicPolicies,
} from './topic-policies.js';
import {
  isTokenProblem,
  tokenProblemMessage,
  tokenProblemReason,
  verifyRealtimeToken,
} from './token.js';
import { handleBroadcastPush, handlePresencePush } from './channel-pushes.js';

/** Services shared by every channel of the server. */
export interface ChannelServices {
  ctx: EmulatorContext;
  hub: TopicHub;
  changeFeed?: ChangeFeed;
  /** Which token roles may be used on private channels (those `authenticator` may become). */
  roles: RoleCheck;
  /** Largest broadcast payload accepted, in bytes (Realtime's default: 3,000 KB). */
  maxPayloadBytes: number;
}

/** What a channel needs of its socket. */
export interface ChannelSocket {
  readonly vsn: Vsn;
  /** The socket's API key (the token of joins that bring none). */
  readonly token: string;
  send(msg: PhoenixMessage): void;
  sendBinary(bytes: Uint8Array): void;
  /** The channel is gone (left, refused or shut down): forget it. */
  channelClosed(channel: RealtimeChannel): void;
}

// A JWT's exp can be years away; the token is re-checked at least hourly, as Realtime does.
const MAX_CONFIRM_MS = 60 * 60 * 1000;

/**
 * One joined Realtime channel on one socket: its join, broadcast and presence pushes, token
 * refreshes and expiry, and deliveries to it. Messages are handled one at a time, in order.
 *
 * @example
 * ```ts
 * const channel = new RealtimeChannel(socket, services, 'realtime:room1', '1');
 * channel.enqueue(joinMessage);
 * ```
 */
export class RealtimeChannel implements HubMember {
  readonly id = randomUUID();
  readonly subTopic: string;
  config!: JoinConfig;
  auth!: RequestAuth;
  policies: TopicPolicies = OPEN_POLICIES;
  #token = '';
  #key = '';
  #closed = false;
  #joined = false;
  #queue: Promise<void> = Promise.resolve();
  #expiry: NodeJS.Timeout | undefined;
  #changes: ChangeSubscriber | undefined;

  constructor(
    readonly socket: ChannelSocket,
    readonly services: ChannelServices,
    readonly topic: string,
    readonly joinRef: string | null,
  ) {
    this.subTopic = topic.slice('realtime:'.length);
  }

  /** The hub key of this channel (public and private topics are apart). */
  get key(): string {
    return this.#key;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues a client message; handling never throws out of here. */
  enqueue(msg: PhoenixMessage & { broadcast?: Broadcast }): void {
    this.#queue = this.#queue
      .then(() => (this.#closed ? undefined : this.#handle(msg)))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.#closed) this.shutdown(`Unknown Error on Channel: ${message}`);
      });
  }

  /** Sends a message of this channel (`ref` null unless replying). */
  push(event: string, payload: unknown, ref: string | null = null, joinRef = this.joinRef): void {
    if (!this.#closed) this.socket.send({ joinRef, ref, topic: this.topic, event, payload });
  }

  reply(ref: string | null, status: 'ok' | 'error', response: unknown): void {
    this.push('phx_reply', { status, response }, ref);
  }

  async #handle(msg: PhoenixMessage & { broadcast?: Broadcast }): Promise<void> {
    if (msg.event === 'phx_join') {
      return this.#join(msg).catch((error: unknown) => {
        // A failure of the database mid-join: answered like Realtime's UnknownErrorOnChannel.
        const message = error instanceof Error ? error.message : String(error);
        this.reply(msg.ref, 'error', { reason: `UnknownErrorOnChannel: ${message}` });
        this.#closed = true;
        this.socket.channelClosed(this);
      });
    }
    if (!this.#joined) return;
    switch (msg.event) {
      case 'phx_leave':
        this.reply(msg.ref, 'ok', {});
        return this.close(true);
      case 'broadcast':
        return handleBroadcastPush(this, msg, msg.broadcast);
      case 'presence':
        return handlePresencePush(this, msg);
      case 'access_token':
        return this.#refreshToken(msg.payload);
      case '$confirm_token':
        return this.confirmToken();
      default:
        // Realtime ignores events it does not know (it only logs them).
        return;
    }
  }

  async #join(msg: PhoenixMessage): Promise<void> {
    const refuse = (reason: string) => {
      this.reply(msg.ref, 'error', { reason });
      this.#closed = true;
      this.socket.channelClosed(this);
    };
    if (this.subTopic === '') return refuse('TopicNameRequired: You must provide a topic name');
    this.config = parseJoinPayload(msg.payload);
    if (this.config.replay && !this.config.isPrivate) {
      return refuse('UnableToReplayMessages: Replay is not allowed for public channels');
    }
    const token =
      !this.config.token || this.config.token.startsWith('sb_')
        ? this.socket.token
        : this.config.token;
    const verified = await verifyRealtimeToken(this.services.ctx, token);
    if (isTokenProblem(verified)) return refuse(tokenProblemReason(verified));
    this.auth = verified.auth;
    this.#token = token;
    if (this.config.isPrivate) {
      this.policies = await topicPolicies(
        this.services.ctx.engine,
        this.services.roles,
        this.auth,
        this.subTopic,
      );
      if (!this.policies.broadcast.read) return refuse(`Unauthorized: ${this.#noReadMessage()}`);
    }
    const bindings = this.config.bindings;
    if (bindings.length > 0) {
      const feed = this.services.changeFeed;
      if (!feed)
        return refuse('UnknownErrorOnChannel: Postgres changes are not available on this server');
      try {
        this.#changes = await feed.subscribe(toChangeBindings(bindings), this.auth, (ids, data) =>
          this.push('postgres_changes', { ids, data }, null, null),
        );
      } catch (error) {
        if (!(error instanceof ChangeFeedError)) throw error;
        return refuse(error.reason);
      }
    }
    // The socket may have gone while the join waited on the database.
    if (this.#closed) return this.#changes?.unsubscribe();
    this.#key = hubKey(this.subTopic, this.config.isPrivate);
    this.services.hub.add(this.#key, this);
    this.#joined = true;
    this.#scheduleExpiry(verified.exp);
    const ids = this.#changes?.ids ?? [];
    this.reply(msg.ref, 'ok', { postgres_changes: bindings.map((b, i) => ({ ...b, id: ids[i] })) });
    if (this.#changes) {
      this.push('system', {
        extension: 'postgres_changes',
        status: 'ok',
        message: 'Subscribed to PostgreSQL',
        channel: this.subTopic,
      });
    }
    if (this.receivesPresence()) {
      this.push('presence_state', this.services.hub.presence(this.#key).state());
    }
  }

  #noReadMessage(): string {
    return `You do not have permissions to read from this Channel topic: ${this.subTopic}`;
  }

  /** Presence is sent to this channel: enabled (or tracked) and, if private, readable. */
  receivesPresence(): boolean {
    return this.config.presenceEnabled && this.policies.presence.read;
  }

  async #refreshToken(payload: unknown): Promise<void> {
    const next = (payload as { access_token?: unknown } | null)?.access_token;
    // Realtime ignores null tokens, API keys (sb_…) and the token it already has.
    if (typeof next !== 'string' || next.startsWith('sb_') || next === this.#token) return;
    const verified = await verifyRealtimeToken(this.services.ctx, next);
    if (isTokenProblem(verified)) return this.shutdown(tokenProblemMessage(verified));
    if (this.config.isPrivate) {
      const policies = await topicPolicies(
        this.services.ctx.engine,
        this.services.roles,
        verified.auth,
        this.subTopic,
      );
      if (!policies.broadcast.read) return this.shutdown(this.#noReadMessage());
      this.policies = policies;
    }
    this.auth = verified.auth;
    this.#token = next;
    this.#changes?.setAuth(verified.auth);
    this.#scheduleExpiry(verified.exp);
  }

  #scheduleExpiry(exp: number): void {
    clearTimeout(this.#expiry);
    const delay = Math.min(Math.max(0, exp * 1000 - Date.now()), MAX_CONFIRM_MS);
    this.#expiry = setTimeout(() => this.enqueue(this.#confirmMessage()), delay);
    this.#expiry.unref();
  }

  #confirmMessage(): PhoenixMessage {
    // Goes through the queue like a client message, so it never races a token refresh.
    return {
      joinRef: this.joinRef,
      ref: null,
      topic: this.topic,
      event: '$confirm_token',
      payload: null,
    };
  }

  /** Re-checks the current token (on the expiry timer): expired → system error and close. */
  async confirmToken(): Promise<void> {
    const verified = await verifyRealtimeToken(this.services.ctx, this.#token);
    if (isTokenProblem(verified)) return this.shutdown(tokenProblemMessage(verified));
    this.#scheduleExpiry(verified.exp);
  }

  /** Realtime's channel shutdown: a `system` error naming why, then `phx_close`. */
  shutdown(message: string): void {
    this.push('system', { extension: 'system', status: 'error', message, channel: this.subTopic });
    this.close(true);
  }

  /** Leaves the topic: presence untracked, change feed unsubscribed, timers cleared. */
  close(sendClose: boolean): void {
    if (this.#closed) return;
    if (sendClose) this.push('phx_close', {}, this.joinRef);
    this.#closed = true;
    clearTimeout(this.#expiry);
    this.#changes?.unsubscribe();
    this.#changes = undefined;
    if (this.#joined) {
      this.services.hub.remove(this.#key, this);
      this.services.hub.presenceDiff(
        this.#key,
        this.services.hub.presence(this.#key).untrack(this.id),
      );
    }
    this.socket.channelClosed(this);
  }

  deliverBroadcast(broadcast: Broadcast): void {
    if (this.#closed) return;
    if (broadcast.binaryFrame && this.socket.vsn === '2.0.0') {
      const frame = encodeUserBroadcast(this.topic, broadcast);
      if (frame) return this.socket.sendBinary(frame);
    }
    // Raw bytes have no JSON form: a 1.0.0 socket cannot receive them.
    if (broadcast.bytes) return;
    const payload = { type: 'broadcast', event: broadcast.event, payload: broadcast.payload };
    this.push('broadcast', payload, null, null);
  }

  deliverPresenceDiff(diff: PresenceDiff): void {
    if (this.receivesPresence()) this.push('presence_diff', diff, null, null);
  }
}
