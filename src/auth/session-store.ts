import {
  BehaviorSubject,
  Subject,
  concat,
  defer,
  distinctUntilChanged,
  map,
  of,
  type Observable,
} from 'rxjs';
import type { AuthChangeEvent, AuthStateEvent, Session, User } from './types.js';

/**
 * The one place the auth state lives: a BehaviorSubject of the session and a stream of events.
 *
 * Emissions go through a trampoline: a change made by a subscriber while it is being notified
 * (say, `refreshSession()` called from a SIGNED_IN handler) is queued and delivered only after
 * every subscriber has seen the current one. So handlers may call any client method (no lock, no
 * deadlock — supabase-js's auth-js#762) and every subscriber sees the same order of events.
 *
 * @example
 * ```ts
 * const store = new SessionStore();
 * store.events$.subscribe(({ event }) => console.log(event));
 * store.set(session, 'SIGNED_IN');
 * ```
 */
export class SessionStore {
  #current: Session | null = null;
  #initialized = false;
  readonly #session = new BehaviorSubject<Session | null>(null);
  readonly #events = new Subject<AuthStateEvent>();
  readonly #queue: Array<() => void> = [];
  #draining = false;

  /** The current session, replayed to each new subscriber. */
  readonly session$: Observable<Session | null> = this.#session.asObservable();

  /** The current user (or `null`), replayed; repeats are dropped. */
  readonly user$: Observable<User | null> = this.#session.pipe(
    map((s) => s?.user ?? null),
    distinctUntilChanged(),
  );

  /**
   * `{ event, session }` for every change. Each subscriber gets INITIAL_SESSION once: at once
   * when the client is initialised, else when initialisation ends (after its own events, so a
   * stored session gives SIGNED_IN, INITIAL_SESSION as in supabase-js).
   */
  readonly events$: Observable<AuthStateEvent> = defer(() =>
    this.#initialized
      ? concat(
          of<AuthStateEvent>({ event: 'INITIAL_SESSION', session: this.#current }),
          this.#events,
        )
      : this.#events,
  );

  /** The current session, read synchronously (already the newest, even mid-notification). */
  get session(): Session | null {
    return this.#current;
  }

  /** Whether initialisation has finished (INITIAL_SESSION was sent). */
  get initialized(): boolean {
    return this.#initialized;
  }

  /** Replaces the session and announces it with `event`. */
  set(session: Session | null, event: Exclude<AuthChangeEvent, 'INITIAL_SESSION'>): void {
    this.#current = session;
    this.#enqueue(() => {
      this.#session.next(session);
      this.#events.next({ event, session });
    });
  }

  /** Replaces the session without an event (a session loaded during initialisation). */
  setSilently(session: Session | null): void {
    this.#current = session;
    this.#enqueue(() => this.#session.next(session));
  }

  /** Ends initialisation: subscribers present now receive INITIAL_SESSION with the session. */
  markInitialized(): void {
    this.#enqueue(() => {
      this.#initialized = true;
      this.#events.next({ event: 'INITIAL_SESSION', session: this.#current });
    });
  }

  /** Completes the streams (client disposed). */
  complete(): void {
    this.#enqueue(() => {
      this.#session.complete();
      this.#events.complete();
    });
  }

  #enqueue(emit: () => void): void {
    this.#queue.push(emit);
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) next();
    } finally {
      this.#draining = false;
    }
  }
}
