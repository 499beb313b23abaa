import { randomBytes } from 'node:crypto';

/** One tracked presence: the client's payload plus Phoenix's refs. */
export type PresenceMeta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string };

/** Phoenix presence state: key → metas. */
export type PresenceState = Record<string, { metas: PresenceMeta[] }>;

/** A `presence_diff` payload. */
export interface PresenceDiff {
  joins: PresenceState;
  leaves: PresenceState;
}

interface Entry {
  key: string;
  payload: Record<string, unknown>;
  meta: PresenceMeta;
}

// Phoenix.Tracker refs are short opaque base64 strings.
function newRef(): string {
  return randomBytes(9).toString('base64');
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The presences of one topic, one entry per joined channel (its owner), as Phoenix.Tracker keeps
 * them. Each change returns the diff to broadcast, or `undefined` when nothing changed.
 *
 * @example
 * ```ts
 * const room = new PresenceTopic();
 * room.track('chan-1', 'ada', { online_at: 'now' }); // { joins: { ada: { metas: [{ phx_ref, online_at }] } }, leaves: {} }
 * room.state(); // { ada: { metas: [...] } }
 * ```
 */
export class PresenceTopic {
  readonly #entries = new Map<string, Entry>();

  /** Number of tracked presences. */
  get size(): number {
    return this.#entries.size;
  }

  /** The whole state, as `presence_state` carries it. */
  state(): PresenceState {
    const out: PresenceState = {};
    for (const { key, meta } of this.#entries.values()) {
      (out[key] ??= { metas: [] }).metas.push(meta);
    }
    return out;
  }

  /**
   * Tracks (or updates) the owner's presence. An update leaves the old meta and joins the new one,
   * which names the old ref in `phx_ref_prev`; an identical payload changes nothing.
   */
  track(owner: string, key: string, payload: Record<string, unknown>): PresenceDiff | undefined {
    const previous = this.#entries.get(owner);
    if (previous && previous.key === key && sameJson(previous.payload, payload)) return undefined;
    const meta: PresenceMeta = { ...payload, phx_ref: newRef() };
    if (previous) meta.phx_ref_prev = previous.meta.phx_ref;
    this.#entries.set(owner, { key, payload, meta });
    const diff: PresenceDiff = { joins: { [key]: { metas: [meta] } }, leaves: {} };
    if (previous) diff.leaves[previous.key] = { metas: [previous.meta] };
    return diff;
  }

  /** Removes the owner's presence (untrack, leave, socket gone). */
  untrack(owner: string): PresenceDiff | undefined {
    const previous = this.#entries.get(owner);
    if (!previous) return undefined;
    this.#entries.delete(owner);
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } };
  }
}
