import type { Observable } from 'rxjs';
import { AuthSignInMethods } from './auth-sign-in-methods.js';
import type { ClaimsResult, ClaimsVerifier, GetClaimsOptions } from './flows/claims.js';
import type { OAuthResult, SignInWithOAuthCredentials } from './flows/oauth.js';
import { getSession, refreshSession } from './flows/session-ops.js';
import type { SignInWithIdTokenCredentials } from './flows/sign-in.js';
import type { SignOutScope } from './flows/sign-out.js';
import type { UserAttributes } from './flows/user.js';
import { claimsFlows, oauthFlows, setSessionFlows, signOutFlows, userFlows } from './lazy-flows.js';
import type { AuthSessionResponse, Session, User, UserIdentity } from './types.js';

/**
 * The session, user and sign-out methods of {@link AuthClient} (on top of the sign-in methods),
 * each a cold Observable that emits what supabase-js returns in `data`.
 *
 * @example
 * ```ts
 * auth.getUser().subscribe(({ user }) => console.log(user.email));
 * ```
 */
export class AuthSessionMethods extends AuthSignInMethods {
  /** Made on the first `getClaims` (its JWKS cache lives as long as the client). */
  #claims: ClaimsVerifier | undefined;

  /**
   * Verified claims of a JWT (default: the session's), or `null` when signed out.
   *
   * @example
   * ```ts
   * auth.getClaims().subscribe((r) => console.log(r?.claims.sub));
   * ```
   */
  getClaims(jwt?: string, options?: GetClaimsOptions): Observable<ClaimsResult | null> {
    return claimsFlows((m) =>
      (this.#claims ??= new m.ClaimsVerifier(this.core)).getClaims(jwt, options),
    );
  }

  /**
   * Signs out (`global` by default, `local`, `others`); an unsubscribed signOut does nothing.
   *
   * @example
   * ```ts
   * auth.signOut({ scope: 'local' }).subscribe();
   * ```
   */
  signOut(options?: { scope?: SignOutScope }): Observable<void> {
    return signOutFlows((m) => m.signOut(this.core, options));
  }

  /**
   * The current session; refreshed first when it expires within 90 s.
   *
   * @example
   * ```ts
   * auth.getSession().subscribe(({ session }) => …);
   * ```
   */
  getSession(): Observable<{ session: Session | null }> {
    return getSession(this.core);
  }

  /**
   * Refreshes the session now (single-flight; TOKEN_REFRESHED).
   *
   * @example
   * ```ts
   * auth.refreshSession().subscribe(({ session }) => …);
   * ```
   */
  refreshSession(current?: {
    refresh_token: string;
  }): Observable<{ session: Session; user: User }> {
    return refreshSession(this.core, current);
  }

  /**
   * The user from the server (`GET /user`), for `jwt` or the session.
   *
   * @example
   * ```ts
   * auth.getUser().subscribe(({ user }) => console.log(user.email));
   * ```
   */
  getUser(jwt?: string): Observable<{ user: User }> {
    return userFlows((m) => m.getUser(this.core, jwt));
  }

  /**
   * Updates the signed-in user (USER_UPDATED).
   *
   * @example
   * ```ts
   * auth.updateUser({ data: { theme: 'dark' } }).subscribe();
   * ```
   */
  updateUser(
    attributes: UserAttributes,
    options?: { emailRedirectTo?: string },
  ): Observable<{ user: User }> {
    return userFlows((m) => m.updateUser(this.core, attributes, options));
  }

  /**
   * The signed-in user's linked identities.
   *
   * @example
   * ```ts
   * auth.getUserIdentities().subscribe(({ identities }) => …);
   * ```
   */
  getUserIdentities(): Observable<{ identities: UserIdentity[] }> {
    return userFlows((m) => m.getUserIdentities(this.core));
  }

  /**
   * Links an OAuth identity (emits the URL) or an id token identity (USER_UPDATED).
   *
   * @example
   * ```ts
   * auth.linkIdentity({ provider: 'github' }).subscribe();
   * ```
   */
  linkIdentity(
    credentials: SignInWithOAuthCredentials | SignInWithIdTokenCredentials,
  ): Observable<OAuthResult | AuthSessionResponse> {
    return oauthFlows((m) => m.linkIdentity(this.core, credentials));
  }

  /**
   * Unlinks an identity from the signed-in user.
   *
   * @example
   * ```ts
   * auth.unlinkIdentity(identity).subscribe();
   * ```
   */
  unlinkIdentity(identity: UserIdentity): Observable<Record<string, never>> {
    return userFlows((m) => m.unlinkIdentity(this.core, identity));
  }

  /**
   * Sends a reauthentication nonce to the signed-in user.
   *
   * @example
   * ```ts
   * auth.reauthenticate().subscribe(); // the nonce goes to updateUser({ password, nonce })
   * ```
   */
  reauthenticate(): Observable<{ user: null; session: null }> {
    return userFlows((m) => m.reauthenticate(this.core));
  }

  /**
   * Installs a session from an access and a refresh token.
   *
   * @example
   * ```ts
   * auth.setSession({ access_token, refresh_token }).subscribe();
   * ```
   */
  setSession(tokens: {
    access_token: string;
    refresh_token: string;
  }): Observable<{ session: Session; user: User }> {
    return setSessionFlows((m) => m.setSession(this.core, tokens));
  }
}
