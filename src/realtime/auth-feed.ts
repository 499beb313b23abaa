import { isObservable, map, of, type Observable } from 'rxjs';
import type { TokenSource } from '../http/types.js';
import type { AccessTokenCallback } from './realtime-auth.js';

/** The auth events realtime listens to (the auth module's `events$` values). */
export interface AuthEventLike {
  readonly event: string;
  readonly session: { readonly access_token?: string } | null;
}

/**
 * The realtime `accessToken` callback of `createClient`: the token source's token (refreshed
 * first when about to expire), or the API key when signed out.
 *
 * @example
 * ```ts
 * new RealtimeClient(url, { params: { apikey }, accessToken: realtimeTokenCallback(auth.tokenSource, apikey) });
 * ```
 */
export function realtimeTokenCallback(source: TokenSource, apiKey: string): AccessTokenCallback {
  return () => {
    const token = source.token();
    const value: Observable<string | null> = isObservable(token) ? token : of(token);
    return value.pipe(map((t) => t ?? apiKey));
  };
}

/**
 * Feeds auth changes to realtime as supabase-js does (§1.6): a new token on `SIGNED_IN`,
 * `TOKEN_REFRESHED` or `INITIAL_SESSION` → `setAuth(token)`; `SIGNED_OUT` → `setAuth()` (the
 * callback then gives the API key). Runs for the client's lifetime.
 *
 * @example
 * ```ts
 * feedRealtimeAuth(supabase.auth.events$, (token) => realtime.setAuth(token).subscribe());
 * ```
 */
export function feedRealtimeAuth(
  events$: Observable<AuthEventLike>,
  setAuth: (token?: string) => void,
) {
  let last: string | null | undefined;
  return events$.subscribe(({ event, session }) => {
    if (event === 'SIGNED_OUT') {
      last = undefined;
      setAuth();
      return;
    }
    const token = session?.access_token ?? null;
    const feeds =
      event === 'SIGNED_IN' || event === 'TOKEN_REFRESHED' || event === 'INITIAL_SESSION';
    if (!feeds || !token || token === last) return;
    last = token;
    setAuth(token);
  });
}
