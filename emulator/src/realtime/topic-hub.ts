import type { Broadcast } from './frames.js';
import type { PresenceDiff } from './presence.js';
import { PresenceTopic } from './presence.js';

/** What the hub needs of a joined channel to deliver to it. */
export interface HubMember {
  /** Unique per join (owner of its presence). */
  readonly id: string;
  deliverBroadcast(broadcast: Broadcast): void;
  deliverPresenceDiff(diff: PresenceDiff): void;
}

/**
 * Realtime keeps public and private channels of the same name apart (a message sent to the
 * private `room1` never reaches public `room1` subscribers): members are grouped by both.
 */
export function hubKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}:${subTopic}`;
}

/**
 * Who is joined to which topic, and each topic's presences: the fan-out point of broadcasts (from
 * sockets and from the REST API) and of presence diffs.
 *
 * @example
 * ```ts
 * const hub = new TopicHub();
 * hub.add(hubKey('room1', false), member);
 * hub.broadcast(hubKey('room1', false), { event: 'cursor', payload: { x: 1 }, binaryFrame: false });
 * ```
 */
export class TopicHub {
  readonly #members = new Map<string, Set<HubMember>>();
  readonly #presence = new Map<string, PresenceTopic>();

  add(key: string, member: HubMember): void {
    let set = this.#members.get(key);
    if (!set) this.#members.set(key, (set = new Set()));
    set.add(member);
  }

  remove(key: string, member: HubMember): void {
    const set = this.#members.get(key);
    if (!set) return;
    set.delete(member);
    if (set.size === 0) this.#members.delete(key);
  }

  /** Delivers to every member of the topic except `except` (the sender without `self`). */
  broadcast(key: string, broadcast: Broadcast, except?: HubMember): void {
    for (const member of [...(this.#members.get(key) ?? [])]) {
      if (member !== except) member.deliverBroadcast(broadcast);
    }
  }

  /** The topic's presences (created on first use, dropped when empty). */
  presence(key: string): PresenceTopic {
    let topic = this.#presence.get(key);
    if (!topic) this.#presence.set(key, (topic = new PresenceTopic()));
    return topic;
  }

  /** Sends a presence diff to every member of the topic. */
  presenceDiff(key: string, diff: PresenceDiff | undefined): void {
    const topic = this.#presence.get(key);
    if (topic && topic.size === 0) this.#presence.delete(key);
    if (!diff) return;
    for (const member of [...(this.#members.get(key) ?? [])]) member.deliverPresenceDiff(diff);
  }

  /** Counts, for tests and leak checks. */
  stats(): { topics: number; members: number; presenceTopics: number } {
    let members = 0;
    for (const set of this.#members.values()) members += set.size;
    return { topics: this.#members.size, members, presenceTopics: this.#presence.size };
  }
}
