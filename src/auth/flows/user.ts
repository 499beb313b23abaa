import {
  catchError,
  concat,
  ignoreElements,
  last,
  map,
  of,
  switchMap,
  throwError,
  type Observable,
} from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { AuthSessionMissingError, AuthValidationError } from '../errors.js';
import { parseUserResponse } from '../session-codec.js';
import type { User, UserIdentity } from '../types.js';
import { coldWith } from './session-result.js';
import { withPkce, type PkceBodyFields } from './pkce-fields.js';

/** What `updateUser` may change. */
export interface UserAttributes {
  email?: string;
  phone?: string;
  password?: string;
  /** The previous password, when the project requires it. */
  current_password?: string;
  /** The reauthentication nonce, when the project requires it for password changes. */
  nonce?: string;
  /** New `user_metadata`. */
  data?: object;
}

/**
 * `GET /user`: the user of `jwt`, or of the current session (refreshed first if it is about to
 * expire). No session → {@link AuthSessionMissingError} without a request; a server answer
 * `session_not_found` also signs out locally (SIGNED_OUT).
 *
 * @example
 * ```ts
 * getUser(core).subscribe(({ user }) => console.log(user.email));
 * ```
 */
export function getUser(core: AuthCore, jwt?: string): Observable<{ user: User }> {
  return coldWith(() => {
    const token$ = jwt ? of(jwt) : core.requireSession().pipe(map((s) => s.access_token));
    return token$.pipe(
      switchMap((token) => core.api.request('GET', '/user', { jwt: token })),
      map(({ data }) => ({ user: parseUserResponse(data) })),
      catchError((error: unknown) => {
        if (!jwt && error instanceof AuthSessionMissingError && core.store.session) {
          return concat(
            core.removeSession().pipe(ignoreElements()),
            throwError(() => error),
          );
        }
        return throwError(() => error);
      }),
    );
  });
}

/**
 * `PUT /user`: changes email, phone, password (with nonce) or metadata; the session's user is
 * replaced and USER_UPDATED is emitted.
 *
 * @example
 * ```ts
 * updateUser(core, { data: { theme: 'dark' } }).subscribe(({ user }) => …);
 * ```
 */
export function updateUser(
  core: AuthCore,
  attributes: UserAttributes,
  options: { emailRedirectTo?: string } = {},
): Observable<{ user: User }> {
  return coldWith(() => {
    if (typeof attributes !== 'object' || attributes === null) {
      throw new AuthValidationError('updateUser needs an object of attributes');
    }
    return core.requireSession().pipe(
      switchMap((session) => {
        const send = (pkce: PkceBodyFields) =>
          core.api.request('PUT', '/user', {
            redirectTo: options.emailRedirectTo,
            jwt: session.access_token,
            body: {
              ...attributes,
              code_challenge: pkce.code_challenge,
              code_challenge_method: pkce.code_challenge_method,
            },
          });
        const sent =
          attributes.email != null
            ? withPkce(core, send)
            : send({ code_challenge: null, code_challenge_method: null });
        return sent.pipe(
          switchMap(({ data }) => {
            const user = parseUserResponse(data);
            // Read the newest session: a refresh may have landed while the request was out.
            const base = core.store.session ?? session;
            return concat(core.saveSession({ ...base, user }, 'USER_UPDATED'), of({ user })).pipe(
              last(),
            );
          }),
        );
      }),
      map((r) => r as { user: User }),
    );
  });
}

/**
 * The identities linked to the signed-in user (`GET /user`).
 *
 * @example
 * ```ts
 * getUserIdentities(core).subscribe(({ identities }) => …);
 * ```
 */
export function getUserIdentities(core: AuthCore): Observable<{ identities: UserIdentity[] }> {
  return getUser(core).pipe(map(({ user }) => ({ identities: user.identities ?? [] })));
}

/**
 * `DELETE /user/identities/<identity_id>`.
 *
 * @example
 * ```ts
 * unlinkIdentity(core, identities[1]).subscribe();
 * ```
 */
export function unlinkIdentity(
  core: AuthCore,
  identity: UserIdentity,
): Observable<Record<string, never>> {
  return coldWith(() => {
    if (!identity || typeof identity.identity_id !== 'string' || !identity.identity_id) {
      throw new AuthValidationError('unlinkIdentity needs an identity with an identity_id');
    }
    return core.requireSession().pipe(
      switchMap((s) =>
        core.api.request('DELETE', `/user/identities/${encodeURIComponent(identity.identity_id)}`, {
          jwt: s.access_token,
        }),
      ),
      map(() => ({})),
    );
  });
}

/**
 * `GET /reauthenticate`: sends the user a nonce for a sensitive change (password update).
 *
 * @example
 * ```ts
 * reauthenticate(core).subscribe();
 * ```
 */
export function reauthenticate(core: AuthCore): Observable<{ user: null; session: null }> {
  return core.requireSession().pipe(
    switchMap((s) => core.api.request('GET', '/reauthenticate', { jwt: s.access_token })),
    map(() => ({ user: null, session: null })),
  );
}
