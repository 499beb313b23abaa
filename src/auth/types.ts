import type { SchedulerLike } from 'rxjs';
import type { SupportedStorage } from '../client-options.js';
import type { Transport } from '../http/transport.js';
import type { WebAuthnCredentials } from './passkey/webauthn-browser.js';

export type { SupportedStorage };

/** The events of `events$` / `onAuthStateChange`, as supabase-js names them. */
export type AuthChangeEvent =
  | 'INITIAL_SESSION'
  | 'SIGNED_IN'
  | 'SIGNED_OUT'
  | 'TOKEN_REFRESHED'
  | 'USER_UPDATED'
  | 'PASSWORD_RECOVERY'
  | 'MFA_CHALLENGE_VERIFIED';

/** One emission of `auth.events$`. */
export interface AuthStateEvent {
  readonly event: AuthChangeEvent;
  readonly session: Session | null;
}

/** A linked identity of a user (`user.identities`). */
export interface UserIdentity {
  id: string;
  user_id: string;
  identity_id: string;
  identity_data?: Record<string, unknown>;
  provider: string;
  created_at?: string;
  last_sign_in_at?: string;
  updated_at?: string;
  email?: string;
}

/** An MFA factor of a user. */
export interface Factor {
  id: string;
  friendly_name?: string;
  factor_type: 'totp' | 'phone' | 'webauthn' | string;
  status: 'verified' | 'unverified';
  created_at: string;
  updated_at: string;
  phone?: string;
  last_challenged_at?: string;
}

/** A GoTrue user, as the server returns it. */
export interface User {
  id: string;
  aud: string;
  role?: string;
  email?: string;
  phone?: string;
  email_confirmed_at?: string;
  phone_confirmed_at?: string;
  confirmed_at?: string;
  last_sign_in_at?: string;
  created_at: string;
  updated_at?: string;
  app_metadata: Record<string, unknown> & { provider?: string; providers?: string[] };
  user_metadata: Record<string, unknown>;
  identities?: UserIdentity[];
  factors?: Factor[];
  is_anonymous?: boolean;
  new_email?: string;
  new_phone?: string;
  [key: string]: unknown;
}

/** A session: the tokens, their expiry (`expires_at`, seconds since the epoch) and the user. */
export interface Session {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  expires_at?: number;
  user: User;
  provider_token?: string | null;
  provider_refresh_token?: string | null;
  weak_password?: { reasons: string[]; message: string } | null;
}

/** What session-producing methods emit: the user and the session (null until confirmed). */
export interface AuthResponse {
  user: User | null;
  session: Session | null;
  weakPassword?: { reasons: string[]; message: string } | null;
  /** Set by OTP to a phone (`message_id`). */
  messageId?: string | null;
}

/** What sign-ins that must succeed with a session emit. */
export interface AuthSessionResponse {
  user: User;
  session: Session;
  weakPassword?: { reasons: string[]; message: string } | null;
}

/** `flowType` of the client: implicit (tokens in the URL fragment) or PKCE (`?code=`). */
export type AuthFlowType = 'implicit' | 'pkce';

/** Options of `new AuthClient(…)`. */
export interface AuthClientOptions {
  /** The auth service URL, e.g. `https://<ref>.supabase.co/auth/v1`. */
  url: string;
  /** Fixed headers: `apikey`, `Authorization: Bearer <key>`, `X-Client-Info`, global headers. */
  headers?: Record<string, string>;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Per-request timeout in ms (used when no `transport` is given): a request still unanswered
   * then is aborted and errors with an `AuthRetryableFetchError` ("… timed out after N ms").
   */
  timeout?: number;
  /** Every timer (auto refresh, retry back-off, JWKS cache) runs on it; default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Session storage; default `localStorage` in browsers, memory elsewhere. */
  storage?: SupportedStorage;
  /** Default `sb-<ref>-auth-token` (`<ref>` = the URL's first host label). */
  storageKey?: string;
  /**
   * Keeps the user apart from the session, as supabase-js's `userStorage`: `{ user }` under
   * `<storageKey>-user` here, the session without its user in `storage` (e.g. cookies for the
   * tokens, `localStorage` for the larger user). Used only when the session is persisted.
   */
  userStorage?: SupportedStorage;
  /** Default `true`. */
  autoRefreshToken?: boolean;
  /** Default `true`; `false` keeps the session in memory only. */
  persistSession?: boolean;
  /** Default `true` (browsers only). A function decides per URL. */
  detectSessionInUrl?: boolean | ((url: URL, params: Record<string, string>) => boolean);
  /** Default `'implicit'`, as supabase-js. */
  flowType?: AuthFlowType;
  /**
   * The HTTP transport to use instead of one made from `fetch` (tests drive it in virtual time;
   * its requests already carry every header the auth service needs).
   */
  transport?: Transport;
  /** Do not run `initialize()` from the constructor (call it yourself). */
  skipAutoInitialize?: boolean;
  /**
   * The WebAuthn API passkey and WebAuthn MFA ceremonies use instead of the browser's
   * `navigator.credentials` (hybrid apps, tests with a software authenticator). Read at each call
   * when absent.
   */
  webauthn?: WebAuthnCredentials;
  /** Experimental APIs: `recoveryCodes: true` enables `mfa.recoveryCodes` (off by default, as auth-js). */
  experimental?: { recoveryCodes?: boolean };
}

/** A GoTrue OAuth provider name (`github`, `google`, …). */
export type Provider = string;

/** Assurance level of a session. */
export type AuthenticatorAssuranceLevels = 'aal1' | 'aal2';

/** One authentication method of the session (`amr` claim). */
export interface AMREntry {
  method: string;
  timestamp: number;
}

/** The claims of a Supabase access token. */
export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  role?: string;
  aal?: AuthenticatorAssuranceLevels;
  amr?: AMREntry[];
  session_id?: string;
  email?: string;
  phone?: string;
  is_anonymous?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  [claim: string]: unknown;
}

/** A JWT header. */
export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [key: string]: unknown;
}
