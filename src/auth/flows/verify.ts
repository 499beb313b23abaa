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
import { securityMeta, type AuthCore } from '../auth-core.js';
import {
  AuthInvalidCredentialsError,
  AuthInvalidTokenResponseError,
  AuthPKCECodeVerifierMissingError,
} from '../errors.js';
import { readPkceVerifier, removePkceVerifier, validFlowId } from '../pkce.js';
import { parseSessionResponse } from '../session-codec.js';
import type { AuthResponse, AuthSessionResponse } from '../types.js';
import { coldWith } from './session-result.js';
import { withPkce } from './pkce-fields.js';

/** Email OTP types of `verifyOtp`. */
export type EmailOtpType =
  'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change' | 'email';
/** Phone OTP types of `verifyOtp`. */
export type MobileOtpType = 'sms' | 'phone_change';

/** Arguments of `verifyOtp`: an emailed/SMS code, or the token hash of an email link. */
export type VerifyOtpParams =
  | {
      email: string;
      token: string;
      type: EmailOtpType;
      options?: { redirectTo?: string; captchaToken?: string };
    }
  | {
      phone: string;
      token: string;
      type: MobileOtpType;
      options?: { redirectTo?: string; captchaToken?: string };
    }
  | {
      token_hash: string;
      type: EmailOtpType;
      options?: { redirectTo?: string; captchaToken?: string };
    };

/** Arguments of `resend`. */
export type ResendParams =
  | {
      type: 'signup' | 'email_change';
      email: string;
      options?: { emailRedirectTo?: string; captchaToken?: string };
    }
  | { type: 'sms' | 'phone_change'; phone: string; options?: { captchaToken?: string } };

/**
 * `POST /verify`: checks an OTP code or token hash; a session is saved with SIGNED_IN, or
 * PASSWORD_RECOVERY for `type: 'recovery'`.
 *
 * @example
 * ```ts
 * verifyOtp(core, { email: 'a@b.c', token: '123456', type: 'email' }).subscribe(({ session }) => …);
 * ```
 */
export function verifyOtp(core: AuthCore, params: VerifyOtpParams): Observable<AuthResponse> {
  return coldWith(() => {
    if (!params || typeof params.type !== 'string') {
      throw new AuthInvalidCredentialsError(
        'verifyOtp needs a type and an email, phone or token_hash',
      );
    }
    const options = 'options' in params ? params.options : undefined;
    return core.api
      .request('POST', '/verify', {
        redirectTo: options?.redirectTo,
        // supabase-js spreads every parameter, `options` included, into the body.
        body: { ...params, gotrue_meta_security: securityMeta(options?.captchaToken) },
      })
      .pipe(
        switchMap(({ data }) => {
          const result = parseSessionResponse(data, core.now());
          if (!result.session?.access_token) return of(result);
          const event = params.type === 'recovery' ? 'PASSWORD_RECOVERY' : 'SIGNED_IN';
          return concat(core.saveSession(result.session, event), of(result)).pipe(last());
        }),
        map((r) => r as AuthResponse),
      );
  });
}

/**
 * `POST /resend`: sends the signup / email-change / SMS code again.
 *
 * @example
 * ```ts
 * resend(core, { type: 'signup', email: 'a@b.c' }).subscribe();
 * ```
 */
export function resend(core: AuthCore, params: ResendParams): Observable<AuthResponse> {
  return coldWith(() => {
    const p = (params ?? {}) as Partial<Record<'email' | 'phone' | 'type', string>> & {
      options?: { emailRedirectTo?: string; captchaToken?: string };
    };
    if (typeof p.email === 'string') {
      return withPkce(core, (pkce) =>
        core.api.request('POST', '/resend', {
          redirectTo: p.options?.emailRedirectTo,
          body: {
            email: p.email,
            type: p.type,
            gotrue_meta_security: securityMeta(p.options?.captchaToken),
            code_challenge: pkce.code_challenge,
            code_challenge_method: pkce.code_challenge_method,
          },
        }),
      ).pipe(map((): AuthResponse => ({ user: null, session: null })));
    }
    if (typeof p.phone === 'string') {
      return core.api
        .request('POST', '/resend', {
          body: {
            phone: p.phone,
            type: p.type,
            gotrue_meta_security: securityMeta(p.options?.captchaToken),
          },
        })
        .pipe(
          map(({ data }): AuthResponse => ({
            user: null,
            session: null,
            messageId: (data as { message_id?: string } | null)?.message_id ?? null,
          })),
        );
    }
    throw new AuthInvalidCredentialsError(
      'You must provide either an email or phone number and a type',
    );
  });
}

