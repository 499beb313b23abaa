import {
  Subscription,
  catchError,
  defaultIfEmpty,
  defer,
  from,
  isObservable,
  map,
  of,
  take,
  timeout,
  type Observable,
  type SchedulerLike,
} from 'rxjs';

/** Where realtime tokens come from: the session token, or the API key when signed out. */
export type AccessTokenCallback = () =>
  Observable<string | null> | PromiseLike<string | null> | string | null;

/** Options of {@link RealtimeAuth}. */
export interface RealtimeAuthOptions {
  accessToken?: AccessTokenCallback;
  scheduler: SchedulerLike;
  /** A callback slower than this falls back to the cached token. */
  timeout: number;
  /** The token changed (from `previous`): channels update their join payload and push it when joined. */
  onChange(token: string | null, previous: string | null): void;
}

/**
 * The realtime token, as realtime-js's `setAuth` keeps it: an explicit token wins; otherwise the
 * `accessToken` callback is asked (the cached token stands if it fails); concurrent calls are
 * sequenced by a generation counter, the last one wins; only a changed token is announced.
 */
export class RealtimeAuth {
  #token: string | null = null;
  #manual = false;
  #generation = 0;
  readonly #inFlight = new Set<Subscription>();

  constructor(private readonly options: RealtimeAuthOptions) {}

  get token(): string | null {
    return this.#token;
  }

  /** Background token requests not answered yet (for leak checks). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** `setAuth(token?)` as a cold Observable of `'ok'`. */
  setAuth(token: string | null): Observable<'ok'> {
    return defer(() => {
      const generation = ++this.#generation;
      return this.#resolve(token).pipe(
        map((resolved) => {
          if (generation === this.#generation) this.#apply(resolved, token !== null);
          return 'ok' as const;
        }),
      );
    });
  }

  /** Asks the callback again in the background (heartbeat sent, join answered), unless manual. */
  refresh(): void {
    if (!this.options.accessToken || this.#manual) return;
    const holder = new Subscription();
    this.#inFlight.add(holder);
    holder.add(this.setAuth(null).subscribe({ complete: () => this.#inFlight.delete(holder) }));
  }

  /** Before (re)joining after an open: a fresh token from the callback, if there is one. */
  fresh(): Observable<unknown> {
    return this.options.accessToken && !this.#manual ? this.setAuth(null) : of(undefined);
  }

  #resolve(token: string | null): Observable<string | null> {
    const callback = this.options.accessToken;
    if (token !== null || !callback) return of(token ?? this.#token);
    return defer(() => {
      const value = callback();
      if (isObservable(value)) return value.pipe(take(1));
      if (value !== null && typeof (value as PromiseLike<unknown>)?.then === 'function') {
        return from(value as PromiseLike<string | null>);
      }
      return of(value as string | null);
    }).pipe(
      timeout({ first: this.options.timeout, scheduler: this.options.scheduler }),
      defaultIfEmpty(this.#token),
      catchError(() => of(this.#token)),
    );
  }

  #apply(token: string | null, explicit: boolean): void {
    this.#manual = !this.options.accessToken && explicit;
    const previous = this.#token;
    if (token === previous) return;
    this.#token = token;
    this.options.onChange(token, previous);
  }
}
