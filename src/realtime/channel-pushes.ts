import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { MAX_PUSH_BUFFER_SIZE } from './backoff.js';
import type { PhoenixMessage } from './message.js';

/** How a push ended: the server's reply status, or no reply within the timeout. */
export interface PushOutcome {
  readonly status: 'ok' | 'error' | 'timeout';
  readonly response: any;
}

/** One push waiting to be sent (buffered) or answered. */
interface Pending {
  readonly event: string;
  readonly payload: unknown;
  readonly done: (outcome: PushOutcome) => void;
  ref: string | null;
  timer: Subscription | null;
}

/** What the queue needs from its channel. */
export interface PushTarget {
  readonly topic: string;
  readonly scheduler: SchedulerLike;
  makeRef(): string;
  joinRef(): string | null;
  /** Sends now; throws a RealtimeError when the message cannot be framed. */
  pushFrame(msg: PhoenixMessage): void;
}

/**
 * A channel's pushes: sent at once while joined, buffered (at most 100, oldest dropped) until the
 * join otherwise; each answered by the reply with its ref or by its timeout, started when the push
 * is made (as Phoenix does, buffered or not). Cancelling a push clears its timer.
 */
export class PushQueue {
  // Replaced rather than emptied in place, and the map made on first use: an idle channel then
  // keeps no backing store (about 600 B per channel in `npm run bench`).
  #buffer: Pending[] | null = null;
  #waiting: Map<string, Pending> | null = null;

  constructor(private readonly target: PushTarget) {}

  /** Pushes waiting (buffered or for a reply), for leak checks. */
  get size(): number {
    return (this.#buffer?.length ?? 0) + (this.#waiting?.size ?? 0);
  }

  /**
   * Makes a push; returns its cancel function. `canSend` says whether to send now or buffer.
   * Throws (from `send`) when sent at once and the message cannot be framed.
   */
  push(
    event: string,
    payload: unknown,
    timeoutMs: number,
    canSend: boolean,
    done: (outcome: PushOutcome) => void,
    ref?: string,
  ): () => void {
    const pending: Pending = { event, payload, done, ref: ref ?? null, timer: null };
    pending.timer = this.target.scheduler.schedule(
      () => this.#settle(pending, { status: 'timeout', response: {} }),
      timeoutMs,
    );
    if (canSend) {
      try {
        this.#send(pending);
      } catch (error) {
        this.#forget(pending);
        throw error;
      }
    } else {
      const buffer = (this.#buffer ??= []);
      buffer.push(pending);
      if (buffer.length > MAX_PUSH_BUFFER_SIZE) {
        const dropped = buffer.shift()!;
        this.#settle(dropped, { status: 'timeout', response: {} });
      }
    }
    return () => this.#forget(pending);
  }

  /** Sends every buffered push (after a join); framing failures settle that push as an error. */
  flush(): void {
    const buffered = this.#buffer ?? [];
    this.#buffer = null;
    for (const pending of buffered) {
      try {
        this.#send(pending);
      } catch (error) {
        this.#settle(pending, { status: 'error', response: { error } });
      }
    }
  }

  /** Routes a `phx_reply`; returns whether it was for one of these pushes. */
  reply(ref: string | null, payload: any): boolean {
    const pending = ref === null ? undefined : this.#waiting?.get(ref);
    if (!pending) return false;
    const status = payload?.status === 'ok' ? 'ok' : 'error';
    this.#settle(pending, { status, response: payload?.response ?? {} });
    return true;
  }

  /** Answers every push with a timeout now (the channel is being removed). */
  clear(): void {
    for (const pending of [...(this.#buffer ?? []), ...(this.#waiting?.values() ?? [])]) {
      this.#settle(pending, { status: 'timeout', response: {} });
    }
  }

  #send(pending: Pending): void {
    const ref = pending.ref ?? this.target.makeRef();
    // Waiting before the frame goes out: a (fake) server may answer inside send().
    pending.ref = ref;
    (this.#waiting ??= new Map()).set(ref, pending);
    try {
      this.target.pushFrame({
        join_ref: this.target.joinRef(),
        ref,
        topic: this.target.topic,
        event: pending.event,
        payload: pending.payload,
      });
    } catch (error) {
      this.#unwait(ref);
      throw error;
    }
  }

  #settle(pending: Pending, outcome: PushOutcome): void {
    if (!this.#forget(pending)) return;
    pending.done(outcome);
  }

  /** Removes a push from the queue; false when it was already settled. */
  #forget(pending: Pending): boolean {
    if (pending.timer === null) return false;
    pending.timer.unsubscribe();
    pending.timer = null;
    if (pending.ref !== null) this.#unwait(pending.ref);
    if (this.#buffer?.includes(pending)) {
      this.#buffer = this.#buffer.filter((p) => p !== pending);
      if (this.#buffer.length === 0) this.#buffer = null;
    }
    return true;
  }

  #unwait(ref: string): void {
    this.#waiting?.delete(ref);
    if (this.#waiting?.size === 0) this.#waiting = null;
  }
}

/**
 * A push as a cold Observable: made on subscribe, one outcome then complete, cancelled (timer
 * cleared) on unsubscribe. A push that cannot be framed errors with its RealtimeError.
 */
export function push$(
  make: (done: (outcome: PushOutcome) => void) => () => void,
): Observable<PushOutcome> {
  return new Observable<PushOutcome>((subscriber) => {
    let cancel: (() => void) | undefined;
    try {
      cancel = make((outcome) => {
        subscriber.next(outcome);
        subscriber.complete();
      });
    } catch (error) {
      subscriber.error(error);
    }
    return () => cancel?.();
  });
}
