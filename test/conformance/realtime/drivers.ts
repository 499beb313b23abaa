import { createClient as createOfficial } from '@supabase/supabase-js';
import { firstValueFrom, isObservable, type Observable, type Subscription } from 'rxjs';
import ws from 'ws';
import { createClient as createRx } from 'supabase-rx';

/**
 * One set of realtime calls, written once, driven through realtime-js 2.119 (via supabase-js) or
 * supabase-rx. Listeners are registered first and joined by `subscribe()`, which resolves on the
 * first status; every wait is bounded.
 */

export type Listener =
  | { type: 'broadcast'; filter: { event: string } }
  | { type: 'presence'; filter: { event: 'sync' | 'join' | 'leave' } }
  | { type: 'postgres_changes'; filter: Record<string, string> }
  | { type: 'system'; filter: Record<string, never> };

export interface DriverChannel {
  /** Registers a listener; what it is handed goes to `received` as `[label, payload]`. */
  on(label: string, listener: Listener): DriverChannel;
  /** Joins with every listener registered so far; resolves with the first status. */
  subscribe(): Promise<string>;
  send(args: Record<string, unknown>): Promise<string>;
  httpSend(event: string, payload: unknown): Promise<unknown>;
  track(payload: Record<string, unknown>): Promise<string>;
  untrack(): Promise<string>;
  /** Leaves (realtime-js `unsubscribe()`, supabase-rx `removeChannel`). */
  leave(): Promise<string>;
  presenceState(): unknown;
  received: [string, unknown][];
  /** Resolves with the first received payload under `label` that matches; bounded. */
  waitFor(label: string, what: string, match?: (p: any) => boolean, ms?: number): Promise<any>;
}

export interface Driver {
  name: 'realtime-js' | 'supabase-rx';
  channel(name: string, opts?: Record<string, unknown>): DriverChannel;
  setAuth(token: string): Promise<void>;
  close(): Promise<void>;
}

export interface DriverOptions {
  vsn?: '1.0.0' | '2.0.0';
  /** The API key (default `KEY`). */
  key?: string;
  /**
   * The fixed token the `accessToken` option returns (default 'user-jwt-1'); `null`: no such
   * option, so the socket uses the API key, as a signed-out client does.
   */
  token?: string | null;
  heartbeatIntervalMs?: number;
}

export const KEY = 'anon';

/** Makes a driver on a server URL. */
export type DriverFactory = (url: string, opts?: DriverOptions) => Driver;

/** Both clients, by name. */
export const DRIVERS: [Driver['name'], DriverFactory][] = [
  ['realtime-js', (url, opts) => jsDriver(url, opts)],
  ['supabase-rx', (url, opts) => rxDriver(url, opts)],
];

/**
 * Lets the clients' start-up settle: supabase-js hands the `accessToken` result to realtime a few
 * microtasks after `createClient`, so a channel joined at once would carry no token (§4.14).
 */
export const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
const BOUND_MS = 3000;

