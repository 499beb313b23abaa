import { invalid } from './frame-checks.js';

/** One tracked presence as the server sends it: `phx_ref` plus the tracked fields. */
export interface PresenceMeta {
  readonly phx_ref: string;
  readonly phx_ref_prev?: string;
  readonly [field: string]: unknown;
}

/** A key's entry in the Phoenix presence state. */
export interface PresenceEntry {
  readonly metas: readonly PresenceMeta[];
}

/** Phoenix presence state: key → entry. Never mutated here; every sync returns a new one. */
export type PresenceState = Readonly<Record<string, PresenceEntry>>;

/** A `presence_diff` payload. */
export interface PresenceDiff {
  readonly joins?: PresenceState;
  readonly leaves?: PresenceState;
}

/** A join as Phoenix reports it: the entry before (if any) and the joined metas. */
export interface PresenceJoin {
  readonly key: string;
  readonly current: PresenceEntry | undefined;
  readonly joined: PresenceEntry;
}

/** A leave as Phoenix reports it: the entry after removal and the left metas. */
export interface PresenceLeave {
  readonly key: string;
  readonly current: PresenceEntry;
  readonly left: PresenceEntry;
}

/**
 * Everything a sync did to one key, in one piece: a `track()` update (old meta left, new meta with
 * `phx_ref_prev` joined) is one `changed` entry, not a join and a leave.
 */
export interface PresenceChange {
  readonly key: string;
  readonly kind: 'joined' | 'left' | 'changed';
  readonly before: readonly PresenceMeta[];
  readonly after: readonly PresenceMeta[];
}

/** The outcome of a sync: the new state and, in Phoenix's callback order, the joins and leaves. */
export interface PresenceSyncResult {
  readonly state: PresenceState;
  readonly joins: readonly PresenceJoin[];
  readonly leaves: readonly PresenceLeave[];
  readonly changes: readonly PresenceChange[];
}

/** A presence as realtime-js hands it over: the tracked fields plus `presence_ref`. */
export type Presence<T extends Record<string, unknown> = Record<string, any>> = T & {
  presence_ref: string;
};

/** realtime-js's `presenceState()` shape: key → presences. */
export type PresenceStateView<T extends Record<string, unknown> = Record<string, any>> = Record<
  string,
  Presence<T>[]
>;

/** The payloads realtime-js emits as `presence` events. */
export type PresenceEvent<T extends Record<string, unknown> = Record<string, any>> =
  | { event: 'join'; key: string; currentPresences: Presence<T>[]; newPresences: Presence<T>[] }
  | { event: 'leave'; key: string; currentPresences: Presence<T>[]; leftPresences: Presence<T>[] }
  | { event: 'sync' };

/** The state before any `presence_state`. */
export const EMPTY_PRESENCE_STATE: PresenceState = Object.freeze(Object.create(null));

/**
 * Replaces the local state by a server `presence_state`: what is new there joins, what is missing
 * leaves (compared by `phx_ref`), applied as one diff. Inputs are left untouched.
 *
 * @example
 * ```ts
 * const { state, joins } = syncState(EMPTY_PRESENCE_STATE, { me: { metas: [{ phx_ref: 'F1' }] } });
 * ```
 */
export function syncState(state: PresenceState, newState: PresenceState): PresenceSyncResult {
  const joins: Record<string, PresenceEntry> = Object.create(null);
  const leaves: Record<string, PresenceEntry> = Object.create(null);
  for (const key of keys(state)) {
    if (!own(newState, key)) leaves[key] = entry(state, key);
  }
  for (const key of keys(newState)) {
    const incoming = entry(newState, key);
    const current = own(state, key) ? entry(state, key) : undefined;
    if (!current) {
      joins[key] = incoming;
      continue;
    }
    const joined = without(incoming.metas, refs(current.metas));
    const left = without(current.metas, refs(incoming.metas));
    if (joined.length > 0) joins[key] = { ...incoming, metas: joined };
    if (left.length > 0) leaves[key] = { ...current, metas: left };
  }
  return syncDiff(state, { joins, leaves });
}

/**
 * Applies a server `presence_diff`: joined metas replace a key's entry, keeping its other metas
 * in front; left metas are removed and a key with none left is dropped. Inputs are left untouched.
 *
 * @example
 * ```ts
 * const { state } = syncDiff(prev, { joins: {}, leaves: { other: { metas: [{ phx_ref: 'F2' }] } } });
 * ```
 */
