import {
  Subscription,
  asyncScheduler,
  type Observable,
  type SchedulerAction,
  type SchedulerLike,
} from 'rxjs';
import WebSocket from 'ws';
import type { ChannelStatus, WebSocketConstructor } from 'supabase-rx/realtime';

/**
 * Fault-test tools: a logical clock that orders what the test saw (sends, commits, statuses,
 * kills) in the one JS thread, a recording `ws` transport, per-channel recorders, and bounded
 * waits on events.
 */

let now = 0;
/** The next instant of the test's logical clock. */
export const tick = () => ++now;

/** Wakes bounded waits whenever something they may be waiting for happened. */
export class Signal {
  readonly #checks = new Set<() => void>();

  notify(): void {
    for (const check of [...this.#checks]) check();
  }

  /** Resolves once `ready()` holds (checked now and at each notify); rejects after `ms` naming `what`. */
  until(what: string, ready: () => boolean, ms = 10_000): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#checks.delete(check);
      };
      const check = () => {
        if (!ready()) return;
        done();
        resolve();
      };
      const timer = setTimeout(
        () => (done(), reject(new Error(`${what}: not within ${ms} ms`))),
        ms,
      );
      this.#checks.add(check);
    });
  }
}

/** Rejects after `ms` naming `what`, so no await can hang a test. */
export function bounded<T>(what: string, p: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** A text frame the client sent (vsn 2.0.0 array form); binary frames are `event: 'binary'`. */
export interface SentFrame {
  topic: string;
  event: string;
  at: number;
}

/** One WebSocket the client made. */
export interface RecordedSocket {
  readonly ws: WebSocket;
  readonly sent: SentFrame[];
  /** Logical time of `open`, or null if it never opened (a refused reconnect). */
  openedAt: number | null;
  closedAt: number | null;
  readonly closed: Promise<void>;
  /** Frames that arrived while asleep, as text: read off the wire, handed to no one. */
  readonly unread: string[];
  /** From now on frames arriving are kept in `unread` instead of reaching the client. */
  sleep(): void;
  /** Hands the `unread` frames to whatever listens to the socket now, then works as before. */
  wake(): void;
}

/** A `ws` subclass for the `transport` option that records every instance and frame sent. */
export function recordingTransport(signal: Signal) {
  const sockets: RecordedSocket[] = [];
  class RecordingWebSocket extends WebSocket {
    readonly record: RecordedSocket;
    #asleep: unknown[][] | null = null;
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const record: RecordedSocket = {
        ws: this,
        sent: [],
        openedAt: null,
        closedAt: null,
        closed: new Promise((resolve) =>
          this.once('close', () => {
            record.closedAt = tick();
            resolve();
            signal.notify();
          }),
        ),
        unread: [],
        sleep: () => {
          this.#asleep = [];
        },
        wake: () => {
          const held = this.#asleep ?? [];
          this.#asleep = null;
          for (const args of held) super.emit('message', ...args);
        },
      };
      this.record = record;
      this.once('open', () => {
        record.openedAt = tick();
        signal.notify();
      });
      sockets.push(record);
    }

    // Asleep, a frame is read (so the test can see it came) but reaches none of the client's
    // handlers, as for a laptop that stopped running.
    override emit(event: string | symbol, ...args: any[]): boolean {
      if (event !== 'message' || this.#asleep === null) return super.emit(event, ...args);
      this.#asleep.push(args);
      this.record.unread.push(String(args[0]));
      signal.notify();
      return true;
    }

    override send(data: any, ...rest: any[]): void {
      if (typeof data === 'string') {
        const [, , topic, event] = JSON.parse(data) as [unknown, unknown, string, string];
        this.record.sent.push({ topic, event, at: tick() });
      } else this.record.sent.push({ topic: '', event: 'binary', at: tick() });
      super.send(data, ...(rest as []));
    }
  }
  return {
    // ws's event types are richer than the structural WebSocketLike the option names.
    transport: RecordingWebSocket as unknown as WebSocketConstructor,
    sockets,
    opened: () => sockets.filter((s) => s.openedAt !== null),
    open: () => sockets.filter((s) => s.ws.readyState === WebSocket.OPEN),
  };
}

export type RecordingTransport = ReturnType<typeof recordingTransport>;

/** `phx_join`s per topic on each socket that opened: `[{ topic: count }, …]`. */
export function joinsPerSocket(t: RecordingTransport): Record<string, number>[] {
  return t.opened().map((s) => {
    const joins: Record<string, number> = {};
    for (const f of s.sent) if (f.event === 'phx_join') joins[f.topic] = (joins[f.topic] ?? 0) + 1;
    return joins;
  });
}

/** What one stream of a channel did: values with their logical time, and whether it ended. */
export class StreamRecord<T> {
  readonly values: { value: T; at: number }[] = [];
  error: unknown = undefined;
  completed = false;
  readonly subscription: Subscription;

  constructor(stream: Observable<T>, signal: Signal) {
    this.subscription = stream.subscribe({
      next: (value) => {
        this.values.push({ value, at: tick() });
        signal.notify();
      },
      error: (e: unknown) => {
        this.error = e ?? new Error('errored');
        signal.notify();
      },
      complete: () => {
        this.completed = true;
        signal.notify();
      },
    });
  }

  get ended(): boolean {
    return this.completed || this.error !== undefined;
  }
}

/** The statuses of a channel, as recorded. */
export const statusNames = (r: StreamRecord<ChannelStatus>) => r.values.map((v) => v.value.status);

/** Whether the channel's latest status is SUBSCRIBED, reached after logical time `after`. */
export function subscribedSince(r: StreamRecord<ChannelStatus>, after: number): boolean {
  const last = r.values.at(-1);
  return last !== undefined && last.value.status === 'SUBSCRIBED' && last.at > after;
}

/**
 * A scheduler whose actions of one delay (give the client a heartbeat interval no other timer
 * uses) wait until `fire()`: the test decides when a heartbeat period has passed, so a busy
 * machine cannot make a heartbeat time out early. Every other delay runs on `asyncScheduler`.
 */
export class HeldInterval implements SchedulerLike {
  readonly #held = new Set<() => void>();

  constructor(readonly delay: number) {}

  now(): number {
    return asyncScheduler.now();
  }

  schedule<T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay = 0,
    state?: T,
  ): Subscription {
    if (delay !== this.delay) return asyncScheduler.schedule(work, delay, state);
    const run = () => {
      action.unsubscribe();
      work.call(action as SchedulerAction<T>, state);
    };
    const action = new Subscription(() => this.#held.delete(run));
    this.#held.add(run);
    return action;
  }

  /** How many actions wait for the interval. */
  get held(): number {
    return this.#held.size;
  }

  /** The interval elapsed: runs what waited for it (not what those schedule in turn). */
  fire(): void {
    for (const run of [...this.#held]) run();
  }
}
