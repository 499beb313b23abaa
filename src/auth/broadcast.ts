import type { AuthChangeEvent, Session } from './types.js';

/** A message relayed between tabs. */
interface TabMessage {
  event: Exclude<AuthChangeEvent, 'INITIAL_SESSION'>;
  session: Session | null;
}

/**
 * Keeps tabs in step: a `BroadcastChannel` named after the storage key relays `{ event, session }`
 * (as supabase-js does). Only in browsers with persistence, where tabs share the stored session.
 *
 * @example
 * ```ts
 * const tabs = TabSync.open('sb-x-auth-token', (event, session) => store.set(session, event));
 * tabs?.post('SIGNED_OUT', null);
 * ```
 */
export class TabSync {
  #relaying = false;

  private constructor(private readonly channel: BroadcastChannel) {}

  /** Opens the channel, or returns `null` where there is none (Node, old browsers). */
  static open(
    name: string,
    onMessage: (event: TabMessage['event'], session: Session | null) => void,
  ): TabSync | null {
    const g = globalThis as {
      BroadcastChannel?: typeof BroadcastChannel;
      window?: unknown;
      document?: unknown;
    };
    if (typeof g.BroadcastChannel !== 'function' || !g.window || !g.document) return null;
    let channel: BroadcastChannel;
    try {
      channel = new g.BroadcastChannel(name);
    } catch {
      return null;
    }
    const sync = new TabSync(channel);
    channel.addEventListener('message', (e: MessageEvent<TabMessage>) => {
      if (!e.data || typeof e.data.event !== 'string') return;
      // A change that came from another tab is applied here but not sent back out.
      sync.#relaying = true;
      try {
        onMessage(e.data.event, e.data.session ?? null);
      } finally {
        sync.#relaying = false;
      }
    });
    return sync;
  }

  /** Tells the other tabs. */
  post(event: AuthChangeEvent, session: Session | null): void {
    if (this.#relaying || event === 'INITIAL_SESSION') return;
    try {
      this.channel.postMessage({ event, session });
    } catch {
      // A closed channel or an uncloneable session must not break the local change.
    }
  }

  /** Closes the channel. */
  close(): void {
    this.channel.close();
  }
}