export function syncDiff(state: PresenceState, diff: PresenceDiff): PresenceSyncResult {
  const next: Record<string, PresenceEntry> = Object.assign(Object.create(null), state);
  const joinsIn = diff?.joins ?? {};
  const leavesIn = diff?.leaves ?? {};
  const joins: PresenceJoin[] = [];
  const leaves: PresenceLeave[] = [];
  const before = new Map<string, readonly PresenceMeta[]>();
  const touch = (key: string) => {
    if (!before.has(key)) before.set(key, own(next, key) ? next[key].metas : []);
  };

  for (const key of keys(joinsIn)) {
    const joined = entry(joinsIn, key);
    const current = own(next, key) ? next[key] : undefined;
    touch(key);
    const kept = current ? without(current.metas, refs(joined.metas)) : [];
    next[key] = { ...joined, metas: [...kept, ...joined.metas] };
    joins.push({ key, current, joined });
  }
  for (const key of keys(leavesIn)) {
    const left = entry(leavesIn, key);
    if (!own(next, key)) continue;
    touch(key);
    const current = { ...next[key], metas: without(next[key].metas, refs(left.metas)) };
    leaves.push({ key, current, left });
    if (current.metas.length === 0) delete next[key];
    else next[key] = current;
  }

  const changes = [...before].map(([key, was]): PresenceChange => {
    const now = own(next, key) ? next[key].metas : [];
    const kind = was.length === 0 ? 'joined' : now.length === 0 ? 'left' : 'changed';
    return { key, kind, before: was, after: now };
  });
  return { state: next, joins, leaves, changes };
}

/**
 * realtime-js's `presenceState()` of a state: key → copies of the metas with `phx_ref` renamed
 * `presence_ref` (moved last) and `phx_ref_prev` dropped.
 *
 * @example
 * ```ts
 * presenceStateView({ me: { metas: [{ phx_ref: 'F1', name: 'a' }] } }); // { me: [{ name: 'a', presence_ref: 'F1' }] }
 * ```
 */
export function presenceStateView(state: PresenceState): PresenceStateView {
  const view: PresenceStateView = {};
  for (const key of keys(state)) define(view, key, toPresences(entry(state, key)));
  return view;
}

/**
 * The `presence` event payloads realtime-js emits for a sync, in its order: every join, then
 * every leave (the caller adds `{ event: 'sync' }` after them).
 *
 * @example
 * ```ts
 * presenceEvents(syncDiff(state, diff)); // [{ event: 'join', key, currentPresences, newPresences }, …]
 * ```
 */
export function presenceEvents(result: PresenceSyncResult): PresenceEvent[] {
  return [...result.joins.map(presenceJoinEvent), ...result.leaves.map(presenceLeaveEvent)];
}

/**
 * The realtime-js `join` event of one join.
 *
 * @example
 * ```ts
 * presenceJoinEvent(result.joins[0]); // { event: 'join', key: 'me', currentPresences: [], newPresences: [...] }
 * ```
 */
export function presenceJoinEvent(join: PresenceJoin): PresenceEvent {
  return {
    event: 'join',
    key: join.key,
    currentPresences: join.current ? toPresences(join.current) : [],
    newPresences: toPresences(join.joined),
  };
}

/**
 * The realtime-js `leave` event of one leave.
 *
 * @example
 * ```ts
 * presenceLeaveEvent(result.leaves[0]); // { event: 'leave', key: 'other', currentPresences: [], leftPresences: [...] }
 * ```
 */
export function presenceLeaveEvent(leave: PresenceLeave): PresenceEvent {
  return {
    event: 'leave',
    key: leave.key,
    currentPresences: toPresences(leave.current),
    leftPresences: toPresences(leave.left),
  };
}

function toPresences(presence: PresenceEntry): Presence[] {
  return presence.metas.map((meta) => {
    const out: Record<string, unknown> = {};
    for (const field of Object.keys(meta)) {
      if (field !== 'phx_ref' && field !== 'phx_ref_prev') define(out, field, meta[field]);
    }
    define(out, 'presence_ref', meta.phx_ref);
    return out as Presence;
  });
}

/** Own keys in JS order (integer-like first), as Phoenix iterates them. */
function keys(obj: object): string[] {
  if (typeof obj !== 'object' || obj === null)
    throw invalid(`presence map must be an object, got ${JSON.stringify(obj)}`);
  return Object.getOwnPropertyNames(obj);
}

function own(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** A key's entry, checked: the server always sends `{ metas: [...] }`. */
function entry(map: PresenceState, key: string): PresenceEntry {
  const value = map[key];
  if (typeof value !== 'object' || value === null || !Array.isArray(value.metas)) {
    throw invalid(
      `presence entry ${JSON.stringify(key)} has no metas array: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function refs(metas: readonly PresenceMeta[]): unknown[] {
  return metas.map((m) => m?.phx_ref);
}

function without(metas: readonly PresenceMeta[], drop: unknown[]): PresenceMeta[] {
  return metas.filter((m) => !drop.includes(m?.phx_ref));
}

/** Assignment that also works for a `__proto__` key. */
function define(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
