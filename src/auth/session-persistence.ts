import { EMPTY, concat, last, map, of, switchMap, type Observable } from 'rxjs';
import type { StorageGateway } from './storage.js';
import type { Session } from './types.js';

/** Where the session lives: `storage`, and the user apart in `userStorage` when one is given. */
export interface SessionStorageOptions {
  readonly storage: StorageGateway;
  readonly storageKey: string;
  readonly userStorage?: StorageGateway;
}

const userKey = (storageKey: string) => `${storageKey}-user`;

function userOf(value: unknown): unknown {
  const user = (value as { user?: unknown } | null)?.user;
  return user && typeof user === 'object' ? user : undefined;
}

/**
 * Writes a session as supabase-js does: with `userStorage`, `{ user }` under `<key>-user` there
 * first, then the session without its user under `<key>`; otherwise the whole session.
 *
 * @example
 * ```ts
 * writeSession({ storage, storageKey, userStorage }, session).subscribe();
 * ```
 */
export function writeSession(o: SessionStorageOptions, session: Session): Observable<void> {
  if (!o.userStorage) return o.storage.set(o.storageKey, session);
  const { user, ...rest } = session;
  return concat(
    user ? o.userStorage.set(userKey(o.storageKey), { user }) : EMPTY,
    o.storage.set(o.storageKey, rest),
  ).pipe(last());
}

/**
 * Reads the stored session back with its user, as supabase-js's recovery does: from
 * `userStorage` when given (copied there first when it is the same object as `storage` and has
 * none yet); without `userStorage`, a user left under `<key>-user` by an earlier `userStorage`
 * client is moved back into the session. A session whose user is stored nowhere comes back
 * without `user` (supabase-js puts a proxy there that throws when read).
 *
 * @example
 * ```ts
 * readSession({ storage, storageKey }).subscribe((stored) => …);
 * ```
 */
export function readSession(o: SessionStorageOptions): Observable<unknown> {
  const key = userKey(o.storageKey);
  return o.storage.get(o.storageKey).pipe(
    switchMap((stored) => {
      if (!stored || typeof stored !== 'object') return of(stored);
      const session = stored as Record<string, unknown>;
      const { userStorage } = o;
      if (userStorage) {
        return userStorage.get(key).pipe(
          switchMap((kept) => {
            const user = userOf(kept);
            if (!user && userStorage.storage === o.storage.storage && userOf(session)) {
              return userStorage.set(key, { user: session.user }).pipe(map(() => session));
            }
            const { user: _dropped, ...rest } = session;
            return of(user ? { ...rest, user } : rest);
          }),
        );
      }
      if (session.user) return of(session);
      return o.storage.get(key).pipe(
        switchMap((apart) => {
          const user = userOf(apart);
          if (!user) return of(session);
          const merged = { ...session, user };
          return concat(o.storage.remove(key), o.storage.set(o.storageKey, merged)).pipe(
            last(),
            map(() => merged),
          );
        }),
      );
    }),
  );
}

/**
 * Removes the stored session as supabase-js's `_removeSession` does, the PKCE verifiers in
 * between (`removeVerifiers`): `<key>`, the verifiers, `<key>-user`, then `<key>-user` of
 * `userStorage`.
 *
 * @example
 * ```ts
 * removeStoredSession(options, removeAllPkceVerifiers(storage, key)).subscribe();
 * ```
 */
export function removeStoredSession(
  o: SessionStorageOptions,
  removeVerifiers: Observable<void>,
): Observable<void> {
  const key = userKey(o.storageKey);
  return concat(
    o.storage.remove(o.storageKey),
    removeVerifiers,
    o.storage.remove(key),
    o.userStorage ? o.userStorage.remove(key) : EMPTY,
  ).pipe(last());
}
