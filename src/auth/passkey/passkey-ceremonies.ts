import { switchMap, type Observable } from 'rxjs';
import { AuthUnknownError } from '../errors.js';
import { coldWith } from '../flows/session-result.js';
import type { PasskeyApi } from './passkey-api.js';
import type {
  PasskeyMetadata,
  PasskeySignInResult,
  SignInWithPasskeyCredentials,
} from './types.js';
import {
  ceremony$,
  toCreationOptions,
  toRequestOptions,
  type WebAuthnCredentials,
} from './webauthn-browser.js';

/** Arguments of `registerPasskey`. */
export interface RegisterPasskeyCredentials {
  /** An extra abort signal; unsubscribing aborts the ceremony anyway. */
  options?: { signal?: AbortSignal };
}

/** As auth-js, a missing WebAuthn API fails before any request is sent. */
function check(credentials: WebAuthnCredentials | undefined): void {
  if (!credentials) throw new AuthUnknownError('Browser does not support WebAuthn', null);
}

/**
 * Signs in with a passkey, the whole ceremony: a challenge from the server, the browser's
 * `navigator.credentials.get()` (`mediation: 'conditional'` for autofill), then the server's
 * verification; emits the saved session and its user. Unsubscribing aborts the browser prompt
 * and the requests. Without WebAuthn: `AuthUnknownError('Browser does not support WebAuthn')`.
 *
 * @example
 * ```ts
 * signInWithPasskey(auth.passkey, browserCredentials()).subscribe(({ user }) => welcome(user));
 * ```
 */
export function signInWithPasskey(
  passkey: PasskeyApi,
  credentials: WebAuthnCredentials | undefined,
  params?: SignInWithPasskeyCredentials & { options?: { signal?: AbortSignal } },
): Observable<PasskeySignInResult> {
  return coldWith(() => {
    check(credentials);
    const o = params?.options;
    return passkey.startAuthentication({ options: { captchaToken: o?.captchaToken } }).pipe(
      switchMap((start) =>
        ceremony$(credentials, 'get', toRequestOptions(start.options), {
          signal: o?.signal,
          mediation: o?.mediation,
        }).pipe(
          switchMap((credential) =>
            passkey.verifyAuthentication({ challengeId: start.challenge_id, credential }),
          ),
        ),
      ),
    );
  });
}

/**
 * Registers a passkey for the signed-in user, the whole ceremony: a challenge, the browser's
 * `navigator.credentials.create()`, the server's verification; emits the new passkey.
 *
 * @example
 * ```ts
 * registerPasskey(auth.passkey, browserCredentials()).subscribe(({ id }) => saved(id));
 * ```
 */
export function registerPasskey(
  passkey: PasskeyApi,
  credentials: WebAuthnCredentials | undefined,
  params?: RegisterPasskeyCredentials,
): Observable<PasskeyMetadata> {
  return coldWith(() => {
    check(credentials);
    return passkey.startRegistration().pipe(
      switchMap((start) =>
        ceremony$(credentials, 'create', toCreationOptions(start.options), {
          signal: params?.options?.signal,
        }).pipe(
          switchMap((credential) =>
            passkey.verifyRegistration({ challengeId: start.challenge_id, credential }),
          ),
        ),
      ),
    );
  });
}
