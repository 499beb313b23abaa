import { SupabaseRxError } from '../http/supabase-rx-error.js';

/**
 * The base class of every auth error. Extends {@link SupabaseRxError}, so `status` and `code` are
 * always present; `code` is GoTrue's stable error code (`invalid_credentials`, …) or `''`.
 *
 * @example
 * ```ts
 * auth.signInWithPassword({ email, password }).subscribe({
 *   error: (e) => { if (e instanceof AuthError) console.log(e.status, e.code, e.message); },
 * });
 * ```
 */
export class AuthError extends SupabaseRxError {
  /** Marker kept for supabase-js's `isAuthError` duck typing across bundle copies. */
  readonly __isAuthError = true;

  constructor(message: string, status?: number, code?: string, cause?: unknown) {
    super(message, { status, code, cause });
    this.name = 'AuthError';
  }

  /** A plain object with the fields supabase-js serialises. */
  toJSON(): { name: string; message: string; status: number; code: string } {
    return { name: this.name, message: this.message, status: this.status, code: this.code };
  }
}

/**
 * An error answer from the auth server (4xx), with the server's message and code.
 *
 * @example
 * ```ts
 * if (e instanceof AuthApiError && e.code === 'invalid_credentials') showWrongPassword();
 * ```
 */
export class AuthApiError extends AuthError {
  constructor(message: string, status: number, code?: string) {
    super(message, status, code);
    this.name = 'AuthApiError';
  }
}

/**
 * A failed response that could not be understood (a non-JSON error body).
 *
 * @example
 * ```ts
 * if (e instanceof AuthUnknownError) console.log(e.originalError);
 * ```
 */
export class AuthUnknownError extends AuthError {
  constructor(
    message: string,
    readonly originalError: unknown,
    status?: number,
  ) {
    super(message, status, undefined, originalError);
    this.name = 'AuthUnknownError';
  }
}

/**
 * No session where one is needed (or the server no longer knows it: `session_not_found`).
 *
 * @example
 * ```ts
 * auth.getUser().subscribe({ error: (e) => e instanceof AuthSessionMissingError && goToLogin() });
 * ```
 */
export class AuthSessionMissingError extends AuthError {
  constructor() {
    super('Auth session missing!', 400);
    this.name = 'AuthSessionMissingError';
  }
}

/**
 * The server answered a session request without a usable session or user.
 *
 * @example
 * ```ts
 * if (e instanceof AuthInvalidTokenResponseError) console.log('bad session response');
 * ```
 */
export class AuthInvalidTokenResponseError extends AuthError {
  constructor() {
    super('Auth session or user missing', 500);
    this.name = 'AuthInvalidTokenResponseError';
  }
}

/**
 * Credentials missing or malformed, caught before anything is sent.
 *
 * @example
 * ```ts
 * auth.signInWithPassword({ password: 'x' } as never).subscribe({ error: (e) => console.log(e.message) });
 * ```
 */
export class AuthInvalidCredentialsError extends AuthError {
  constructor(message: string) {
    super(message, 400);
    this.name = 'AuthInvalidCredentialsError';
  }
}

/**
 * A method argument that is not valid (a user id that is not a UUID, a bad page number …).
 *
 * @example
 * ```ts
 * auth.admin.getUserById('nope').subscribe({ error: (e) => e instanceof AuthValidationError });
 * ```
 */
export class AuthValidationError extends AuthError {
  constructor(message: string) {
    super(message, 400, 'validation_failed');
    this.name = 'AuthValidationError';
  }
}

/**
 * An OAuth/magic-link redirect carried an error (`?error=…&error_description=…`).
 *
 * @example
 * ```ts
 * if (e instanceof AuthImplicitGrantRedirectError) console.log(e.details?.code);
 * ```
 */
export class AuthImplicitGrantRedirectError extends AuthError {
  constructor(
    message: string,
    readonly details: { error: string; code: string } | null = null,
  ) {
    super(message, 500);
    this.name = 'AuthImplicitGrantRedirectError';
  }
}

/**
 * A PKCE code exchange that could not be completed.
 *
 * @example
 * ```ts
 * if (e instanceof AuthPKCEGrantCodeExchangeError) console.log(e.details);
 * ```
 */
export class AuthPKCEGrantCodeExchangeError extends AuthError {
  constructor(
    message: string,
    readonly details: { error: string; code: string } | null = null,
  ) {
    super(message, 500);
    this.name = 'AuthPKCEGrantCodeExchangeError';
  }
}

