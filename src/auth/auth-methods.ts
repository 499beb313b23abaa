import type { Observable } from 'rxjs';
import type { AuthCore } from './auth-core.js';
import { ClaimsVerifier, type ClaimsResult, type GetClaimsOptions } from './flows/claims.js';
import {
  linkIdentity,
  signInWithOAuth,
  signInWithSSO,
  type OAuthResult,
  type SignInWithOAuthCredentials,
  type SignInWithSSOParams,
} from './flows/oauth.js';
import { getSession, refreshSession, setSession } from './flows/session-ops.js';
import {
  signInWithIdToken,
  signInWithOtp,
  signInWithPassword,
  type SignInWithIdTokenCredentials,
  type SignInWithOtpCredentials,
  type SignInWithPasswordCredentials,
} from './flows/sign-in.js';
import { signOut, type SignOutScope } from './flows/sign-out.js';
import {
  signInAnonymously,
  signUp,
  type SignInAnonymouslyCredentials,
  type SignUpCredentials,
} from './flows/sign-up.js';
import {
  getUser,
  getUserIdentities,
  reauthenticate,
  unlinkIdentity,
  updateUser,
  type UserAttributes,
} from './flows/user.js';
import {
  exchangeCodeForSession,
  resend,
  resetPasswordForEmail,
  verifyOtp,
  type CodeExchangeResult,
  type ResendParams,
  type VerifyOtpParams,
} from './flows/verify.js';
import { signInWithWeb3, type Web3Credentials } from './flows/web3.js';
import type { AuthResponse, AuthSessionResponse, Session, User, UserIdentity } from './types.js';

/**
 * The GoTrue methods of {@link AuthClient}, with supabase-js's names and arguments. Each returns a
 * cold Observable: nothing is sent before subscribe, each subscription sends again, unsubscribing
 * aborts. Success emits the `data` supabase-js would return, then completes; failure is a typed
 * `AuthError`.
 *
 * @example
 * ```ts
 * auth.signInWithPassword({ email, password }).subscribe({ next: ({ user }) => …, error: (e) => … });
 * ```
 */
export class AuthSessionMethods {
  readonly #claims: ClaimsVerifier;

  constructor(protected readonly core: AuthCore) {
    this.#claims = new ClaimsVerifier(core);
  }

  /** Creates a user with an email or phone and a password (SIGNED_IN when auto-confirmed). */
  signUp(credentials: SignUpCredentials): Observable<AuthResponse> {
    return signUp(this.core, credentials);
  }

  /** Creates an anonymous user and signs in (SIGNED_IN). */
  signInAnonymously(credentials?: SignInAnonymouslyCredentials): Observable<AuthResponse> {
    return signInAnonymously(this.core, credentials);
  }

  /** Signs in with an email or phone and a password (SIGNED_IN). */
  signInWithPassword(credentials: SignInWithPasswordCredentials): Observable<AuthSessionResponse> {
    return signInWithPassword(this.core, credentials);
  }

  /** Signs in with an OIDC id token (SIGNED_IN). */
  signInWithIdToken(credentials: SignInWithIdTokenCredentials): Observable<AuthSessionResponse> {
    return signInWithIdToken(this.core, credentials);
  }

  /** Sends a magic link / one-time code by email, SMS or WhatsApp. */
  signInWithOtp(credentials: SignInWithOtpCredentials): Observable<AuthResponse> {
    return signInWithOtp(this.core, credentials);
  }

  /** Builds the OAuth URL (and navigates there in a browser unless `skipBrowserRedirect`). */
  signInWithOAuth(credentials: SignInWithOAuthCredentials): Observable<OAuthResult> {
    return signInWithOAuth(this.core, credentials);
  }

  /** Starts enterprise SSO by provider id or domain; emits the identity provider's URL. */
  signInWithSSO(params: SignInWithSSOParams): Observable<{ url: string }> {
    return signInWithSSO(this.core, params);
  }

  /** Signs in with an Ethereum or Solana wallet (SIGNED_IN). */
  signInWithWeb3(credentials: Web3Credentials): Observable<AuthSessionResponse> {
    return signInWithWeb3(this.core, credentials);
  }

  /** Verified claims of a JWT (default: the session's), or `null` when signed out. */
  getClaims(jwt?: string, options?: GetClaimsOptions): Observable<ClaimsResult | null> {
    return this.#claims.getClaims(jwt, options);
  }

  /** Signs out (`global` by default, `local`, `others`); an unsubscribed signOut does nothing. */
  signOut(options?: { scope?: SignOutScope }): Observable<void> {
    return signOut(this.core, options);
  }

  /** Emails a password reset link. */
  resetPasswordForEmail(
    email: string,
    options?: { redirectTo?: string; captchaToken?: string },
  ): Observable<Record<string, never>> {
    return resetPasswordForEmail(this.core, email, options);
  }

  /** Verifies an OTP or token hash (SIGNED_IN, or PASSWORD_RECOVERY for `recovery`). */
  verifyOtp(params: VerifyOtpParams): Observable<AuthResponse> {
    return verifyOtp(this.core, params);
  }

  /** The current session; refreshed first when it expires within 90 s. */
  getSession(): Observable<{ session: Session | null }> {
    return getSession(this.core);
  }

  /** Refreshes the session now (single-flight; TOKEN_REFRESHED). */
  refreshSession(current?: {
    refresh_token: string;
  }): Observable<{ session: Session; user: User }> {
    return refreshSession(this.core, current);
  }

  /** The user from the server (`GET /user`), for `jwt` or the session. */
  getUser(jwt?: string): Observable<{ user: User }> {
    return getUser(this.core, jwt);
  }

  /** Updates the signed-in user (USER_UPDATED). */
  updateUser(
    attributes: UserAttributes,
    options?: { emailRedirectTo?: string },
  ): Observable<{ user: User }> {
    return updateUser(this.core, attributes, options);
  }

  /** The signed-in user's linked identities. */
  getUserIdentities(): Observable<{ identities: UserIdentity[] }> {
    return getUserIdentities(this.core);
  }

  /** Links an OAuth identity (emits the URL) or an id token identity (USER_UPDATED). */
  linkIdentity(
    credentials: SignInWithOAuthCredentials | SignInWithIdTokenCredentials,
  ): Observable<OAuthResult | AuthSessionResponse> {
    return linkIdentity(this.core, credentials);
  }

  /** Unlinks an identity from the signed-in user. */
  unlinkIdentity(identity: UserIdentity): Observable<Record<string, never>> {
    return unlinkIdentity(this.core, identity);
  }

  /** Sends a reauthentication nonce to the signed-in user. */
  reauthenticate(): Observable<{ user: null; session: null }> {
    return reauthenticate(this.core);
  }

  /** Sends a signup / email change / phone code again. */
  resend(params: ResendParams): Observable<AuthResponse> {
    return resend(this.core, params);
  }

  /** Installs a session from an access and a refresh token. */
  setSession(tokens: {
    access_token: string;
    refresh_token: string;
  }): Observable<{ session: Session; user: User }> {
    return setSession(this.core, tokens);
  }

  /** Exchanges a PKCE auth code for a session. */
  exchangeCodeForSession(
    authCode: string,
    options?: { flowId?: string },
  ): Observable<CodeExchangeResult> {
    return exchangeCodeForSession(this.core, authCode, options);
  }
}
