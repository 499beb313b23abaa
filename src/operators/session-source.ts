import { distinctUntilChanged, map, type Observable } from 'rxjs';

/** What the session operators read of an auth client: its user stream (`supabase.auth`). */
export interface UserSource {
  readonly user$: Observable<{ readonly id: string } | null>;
}

/** The signed-in user's id, or `null`, each time it changes (a token refresh is no change). */
export function userIds(auth: UserSource): Observable<string | null> {
  return auth.user$.pipe(
    map((user) => user?.id ?? null),
    distinctUntilChanged(),
  );
}
