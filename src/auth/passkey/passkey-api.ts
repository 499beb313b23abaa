import { concat, last, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthApi, AuthRequestOptions } from '../auth-api.js';
import { AuthInvalidTokenResponseError, AuthValidationError } from '../errors.js';
import { coldWith } from '../flows/session-result.js';
import { requireNonEmptyString } from '../input-checks.js';
import type { HttpMethod } from '../../http/types.js';
import { parseSessionResponse } from '../session-codec.js';
import type { AuthChangeEvent, Session } from '../types.js';
import type {
  PasskeyAuthenticationOptionsResponse,
  PasskeyDeleteParams,
  PasskeyListItem,
  PasskeyMetadata,
  PasskeyRegistrationOptionsResponse,
  PasskeySignInResult,
  PasskeyUpdateParams,
  StartPasskeyAuthenticationParams,
  VerifyPasskeyAuthenticationParams,
  VerifyPasskeyRegistrationParams,
} from './types.js';

/** What the passkey API needs of the auth client (its `AuthCore` fits). */
export interface PasskeyApiContext {
  readonly api: AuthApi;
  /** The current session (refreshed when near expiry), or an `AuthSessionMissingError`. */
  requireSession(): Observable<Session>;
  /** Stores a new session and announces `event`. */
  saveSession(
    session: Session,
    event: Exclude<AuthChangeEvent, 'INITIAL_SESSION'>,
  ): Observable<void>;
  /** Milliseconds on the client's scheduler (for `expires_at`). */
  now(): number;
}

function requireCredential(params: { challengeId?: unknown; credential?: unknown } | undefined) {
  requireNonEmptyString(params?.challengeId, 'challengeId');
  if (!params?.credential || typeof params.credential !== 'object') {
    throw new AuthValidationError('credential must be a serialized WebAuthn credential');
  }
}

/**
 * Passkeys, the two-step API and the management calls (`auth.passkey`), as auth-js 2.119 has
 * them. `startRegistration` / `verifyRegistration` and the management calls need a session
 * (`AuthSessionMissingError` otherwise); `startAuthentication` / `verifyAuthentication` sign in
 * and need none. For the whole ceremony in one call see `registerPasskey` and
 * `signInWithPasskey`.
 *
 * @example
 * ```ts
 * auth.passkey.list().subscribe((keys) => render(keys.map((k) => k.friendly_name)));
 * ```
 */
export class PasskeyApi {
  constructor(private readonly context: PasskeyApiContext) {}

  /**
   * `POST /passkeys/registration/options`: a registration challenge and the options for
   * `navigator.credentials.create()`.
   *
   * @example
   * ```ts
   * auth.passkey.startRegistration().subscribe(({ challenge_id, options }) => …);
   * ```
   */
  startRegistration(): Observable<PasskeyRegistrationOptionsResponse> {
    return coldWith(() => this.#asUser('POST', '/passkeys/registration/options', { body: {} }));
  }

  /**
   * `POST /passkeys/registration/verify`: sends the new credential; emits the stored passkey.
   *
   * @example
   * ```ts
   * auth.passkey.verifyRegistration({ challengeId, credential }).subscribe(({ id }) => …);
   * ```
   */
  verifyRegistration(params: VerifyPasskeyRegistrationParams): Observable<PasskeyMetadata> {
    return coldWith(() => {
      requireCredential(params);
      return this.#asUser('POST', '/passkeys/registration/verify', {
        body: { challenge_id: params.challengeId, credential: params.credential },
      });
    });
  }

  /**
   * `POST /passkeys/authentication/options`: a sign-in challenge and the options for
   * `navigator.credentials.get()`. No session needed.
   *
   * @example
   * ```ts
   * auth.passkey.startAuthentication().subscribe(({ challenge_id, options }) => …);
   * ```
   */
  startAuthentication(
    params?: StartPasskeyAuthenticationParams,
  ): Observable<PasskeyAuthenticationOptionsResponse> {
    return coldWith(() =>
      this.context.api
        .request('POST', '/passkeys/authentication/options', {
          body: { gotrue_meta_security: { captcha_token: params?.options?.captchaToken } },
        })
        .pipe(map(({ data }) => data as PasskeyAuthenticationOptionsResponse)),
    );
  }

  /**
   * `POST /passkeys/authentication/verify`: sends the assertion; the session it answers is
   * saved (`SIGNED_IN`) and emitted with its user.
   *
   * @example
   * ```ts
   * auth.passkey.verifyAuthentication({ challengeId, credential }).subscribe(({ user }) => …);
   * ```
   */
  verifyAuthentication(params: VerifyPasskeyAuthenticationParams): Observable<PasskeySignInResult> {
    return coldWith(() => {
      requireCredential(params);
      return this.context.api
        .request('POST', '/passkeys/authentication/verify', {
          body: { challenge_id: params.challengeId, credential: params.credential },
        })
        .pipe(
          map(({ data }) => {
            const result = parseSessionResponse(data, this.context.now());
            if (!result.session || !result.user) throw new AuthInvalidTokenResponseError();
            return { session: result.session, user: result.user };
          }),
          switchMap((result) =>
            concat(this.context.saveSession(result.session, 'SIGNED_IN'), of(result)).pipe(last()),
          ),
          map((r) => r as PasskeySignInResult),
        );
    });
  }

  /**
   * `GET /passkeys`: the signed-in user's passkeys.
   *
   * @example
   * ```ts
   * auth.passkey.list().subscribe((keys) => …);
   * ```
   */
  list(): Observable<PasskeyListItem[]> {
    return coldWith(() => this.#asUser('GET', '/passkeys'));
  }

  /**
   * `PATCH /passkeys/<id>` `{ friendly_name }`: renames a passkey; emits it.
   *
   * @example
   * ```ts
   * auth.passkey.update({ passkeyId, friendlyName: 'Laptop' }).subscribe();
   * ```
   */
  update(params: PasskeyUpdateParams): Observable<PasskeyListItem> {
    return coldWith(() => {
      const id = requireNonEmptyString(params?.passkeyId, 'passkeyId');
      return this.#asUser('PATCH', `/passkeys/${encodeURIComponent(id)}`, {
        body: { friendly_name: params.friendlyName },
      });
    });
  }

  /**
   * `DELETE /passkeys/<id>`: removes a passkey; emits `null`.
   *
   * @example
   * ```ts
   * auth.passkey.delete({ passkeyId }).subscribe();
   * ```
   */
  delete(params: PasskeyDeleteParams): Observable<null> {
    return coldWith(() => {
      const id = requireNonEmptyString(params?.passkeyId, 'passkeyId');
      return this.#asUser<unknown>('DELETE', `/passkeys/${encodeURIComponent(id)}`).pipe(
        map(() => null),
      );
    });
  }

  /** One request with the session's access token; emits the parsed body. */
  #asUser<T>(
    method: HttpMethod,
    path: string,
    options: Omit<AuthRequestOptions, 'jwt'> = {},
  ): Observable<T> {
    return this.context.requireSession().pipe(
      switchMap((session) =>
        this.context.api.request(method, path, { ...options, jwt: session.access_token }),
      ),
      map(({ data }) => data as T),
    );
  }
}
