import type { Observable } from 'rxjs';
import { securityMeta, type AuthCore } from '../auth-core.js';
import { AuthInvalidCredentialsError } from '../errors.js';
import type { AuthResponse } from '../types.js';
import { coldWith, saveSessionFrom } from './session-result.js';
import { withPkce } from './pkce-fields.js';

/** Arguments of `signUp`: an email or a phone, and a password. */
export type SignUpCredentials =
  | {
      email: string;
      password: string;
      options?: { emailRedirectTo?: string; data?: object; captchaToken?: string };
    }
  | {
      phone: string;
      password: string;
      options?: { data?: object; captchaToken?: string; channel?: 'sms' | 'whatsapp' };
    };

/** Arguments of `signInAnonymously`. */
export interface SignInAnonymouslyCredentials {
  options?: { data?: object; captchaToken?: string };
}

/**
 * `POST /signup` with an email or phone and a password; saves the session when the project
 * auto-confirms (SIGNED_IN).
 *
 * @example
 * ```ts
 * signUp(core, { email: 'a@b.c', password: 'secret-pw' }).subscribe(({ user }) => console.log(user?.id));
 * ```
 */
export function signUp(core: AuthCore, credentials: SignUpCredentials): Observable<AuthResponse> {
  return coldWith(() => {
    const c = (credentials ?? {}) as Partial<Record<'email' | 'phone' | 'password', string>> & {
      options?: Record<string, unknown>;
    };
    const options = c.options ?? {};
    if (typeof c.email === 'string') {
      return withPkce(core, (pkce) =>
        core.api.request('POST', '/signup', {
          redirectTo: options.emailRedirectTo as string | undefined,
          body: {
            email: c.email,
            password: c.password,
            data: options.data ?? {},
            gotrue_meta_security: securityMeta(options.captchaToken as string | undefined),
            code_challenge: pkce.code_challenge,
            code_challenge_method: pkce.code_challenge_method,
          },
        }),
      ).pipe(saveSessionFrom(core, 'SIGNED_IN'));
    }
    if (typeof c.phone === 'string') {
      return core.api
        .request('POST', '/signup', {
          body: {
            phone: c.phone,
            password: c.password,
            data: options.data ?? {},
            channel: options.channel ?? 'sms',
            gotrue_meta_security: securityMeta(options.captchaToken as string | undefined),
          },
        })
        .pipe(saveSessionFrom(core, 'SIGNED_IN'));
    }
    throw new AuthInvalidCredentialsError(
      'You must provide either an email or phone number and a password',
    );
  });
}

/**
 * `POST /signup` without credentials: an anonymous user with a session (SIGNED_IN).
 *
 * @example
 * ```ts
 * signInAnonymously(core).subscribe(({ session }) => console.log(session?.user.is_anonymous));
 * ```
 */
export function signInAnonymously(
  core: AuthCore,
  credentials?: SignInAnonymouslyCredentials,
): Observable<AuthResponse> {
  return coldWith(() =>
    core.api
      .request('POST', '/signup', {
        body: {
          data: credentials?.options?.data ?? {},
          gotrue_meta_security: securityMeta(credentials?.options?.captchaToken),
        },
      })
      .pipe(saveSessionFrom(core, 'SIGNED_IN')),
  );
}