/** Rejects after `ms` naming `what`, so no call can hang a test. */
export function bounded<T>(what: string, p: Promise<T>, ms = BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** A received list that wakes waiters as payloads arrive. */
function inbox() {
  const received: [string, unknown][] = [];
  let waiters: (() => void)[] = [];
  return {
    received,
    push(label: string, p: unknown) {
      received.push([label, p]);
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    },
    waitFor(label: string, what: string, match: (p: any) => boolean = () => true, ms = BOUND_MS) {
      return bounded(
        `${what} (got ${JSON.stringify(received.map(([l]) => l))})`,
        new Promise<any>((resolve) => {
          const check = () => {
            const hit = received.find(([l, p]) => l === label && match(p));
            if (hit) resolve(hit[1]);
            else waiters.push(check);
          };
          check();
        }),
        ms,
      );
    },
  };
}

/** The `accessToken` option for a driver's token setting. */
function tokenOption(opts: DriverOptions) {
  if (opts.token === null) return {};
  const token = opts.token ?? 'user-jwt-1';
  return { accessToken: async () => token };
}

/** supabase-js's client with a fixed access token, on the given server. */
export function jsDriver(url: string, opts: DriverOptions = {}): Driver {
  const sb = createOfficial(url, opts.key ?? KEY, {
    ...tokenOption(opts),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: {
      transport: ws as never,
      ...(opts.vsn ? { vsn: opts.vsn } : {}),
      ...(opts.heartbeatIntervalMs ? { heartbeatIntervalMs: opts.heartbeatIntervalMs } : {}),
    },
  });
  return {
    name: 'realtime-js',
    channel(name, chOpts) {
      const ch = sb.channel(name, chOpts as never);
      const box = inbox();
      const self: DriverChannel = {
        received: box.received,
        waitFor: box.waitFor,
        on(label, l) {
          (ch.on as any)(l.type, l.filter, (p: unknown) => box.push(label, p));
          return self;
        },
        subscribe: () =>
          bounded(
            `realtime-js ${name} subscribe`,
            // As for supabase-rx: CLOSED is not the join's answer (realtime-js reports it first
            // when it leaves over mismatched bindings, then CHANNEL_ERROR).
            new Promise<string>((resolve) =>
              ch.subscribe((status) => {
                if (status !== 'CLOSED') resolve(status);
              }),
            ),
          ),
        send: (args) => bounded('realtime-js send', ch.send(args as never)),
        httpSend: (event, payload) => bounded('realtime-js httpSend', ch.httpSend(event, payload)),
        track: (p) => bounded('realtime-js track', ch.track(p)),
        untrack: () => bounded('realtime-js untrack', ch.untrack()),
        leave: () => bounded('realtime-js unsubscribe', ch.unsubscribe()),
        presenceState: () => ch.presenceState(),
      };
      return self;
    },
    setAuth: (t) => bounded('realtime-js setAuth', sb.realtime.setAuth(t)),
    async close() {
      await bounded('realtime-js removeAllChannels', sb.removeAllChannels());
      sb.realtime.disconnect();
    },
  };
}

/** A cold Observable (or a promise, whichever the SDK gives) settled with a bound. */
function settle<T>(what: string, value: Observable<T> | PromiseLike<T> | T): Promise<T> {
  if (isObservable(value)) return bounded(what, firstValueFrom(value));
  return bounded(what, Promise.resolve(value));
}

/** supabase-rx's client, configured as `jsDriver`'s, with no grace period before leaving. */
export function rxDriver(url: string, opts: DriverOptions = {}): Driver {
  const sb: any = createRx(url, opts.key ?? KEY, {
    ...tokenOption(opts),
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: {
      transport: ws as any,
      graceMs: 0,
      ...(opts.vsn ? { vsn: opts.vsn } : {}),
      ...(opts.heartbeatIntervalMs ? { heartbeatIntervalMs: opts.heartbeatIntervalMs } : {}),
    },
  });
  const subs: Subscription[] = [];
  return {
    name: 'supabase-rx',
    channel(name, chOpts) {
      const ch = sb.channel(name, chOpts);
      const box = inbox();
      const pending: [string, Listener][] = [];
      const self: DriverChannel = {
        received: box.received,
        waitFor: box.waitFor,
        on(label, l) {
          pending.push([label, l]);
          return self;
        },
        subscribe() {
          const status = new Promise<string>((resolve) => {
            // status$ is replayed: an initial CLOSED (never joined) is not the join's answer.
            subs.push(
              ch.status$.subscribe((s: { status: string }) => {
                if (s.status !== 'CLOSED') resolve(s.status);
              }),
            );
          });
          // All in one tick: the join carries every binding, as realtime-js's does.
          for (const [label, l] of pending) {
            const stream: Observable<unknown> =
              l.type === 'system' ? ch.on('system') : ch.on(l.type, l.filter);
            subs.push(stream.subscribe((p) => box.push(label, p)));
          }
          return bounded(`supabase-rx ${name} status$`, status);
        },
        send: (args) => settle('supabase-rx send', ch.send(args)),
        httpSend: (event, payload) => settle('supabase-rx httpSend', ch.httpSend(event, payload)),
        track: (p) => settle('supabase-rx track', ch.track(p)),
        untrack: () => settle('supabase-rx untrack', ch.untrack()),
        leave: () => settle('supabase-rx removeChannel', sb.removeChannel(ch)),
        presenceState: () => ch.presenceState(),
      };
      return self;
    },
    setAuth: async (t) => {
      await settle('supabase-rx setAuth', sb.realtime.setAuth(t));
    },
    async close() {
      for (const s of subs) s.unsubscribe();
      await settle('supabase-rx removeAllChannels', sb.removeAllChannels()).catch(() => undefined);
      sb.realtime.disconnect?.();
    },
  };
}
