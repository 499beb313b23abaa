import {
  EMPTY,
  Observable,
  asyncScheduler,
  type SchedulerLike,
  Subscription,
  catchError,
  combineLatest,
  distinctUntilChanged,
  exhaustMap,
  map,
  of,
  switchMap,
  timer,
} from 'rxjs';
import type { AuthCore } from './auth-core.js';

/** Auto refresh checks the session this often (supabase-js: 30 s). */
export const AUTO_REFRESH_TICK_MS = 30_000;
/** A refresh starts when the session expires within this many ticks (supabase-js: 3). */
export const AUTO_REFRESH_TICK_THRESHOLD = 3;

/**
 * Ticks on the client's scheduler every 30 s while there is a session (and, in browsers, while the
 * tab is visible), refreshing when the session expires within 3 ticks. The first tick runs at once
 * when ticking (re)starts. Refreshes go through the single-flight refresher, so a tick never doubles
 * a refresh already in flight; a failed tick is retried by the next one.
 *
 * @example
 * ```ts
 * const auto = new AutoRefresh(core, visible$);
 * auto.start();
 * ```
 */
export class AutoRefresh {
  #subscription: Subscription | null = null;

  constructor(
    private readonly core: AuthCore,
    /** Whether the page is visible (always `true` outside browsers). */
    private readonly visible$: Observable<boolean> = of(true),
  ) {}

  /** Whether the ticker is running. */
  get running(): boolean {
    return this.#subscription !== null;
  }

  /** Starts (or restarts) the ticker. */
  start(): void {
    this.stop();
    const { core } = this;
    const hasSession$ = core.store.session$.pipe(
      map((s) => s !== null),
      distinctUntilChanged(),
    );
    this.#subscription = combineLatest([hasSession$, this.visible$.pipe(distinctUntilChanged())])
      .pipe(
        switchMap(([hasSession, visible]) =>
          hasSession && visible ? ticks(AUTO_REFRESH_TICK_MS, core.scheduler) : EMPTY,
        ),
        exhaustMap(() => this.tick()),
      )
      .subscribe();
  }

  /** Stops the ticker (a refresh in flight still completes). */
  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  /** One tick: refresh when the session expires within the threshold. */
  tick(): Observable<unknown> {
    const session = this.core.store.session;
    if (!session) return EMPTY;
    const expiresInTicks = Math.floor(
      ((session.expires_at ?? 0) * 1000 - this.core.now()) / AUTO_REFRESH_TICK_MS,
    );
    if (expiresInTicks > AUTO_REFRESH_TICK_THRESHOLD) return EMPTY;
    return this.core.refresher.refresh(session.refresh_token).pipe(catchError(() => EMPTY));
  }
}

/**
 * A tick at once, then every `period` ms, on `scheduler`. On the default `asyncScheduler` the
 * timers are unref'd where the runtime allows it (Node, Deno), as supabase-js does, so a signed-in
 * script can still exit; any other scheduler (a TestScheduler, a custom one) is used as given.
 *
 * @example
 * ```ts
 * ticks(30_000, asyncScheduler).subscribe(() => checkSession());
 * ```
 */
export function ticks(period: number, scheduler: SchedulerLike): Observable<number> {
  if (scheduler !== asyncScheduler) return timer(0, period, scheduler);
  return new Observable<number>((subscriber) => {
    let n = 0;
    const unref = (handle: unknown): void => (handle as { unref?: () => void } | null)?.unref?.();
    const first = setTimeout(() => subscriber.next(n++), 0);
    const every = setInterval(() => subscriber.next(n++), period);
    unref(first);
    unref(every);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  });
}

/**
 * Page visibility as a stream (`document.visibilityState`), or always visible outside browsers.
 *
 * @example
 * ```ts
 * pageVisibility().subscribe((visible) => console.log(visible));
 * ```
 */
export function pageVisibility(): Observable<boolean> {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc || typeof doc.addEventListener !== 'function') return of(true);
  return new Observable<boolean>((subscriber) => {
    const emit = (): void => subscriber.next(doc.visibilityState !== 'hidden');
    emit();
    doc.addEventListener('visibilitychange', emit);
    return () => doc.removeEventListener('visibilitychange', emit);
  });
}
