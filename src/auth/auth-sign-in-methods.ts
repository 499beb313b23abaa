import type { Observable } from 'rxjs';
import type { AuthCore } from './auth-core.js';
import type {
  OAuthResult,
  SignInWithOAuthCredentials,
  SignInWithSSOParams,
} from './flows/oauth.js';
import type {
  SignInWithIdTokenCredentials,
  SignInWithOtpCredentials,
  SignInWithPasswordCredentials,
} from './flows/sign-in.js';
import type { SignInAnonymouslyCredentials, SignUpCredentials } from './flows/sign-up.js';
import type { CodeExchangeResult, ResendParams, VerifyOtpParams } from './flows/verify.js';
import type { Web3Credentials } from './flows/web3.js';
import { oauthFlows, signInFlows, signUpFlows, verifyFlows, web3Flows } from './lazy-flows.js';
import type { AuthResponse, AuthSessionResponse } from './types.js';

/**
 * The sign-up, sign-in and verification methods of {@link AuthClient}, with supabase-js's names and
 * arguments. Each returns a cold Observable: nothing is sent before subscribe, each subscription
 * sends again, unsubscribing aborts. Success emits the `data` supabase-js would return, then
 * completes; failure is a typed `AuthError`.
 *
 * @example
 * ```ts
 * auth.signInWithPassword({ email, password }).subscribe({ next: ({ user }) => …, error: (e) => … });
 * ```
 */
export class AuthSignInMethods {
  constructor(protected readonly core: AuthCore) {}

  /**
   * Creates a user with an email or phone and a password (SIGNED_IN when auto-confirmed).
   *
   * @example
   * ```ts
   * auth.signUp({ email: 'a@b.c', password: 'secret-pw' }).subscribe(({ user, session }) => …);
   * ```
   */
  signUp(credentials: SignUpCredentials): Observable<AuthResponse> {
    return signUpFlows((m) => m.signUp(this.core, credentials));
  }

  /**
   * Creates an anonymous user and signs in (SIGNED_IN).
   *
   * @example
   * ```ts
   * auth.signInAnonymously().subscribe(({ user }) => console.log(user?.is_anonymous));
   * ```
   */
  signInAnonymously(credentials?: SignInAnonymouslyCredentials): Observable<AuthResponse> {
    return signUpFlows((m) => m.signInAnonymously(this.core, credentials));
  }

  /**
   * Signs in with an email or phone and a password (SIGNED_IN).
   *
   * @example
   * ```ts
   * auth.signInWithPassword({ email: 'a@b.c', password: 'secret-pw' }).subscribe();
   * ```
   */
  signInWithPassword(credentials: SignInWithPasswordCredentials): Observable<AuthSessionResponse> {
    return signInFlows((m) => m.signInWithPassword(this.core, credentials));
  }

  /**
   * Signs in with an OIDC id token (SIGNED_IN).
   *
   * @example
   * ```ts
   * auth.signInWithIdToken({ provider: 'google', token: googleIdToken }).subscribe();
   * ```
   */
  signInWithIdToken(credentials: SignInWithIdTokenCredentials): Observable<AuthSessionResponse> {
    return signInFlows((m) => m.signInWithIdToken(this.core, credentials));
  }

  /**
   * Sends a magic link / one-time code by email, SMS or WhatsApp.
   *
   * @example
   * ```ts
   * auth.signInWithOtp({ email: 'a@b.c' }).subscribe(); // then verifyOtp with the code
   * ```
   */
  signInWithOtp(credentials: SignInWithOtpCredentials): Observable<AuthResponse> {
    return signInFlows((m) => m.signInWithOtp(this.core, credentials));
  }

  /**
   * Builds the OAuth URL (and navigates there in a browser unless `skipBrowserRedirect`).
   *
   * @example
   * ```ts
   * auth.signInWithOAuth({ provider: 'github', options: { redirectTo: 'https://app/cb' } }).subscribe();
   * ```
   */
  signInWithOAuth(credentials: SignInWithOAuthCredentials): Observable<OAuthResult> {
    return oauthFlows((m) => m.signInWithOAuth(this.core, credentials));
  }

  /**
   * Starts enterprise SSO by provider id or domain; emits the identity provider's URL.
   *
   * @example
   * ```ts
   * auth.signInWithSSO({ domain: 'acme.com' }).subscribe(({ url }) => …);
   * ```
   */
  signInWithSSO(params: SignInWithSSOParams): Observable<{ url: string }> {
    return oauthFlows((m) => m.signInWithSSO(this.core, params));
  }

  /**
   * Signs in with an Ethereum or Solana wallet (SIGNED_IN).
   *
   * @example
   * ```ts
   * auth.signInWithWeb3({ chain: 'solana', wallet: window.solana }).subscribe();
   * ```
   */
  signInWithWeb3(credentials: Web3Credentials): Observable<AuthSessionResponse> {
    return web3Flows((m) => m.signInWithWeb3(this.core, credentials));
  }

  /**
   * Emails a password reset link.
   *
   * @example
   * ```ts
   * auth.resetPasswordForEmail('a@b.c', { redirectTo: 'https://app/reset' }).subscribe();
   * ```
   */
  resetPasswordForEmail(
    email: string,
    options?: { redirectTo?: string; captchaToken?: string },
  ): Observable<Record<string, never>> {
    return verifyFlows((m) => m.resetPasswordForEmail(this.core, email, options));
  }

  /**
   * Verifies an OTP or token hash (SIGNED_IN, or PASSWORD_RECOVERY for `recovery`).
   *
   * @example
   * ```ts
   * auth.verifyOtp({ email: 'a@b.c', token: '123456', type: 'email' }).subscribe();
   * ```
   */
  verifyOtp(params: VerifyOtpParams): Observable<AuthResponse> {
    return verifyFlows((m) => m.verifyOtp(this.core, params));
  }

  /**
   * Sends a signup / email change / phone code again.
   *
   * @example
   * ```ts
   * auth.resend({ type: 'signup', email: 'a@b.c' }).subscribe();
   * ```
   */
  resend(params: ResendParams): Observable<AuthResponse> {
    return verifyFlows((m) => m.resend(this.core, params));
  }

  /**
   * Exchanges a PKCE auth code for a session.
   *
   * @example
   * ```ts
   * auth.exchangeCodeForSession(new URL(location.href).searchParams.get('code')!).subscribe();
   * ```
   */
  exchangeCodeForSession(
    authCode: string,
    options?: { flowId?: string },
  ): Observable<CodeExchangeResult> {
    return verifyFlows((m) => m.exchangeCodeForSession(this.core, authCode, options));
  }
}
