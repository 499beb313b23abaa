import { Observable, type Subscription } from 'rxjs';
import type { LiveQueryOptions, LiveSource } from '../live/live-query.js';
import type { LiveQueryState } from '../live/live-store.js';

/**
 * `query.live(options)`: `liveQuery(query, options)` with the live code loaded on first subscribe
 * (a dynamic `import()`, a chunk of its own in every bundler, Node, Deno and Bun), so the database
 * module does not carry it. One `liveQuery` stream per call, made at the first subscribe and
 * shared by every later one: one channel, one snapshot, as `liveQuery`'s.
 *
 * A hand-made Observable rather than `defer(() => import(…)).pipe(switchMap(…))`: `supabase-rx/postgrest`
 * uses no RxJS operator, and `switchMap` alone would take most of its 10 KB (gzipped) budget's
 * last few hundred bytes (`npm run bench -- bundle-size`).
 *
 * @example
 * ```ts
 * lazyLive(db.from('todos').select('id, title').order('id'), { realtime, primaryKey: 'id' });
 * ```
 */
export function lazyLive<R>(
  query: LiveSource<R>,
  options: LiveQueryOptions,
): Observable<LiveQueryState<R>> {
  let live$: Promise<Observable<LiveQueryState<R>>> | undefined;
  return new Observable<LiveQueryState<R>>((subscriber) => {
    let inner: Subscription | undefined;
    live$ ??= import('../live/live-query.js').then((m) => m.liveQuery(query, options));
    live$.then(
      (stream) => {
        // Unsubscribed while the chunk loaded: nothing to join.
        if (!subscriber.closed) inner = stream.subscribe(subscriber);
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => inner?.unsubscribe();
  });
}