/**
 * `POST /recover`: emails a password-reset link (PKCE verifier stored with `/recovery`).
 *
 * @example
 * ```ts
 * resetPasswordForEmail(core, 'a@b.c', { redirectTo: 'https://app/reset' }).subscribe();
 * ```
 */
export function resetPasswordForEmail(
  core: AuthCore,
  email: string,
  options: { redirectTo?: string; captchaToken?: string } = {},
): Observable<Record<string, never>> {
  return coldWith(() => {
    if (typeof email !== 'string' || !email)
      throw new AuthInvalidCredentialsError('An email is required');
    return withPkce(
      core,
      (pkce) =>
        core.api.request('POST', '/recover', {
          redirectTo: options.redirectTo,
          body: {
            email,
            code_challenge: pkce.code_challenge,
            code_challenge_method: pkce.code_challenge_method,
            gotrue_meta_security: securityMeta(options.captchaToken),
          },
        }),
      true,
    ).pipe(map(() => ({})));
  });
}

/** What `exchangeCodeForSession` emits. */
export interface CodeExchangeResult extends AuthSessionResponse {
  /** `'recovery'` when the flow was a password recovery, else `null`. */
  redirectType: string | null;
}

/**
 * `POST /token?grant_type=pkce`: trades the `?code=` of a PKCE redirect and the stored verifier for a
 * session (SIGNED_IN, or PASSWORD_RECOVERY for a recovery flow). A missing verifier in PKCE mode is
 * an {@link AuthPKCECodeVerifierMissingError} and nothing is sent.
 *
 * @example
 * ```ts
 * exchangeCodeForSession(core, new URL(location.href).searchParams.get('code')!).subscribe();
 * ```
 */
export function exchangeCodeForSession(
  core: AuthCore,
  authCode: string,
  options: { flowId?: string } = {},
): Observable<CodeExchangeResult> {
  return coldWith(() => {
    if (typeof authCode !== 'string' || !authCode)
      throw new AuthInvalidCredentialsError('An auth code is required');
    const { storage, storageKey, flowType } = core.options;
    const flowId = validFlowId(options.flowId);
    const verifier$ =
      options.flowId && !flowId ? of(null) : readPkceVerifier(storage, storageKey, flowId);
    return verifier$.pipe(
      switchMap((stored) => {
        const [codeVerifier, redirectType] = (stored ?? '').split('/');
        if (!codeVerifier && flowType === 'pkce') throw new AuthPKCECodeVerifierMissingError();
        const cleanup = removePkceVerifier(storage, storageKey, flowId);
        return core.api
          .request('POST', '/token', {
            query: { grant_type: 'pkce' },
            body: { auth_code: authCode, code_verifier: codeVerifier || undefined },
          })
          .pipe(
            catchError((error: unknown) =>
              concat(
                cleanup.pipe(ignoreElements()),
                throwError(() => error),
              ),
            ),
            switchMap(({ data }) => {
              const result = parseSessionResponse(data, core.now());
              if (!result.session || !result.user) throw new AuthInvalidTokenResponseError();
              const event = redirectType === 'recovery' ? 'PASSWORD_RECOVERY' : 'SIGNED_IN';
              const out: CodeExchangeResult = {
                ...(result as AuthSessionResponse),
                redirectType: redirectType ?? null,
              };
              return concat(cleanup, core.saveSession(result.session, event), of(out)).pipe(last());
            }),
          );
      }),
      map((r) => r as CodeExchangeResult),
    );
  });
}
