import { map, type Observable } from 'rxjs';
import { securityMeta, type AuthCore } from '../auth-core.js';
import { AuthInvalidCredentialsError } from '../errors.js';
import type { AuthResponse, AuthSessionResponse } from '../types.js';
import { coldWith, requireSessionFrom } from './session-result.js';
import { withPkce } from './pkce-fields.js';

/** Arguments of `signInWithPassword`. */
export type SignInWithPasswordCredentials =
  | { email: string; password: string; options?: { captchaToken?: string } }
  | { phone: string; password: string; options?: { captchaToken?: string } };

/** Arguments of `signInWithIdToken` (an OIDC id token from Google, Apple, …). */
export interface SignInWithIdTokenCredentials {
  provider: string;
  token: string;
  access_token?: string;
  nonce?: string;
  options?: { captchaToken?: string };
}

/** Arguments of `signInWithOtp`: an email (magic link or code) or a phone (SMS, WhatsApp). */
export type SignInWithOtpCredentials =
  | {
      email: string;
      options?: {
        emailRedirectTo?: string;
        shouldCreateUser?: boolean;
        data?: object;
        captchaToken?: string;
      };
    }
  | {
      phone: string;
      options?: {
        shouldCreateUser?: boolean;
        data?: object;
        captchaToken?: string;
        channel?: 'sms' | 'whatsapp';
      };
    };

/**
 * `POST /token?grant_type=password` (SIGNED_IN). Emits `weakPassword` when the server flags it.
 *
 * @example
 * ```ts
 * signInWithPassword(core, { email: 'a@b.c', password: 'pw' }).subscribe(({ session }) => …);
 * ```
 */
export function signInWithPassword(
  core: AuthCore,
  credentials: SignInWithPasswordCredentials,
): Observable<AuthSessionResponse> {
  return coldWith(() => {
    const c = (credentials ?? {}) as Partial<Record<'email' | 'phone' | 'password', string>> & {
      options?: { captchaToken?: string };
    };
    const id =
      typeof c.email === 'string'
        ? { email: c.email }
        : typeof c.phone === 'string'
          ? { phone: c.phone }
          : null;
    if (!id)
      throw new AuthInvalidCredentialsError(
        'You must provide either an email or phone number and a password',
      );
    return core.api
      .request('POST', '/token', {
        query: { grant_type: 'password' },
        body: {
          ...id,
          password: c.password,
          gotrue_meta_security: securityMeta(c.options?.captchaToken),
        },
      })
      .pipe(requireSessionFrom(core, 'SIGNED_IN'));
  });
}

/**
 * `POST /token?grant_type=id_token` (SIGNED_IN).
 *
 * @example
 * ```ts
 * signInWithIdToken(core, { provider: 'google', token: idToken }).subscribe();
 * ```
 */
export function signInWithIdToken(
  core: AuthCore,
  credentials: SignInWithIdTokenCredentials,
): Observable<AuthSessionResponse> {
  return coldWith(() => {
    if (
      !credentials ||
      typeof credentials.token !== 'string' ||
      typeof credentials.provider !== 'string'
    ) {
      throw new AuthInvalidCredentialsError('signInWithIdToken needs a provider and a token');
    }
    const { provider, token, access_token, nonce, options } = credentials;
    return core.api
      .request('POST', '/token', {
        query: { grant_type: 'id_token' },
        body: {
          provider,
          id_token: token,
          access_token,
          nonce,
          gotrue_meta_security: securityMeta(options?.captchaToken),
        },
      })
      .pipe(requireSessionFrom(core, 'SIGNED_IN'));
  });
}

/**
 * `POST /otp`: sends a magic link or code by email, or a code by SMS/WhatsApp. Emits
 * `{ user: null, session: null, messageId? }`; the session comes later from `verifyOtp` or the link.
 *
 * @example
 * ```ts
 * signInWithOtp(core, { email: 'a@b.c', options: { shouldCreateUser: false } }).subscribe();
 * ```
 */
export function signInWithOtp(
  core: AuthCore,
  credentials: SignInWithOtpCredentials,
): Observable<AuthResponse> {
  return coldWith(() => {
    const c = (credentials ?? {}) as Partial<Record<'email' | 'phone', string>> & {
      options?: Record<string, unknown>;
    };
    const o = c.options ?? {};
    const common = {
      data: o.data ?? {},
      create_user: o.shouldCreateUser ?? true,
      gotrue_meta_security: securityMeta(o.captchaToken as string | undefined),
    };
    if (typeof c.email === 'string') {
      return withPkce(core, (pkce) =>
        core.api.request('POST', '/otp', {
          redirectTo: o.emailRedirectTo as string | undefined,
          body: {
            email: c.email,
            ...common,
            code_challenge: pkce.code_challenge,
            code_challenge_method: pkce.code_challenge_method,
          },
        }),
      ).pipe(map((): AuthResponse => ({ user: null, session: null })));
    }
    if (typeof c.phone === 'string') {
      return core.api
        .request('POST', '/otp', {
          body: { phone: c.phone, ...common, channel: o.channel ?? 'sms' },
        })
        .pipe(
          map(({ data }): AuthResponse => ({
            user: null,
            session: null,
            messageId: (data as { message_id?: string } | null)?.message_id ?? null,
          })),
        );
    }
    throw new AuthInvalidCredentialsError('You must provide either an email or phone number.');
  });
}
