import { isPostgresChangeMessage, toPostgresChangePayload } from './postgres-change.js';
import {
  isSamePostgresBinding,
  matchesPostgresBinding,
  type BindingId,
  type PostgresBinding,
} from './postgres-filter.js';

// One empty list for every channel without postgres_changes bindings.
const NO_POSTGRES: readonly PostgresBinding[] = Object.freeze([]);

/** The listen types of `channel.on(type, filter)`. */
export type ListenType = 'broadcast' | 'presence' | 'postgres_changes' | 'system';

/** One subscribed stream of a channel: what it listens to, and where its payloads go. */
export interface Binding {
  readonly type: ListenType;
  /** Broadcast/presence event (`*` for all); the change event for postgres_changes. */
  readonly event: string;
  readonly postgres?: PostgresBinding;
  /** The server's id for a postgres_changes binding, from the last join reply. */
  id: BindingId | undefined;
  readonly next: (payload: unknown) => void;
  /** The channel was removed: the stream ends. */
  readonly complete: () => void;
}

/**
 * The bindings of a channel and the routing of its messages, as realtime-js routes them:
 * broadcast and presence by event (case-insensitive, `*` for all), postgres_changes by the server
 * ids of the last join, system to every system binding.
 */
export class Bindings {
  #list: Binding[] = [];
  #sent: readonly PostgresBinding[] = NO_POSTGRES;
  #ids: readonly BindingId[] | undefined;

  get size(): number {
    return this.#list.length;
  }

  add(binding: Binding): void {
    if (binding.postgres) binding.id = this.#idOf(binding.postgres);
    this.#list = [...this.#list, binding];
  }

  remove(binding: Binding): void {
    this.#list = this.#list.filter((b) => b !== binding);
  }

  /** Ends every binding's stream (the channel was removed). */
  completeAll(): void {
    const list = this.#list;
    this.#list = [];
    for (const b of list) b.complete();
  }

  /** Whether a presence stream is subscribed (the join then asks for presence). */
  hasPresence(): boolean {
    return this.#list.some((b) => b.type === 'presence');
  }

  /** The postgres_changes bindings for the join payload: registration order, duplicates once. */
  postgres(): readonly PostgresBinding[] {
    const out: PostgresBinding[] = [];
    for (const b of this.#list) {
      if (b.postgres && !out.some((p) => isSamePostgresBinding(p, b.postgres!)))
        out.push(b.postgres);
    }
    return out.length > 0 ? out : NO_POSTGRES;
  }

  /** Whether a postgres_changes binding is missing from what the last join sent. */
  missingFrom(sent: readonly PostgresBinding[]): boolean {
    return this.#list.some(
      (b) => b.postgres !== undefined && !sent.some((p) => isSamePostgresBinding(p, b.postgres!)),
    );
  }

  /** Gives each postgres_changes binding the id the server echoed for its filter. */
  assignIds(sent: readonly PostgresBinding[], ids: readonly BindingId[] | undefined): void {
    this.#sent = sent;
    this.#ids = ids;
    for (const b of this.#list) if (b.postgres) b.id = this.#idOf(b.postgres);
  }

  // A binding re-added while joined (resubscribed) finds its id from the last join.
  #idOf(postgres: PostgresBinding): BindingId | undefined {
    const i = this.#sent.findIndex((p) => isSamePostgresBinding(p, postgres));
    return i >= 0 && this.#ids ? this.#ids[i] : undefined;
  }

  /** Hands a message to the bindings it is for. Throws a RealtimeError on a malformed change. */
  dispatch(event: string, payload: any): void {
    const list = this.#list;
    if (event === 'postgres_changes') {
      if (!isPostgresChangeMessage(payload)) return;
      let converted: unknown;
      for (const b of list) {
        if (b.type !== 'postgres_changes' || !matchesPostgresBinding(b, payload)) continue;
        converted ??= toPostgresChangePayload(payload.data as never);
        b.next(converted);
      }
      return;
    }
    if (event === 'system') {
      for (const b of list) if (b.type === 'system') b.next(payload);
      return;
    }
    if (event !== 'broadcast' && event !== 'presence') return;
    const name: unknown = payload?.event;
    if (typeof name !== 'string') {
      for (const b of list) if (b.type === event && b.event === '*') b.next(payload);
      return;
    }
    let lower: string | undefined;
    for (const b of list) {
      if (b.type !== event) continue;
      // Exact first: the case-insensitive match (realtime-js's rule) allocates, so only on a miss.
      if (
        b.event === '*' ||
        b.event === name ||
        b.event.toLowerCase() === (lower ??= name.toLowerCase())
      ) {
        b.next(payload);
      }
    }
  }
}
