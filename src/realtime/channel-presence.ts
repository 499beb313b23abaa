import { BehaviorSubject } from 'rxjs';
import {
  EMPTY_PRESENCE_STATE,
  presenceEvents,
  presenceStateView,
  syncDiff,
  syncState,
  type PresenceDiff,
  type PresenceEvent,
  type PresenceState,
  type PresenceStateView,
} from './presence-sync.js';

/**
 * A channel's presence, as Phoenix's client keeps it: diffs that arrive before the
 * `presence_state` of the current join are held back and applied after it; each server message
 * gives the `join`/`leave` events, one `sync`, and one new immutable view on `view$`.
 */
export class ChannelPresence {
  #state: PresenceState = EMPTY_PRESENCE_STATE;
  #syncedJoinRef: string | null = null;
  #pending: PresenceDiff[] = [];
  readonly view$: BehaviorSubject<PresenceStateView> = new BehaviorSubject<PresenceStateView>(
    Object.freeze({}),
  );

  constructor(private readonly emit: (event: PresenceEvent) => void) {}

  /** realtime-js's `presenceState()`. */
  get view(): PresenceStateView {
    return this.view$.value;
  }

  /** A new join is under way: diffs wait for its `presence_state`. */
  rejoining(): void {
    this.#pending = [];
  }

  /** A `presence_state` for the join `joinRef`. Throws a RealtimeError on a malformed map. */
  state(joinRef: string | null, newState: PresenceState): void {
    this.#syncedJoinRef = joinRef;
    const events: PresenceEvent[] = [];
    let result = syncState(this.#state, newState);
    events.push(...presenceEvents(result));
    for (const diff of this.#pending.splice(0)) {
      result = syncDiff(result.state, diff);
      events.push(...presenceEvents(result));
    }
    this.#commit(result.state, events);
  }

  /** A `presence_diff`; held back until the current join's `presence_state` came. */
  diff(joinRef: string | null, diff: PresenceDiff): void {
    if (joinRef === null || this.#syncedJoinRef !== joinRef) {
      this.#pending.push(diff);
      return;
    }
    const result = syncDiff(this.#state, diff);
    this.#commit(result.state, presenceEvents(result));
  }

  #commit(state: PresenceState, events: PresenceEvent[]): void {
    this.#state = state;
    const view = deepFreeze(presenceStateView(state));
    // The view first, so a `sync` listener reading presenceState() sees the new state.
    this.view$.next(view);
    for (const event of events) this.emit(event);
    this.emit({ event: 'sync' });
  }
}

function deepFreeze<T extends Record<string, any[]>>(view: T): T {
  for (const key of Object.keys(view)) {
    for (const presence of view[key]) Object.freeze(presence);
    Object.freeze(view[key]);
  }
  return Object.freeze(view);
}