/**
 * `exchangeCodeForSession` found no PKCE code verifier in storage (nothing was sent).
 *
 * @example
 * ```ts
 * if (e instanceof AuthPKCECodeVerifierMissingError) restartLogin();
 * ```
 */
export class AuthPKCECodeVerifierMissingError extends AuthError {
  constructor() {
    super(
      'PKCE code verifier not found in storage. This can happen if the auth flow was initiated in a ' +
        'different browser or device, or if the storage was cleared.',
      400,
      'pkce_code_verifier_not_found',
    );
    this.name = 'AuthPKCECodeVerifierMissingError';
  }
}

/**
 * No answer (network failure, status 0) or a 5xx answer: the request may be retried.
 *
 * @example
 * ```ts
 * if (e instanceof AuthRetryableFetchError) retryLater();
 * ```
 */
export class AuthRetryableFetchError extends AuthError {
  constructor(message: string, status: number, cause?: unknown) {
    super(message, status, undefined, cause);
    this.name = 'AuthRetryableFetchError';
  }
}

/**
 * A refresh's new tokens were thrown away because the session changed while it was in flight
 * (signed out, or replaced by another sign-in).
 *
 * @example
 * ```ts
 * if (e instanceof AuthRefreshDiscardedError) console.log('session changed meanwhile');
 * ```
 */
export class AuthRefreshDiscardedError extends AuthError {
  constructor(
    message = 'Refreshed session discarded: the session changed while the refresh was in flight',
  ) {
    super(message, 409);
    this.name = 'AuthRefreshDiscardedError';
  }
}

/**
 * The password does not meet the project's requirements; `reasons` says why
 * (`length`, `characters`, `pwned`).
 *
 * @example
 * ```ts
 * if (e instanceof AuthWeakPasswordError) console.log(e.reasons);
 * ```
 */
export class AuthWeakPasswordError extends AuthError {
  constructor(
    message: string,
    status: number,
    readonly reasons: string[],
  ) {
    super(message, status, 'weak_password');
    this.name = 'AuthWeakPasswordError';
  }
}

/**
 * A JWT that is malformed, expired or whose signature does not verify.
 *
 * @example
 * ```ts
 * auth.getClaims('not-a-jwt').subscribe({ error: (e) => e instanceof AuthInvalidJwtError });
 * ```
 */
export class AuthInvalidJwtError extends AuthError {
  constructor(message: string) {
    super(message, 400, 'invalid_jwt');
    this.name = 'AuthInvalidJwtError';
  }
}

/**
 * Whether `error` is an auth error (also one from another copy of this package).
 *
 * @example
 * ```ts
 * if (isAuthError(e)) console.log(e.code);
 * ```
 */
export function isAuthError(error: unknown): error is AuthError {
  return typeof error === 'object' && error !== null && '__isAuthError' in error;
}

/**
 * Whether `error` is an error answer of the auth server.
 *
 * @example
 * ```ts
 * if (isAuthApiError(e) && e.status === 422) showValidation(e.message);
 * ```
 */
export function isAuthApiError(error: unknown): error is AuthApiError {
  return isAuthError(error) && error.name === 'AuthApiError';
}

/**
 * Whether `error` is an {@link AuthRetryableFetchError}.
 *
 * @example
 * ```ts
 * if (isAuthRetryableFetchError(e)) retryLater();
 * ```
 */
export function isAuthRetryableFetchError(error: unknown): error is AuthRetryableFetchError {
  return isAuthError(error) && error.name === 'AuthRetryableFetchError';
}

/**
 * Whether `error` is an {@link AuthSessionMissingError}.
 *
 * @example
 * ```ts
 * if (isAuthSessionMissingError(e)) goToLogin();
 * ```
 */
export function isAuthSessionMissingError(error: unknown): error is AuthSessionMissingError {
  return isAuthError(error) && error.name === 'AuthSessionMissingError';
}

/**
 * Whether `error` is an {@link AuthWeakPasswordError}.
 *
 * @example
 * ```ts
 * if (isAuthWeakPasswordError(e)) console.log(e.reasons);
 * ```
 */
export function isAuthWeakPasswordError(error: unknown): error is AuthWeakPasswordError {
  return isAuthError(error) && error.name === 'AuthWeakPasswordError';
}
