import {
  catchError,
  concat,
  EMPTY,
  ignoreElements,
  map,
  of,
  switchMap,
  throwError,
  type Observable,
} from 'rxjs';
import { AuthError, AuthUnknownError, isAuthError } from '../errors.js';
import { coldWith } from '../flows/session-result.js';
import { ceremony$, type WebAuthnCredentials } from '../passkey/webauthn-browser.js';
import type { ServerCredentialResponse } from '../passkey/types.js';
import type { Session, User } from '../types.js';
import type { MFAChallengeResult, MFAEnrollResult, MFAFactors, MfaApi } from '../mfa.js';
import { MFA_CREATION_DEFAULTS, MFA_REQUEST_DEFAULTS, layered } from './webauthn-options.js';
import type {
  MFAVerifyWebAuthn,
  MFAWebAuthnCeremonyParams,
  MFAWebAuthnChallengeParams,
  MFAWebAuthnChallengeResult,
  MFAWebAuthnOverrides,
} from './webauthn-types.js';

/** What `mfa.webauthn` needs: the MFA calls, the user, and where the ceremonies run. */
export interface MfaWebAuthnContext {
  readonly mfa: Pick<MfaApi, 'enroll' | 'challenge' | 'verify' | 'listFactors' | 'unenroll'>;
  getUser(): Observable<User>;
  /** The WebAuthn API at the time of a call (`undefined`: none here). */
  credentials(): WebAuthnCredentials | undefined;
}

/** The page's location, read at each call (auth-js's defaults for `rpId` and `rpOrigins`). */
const pageLocation = () =>
  (globalThis as { window?: { location?: { hostname: string; origin: string } } }).window?.location;

/** auth-js's rule: errors of the auth kind as they are, anything else wrapped. */
const wrapped =
  (what: string) =>
  <T>(source: Observable<T>): Observable<T> =>
    source.pipe(
      catchError((e: unknown) =>
        throwError(() =>
          isAuthError(e) ? e : new AuthUnknownError(`Unexpected error in ${what}`, e),
        ),
      ),
    );

/**
 * WebAuthn MFA factors (`auth.mfa.webauthn`), as auth-js 2.119's `WebAuthnApi`: `register` and
 * `authenticate` run the whole ceremony (server challenge, `navigator.credentials.create()` or
 * `get()`, verification raising the session to aal2); `enroll` / `challenge` / `verify` are its
 * steps. Unsubscribing aborts the browser prompt and the requests.
 *
 * @example
 * ```ts
 * auth.mfa.webauthn.register({ friendlyName: 'YubiKey' }).subscribe((session) => …);
 * ```
 */
export class MfaWebAuthnApi {
  constructor(private readonly context: MfaWebAuthnContext) {}

  /**
   * `mfa.enroll({ factorType: 'webauthn', friendlyName })`: a new unverified WebAuthn factor.
   *
   * @example
   * ```ts
   * auth.mfa.webauthn.enroll({ friendlyName: 'YubiKey' }).subscribe(({ id }) => …);
   * ```
   */
  enroll(params: { friendlyName?: string }): Observable<MFAEnrollResult> {
    return this.context.mfa.enroll({ ...params, factorType: 'webauthn' });
  }

  /**
   * A server challenge of the factor, then the browser's ceremony with its options (over
   * auth-js's defaults and `overrides`): `create()` for an unverified factor, `get()` for a
   * verified one. Emits the arguments of {@link MfaWebAuthnApi.verify}.
   *
   * @example
   * ```ts
   * auth.mfa.webauthn.challenge({ factorId, webauthn: { rpId: 'example.com' } })
   *   .pipe(switchMap((r) => auth.mfa.webauthn.verify(r)));
   * ```
   */
  challenge(
    params: MFAWebAuthnChallengeParams,
    overrides?: MFAWebAuthnOverrides,
  ): Observable<MFAWebAuthnChallengeResult> {
    return coldWith(() => {
      const { factorId, webauthn, friendlyName, signal } = params ?? ({} as never);
      return this.context.mfa.challenge({ factorId, webauthn }).pipe(
        switchMap((c) =>
          this.#ceremony(c, friendlyName, signal, overrides).pipe(
            map((w) => ({ factorId, challengeId: c.id, webauthn: w })),
          ),
        ),
        wrapped('challenge'),
      );
    });
  }

  /**
   * `mfa.verify` with the credential of a challenge: the session is raised to aal2.
   *
   * @example
   * ```ts
   * auth.mfa.webauthn.verify({ factorId, challengeId, webauthn }).subscribe();
   * ```
   */
  verify(params: {
    factorId: string;
    challengeId: string;
    webauthn: MFAVerifyWebAuthn;
  }): Observable<Session> {
    return coldWith(() =>
      this.context.mfa.verify({
        factorId: params?.factorId,
        challengeId: params?.challengeId,
        webauthn: params?.webauthn,
      }),
    );
  }

  /**
   * Challenges a verified WebAuthn factor and verifies the assertion: the session becomes aal2.
   * `rpId` defaults to the page's host name, `rpOrigins` to its origin.
   *
   * @example
   * ```ts
   * auth.mfa.webauthn.authenticate({ factorId }).subscribe((session) => …);
   * ```
   */
  authenticate(
    params: { factorId: string } & MFAWebAuthnCeremonyParams,
    overrides?: Partial<PublicKeyCredentialRequestOptions>,
  ): Observable<Session> {
    return coldWith(() => {
      const { rpId, rpOrigins, signal } = this.#party(params, 'authentication');
      const { factorId } = params;
      return this.challenge(
        { factorId, webauthn: { rpId, rpOrigins }, signal },
        { request: overrides },
      ).pipe(
        switchMap((c) =>
          this.verify({
            factorId,
            challengeId: c.challengeId,
            webauthn: {
              type: c.webauthn.type,
              rpId,
              rpOrigins,
              credential_response: c.webauthn.credential_response,
            },
          }),
        ),
        wrapped('authenticate'),
      );
    });
  }

  /**
   * Enrolls a WebAuthn factor, creates its credential and verifies it: the session becomes aal2.
   * When the enrollment fails, an unverified WebAuthn factor of the same name left by an earlier
   * attempt is removed (as auth-js does), so that a retry can succeed; the error is the
   * enrollment's.
   *
   * @example
   * ```ts
   * auth.mfa.webauthn.register({ friendlyName: 'YubiKey' }).subscribe((session) => …);
   * ```
   */
  register(
    params: { friendlyName: string } & MFAWebAuthnCeremonyParams,
    overrides?: Partial<PublicKeyCredentialCreationOptions>,
  ): Observable<Session> {
    return coldWith(() => {
      const { rpId, rpOrigins, signal } = this.#party(params, 'registration');
      const { friendlyName } = params;
      return this.enroll({ friendlyName }).pipe(
        catchError((e: unknown) =>
          concat(
            this.#dropLeftover(friendlyName),
            throwError(() => e),
          ),
        ),
        switchMap((factor) =>
          this.challenge(
            {
              factorId: factor.id,
              friendlyName: factor.friendly_name,
              webauthn: { rpId, rpOrigins },
              signal,
            },
            { create: overrides },
          ).pipe(
            switchMap((c) =>
              this.verify({
                factorId: factor.id,
                challengeId: c.challengeId,
                webauthn: {
                  rpId,
                  rpOrigins,
                  type: c.webauthn.type,
                  credential_response: c.webauthn.credential_response,
                },
              }),
            ),
          ),
        ),
        wrapped('register'),
      );
    });
  }

  /** The relying party of a whole ceremony, and a WebAuthn API to run it (checked first). */
  #party(params: MFAWebAuthnCeremonyParams | undefined, what: string) {
    const page = pageLocation();
    const rpId = params?.webauthn?.rpId ?? page?.hostname;
    const rpOrigins = params?.webauthn?.rpOrigins ?? (page ? [page.origin] : undefined);
    if (!rpId) throw new AuthError(`rpId is required for WebAuthn ${what}`);
    if (!this.context.credentials()) {
      throw new AuthUnknownError('Browser does not support WebAuthn', null);
    }
    return { rpId, rpOrigins, signal: params?.webauthn?.signal };
  }

  /** Removes an unverified WebAuthn factor named `friendlyName`; its own failures are ignored. */
  #dropLeftover(friendlyName: string): Observable<never> {
    return this.context.mfa.listFactors().pipe(
      switchMap((factors: MFAFactors) => {
        const left = factors.all.find(
          (f) =>
            f.factor_type === 'webauthn' &&
            f.friendly_name === friendlyName &&
            f.status === 'unverified',
        );
        return left ? this.context.mfa.unenroll({ factorId: left.id }) : EMPTY;
      }),
      ignoreElements(),
      catchError(() => EMPTY),
    );
  }

  /** The browser's part of a challenge: emits the `webauthn` of the verify arguments. */
  #ceremony(
    c: MFAChallengeResult,
    friendlyName: string | undefined,
    signal: AbortSignal | undefined,
    overrides: MFAWebAuthnOverrides | undefined,
  ): Observable<MFAWebAuthnChallengeResult['webauthn']> {
    const w = c.webauthn;
    if (c.type !== 'webauthn' || !w) {
      throw new AuthUnknownError('Unexpected error in challenge', c);
    }
    const credentials = this.context.credentials();
    const done = (json: ServerCredentialResponse) => ({ type: w.type, credential_response: json });
    if (w.type === 'request') {
      const publicKey = layered<PublicKeyCredentialRequestOptions>(
        MFA_REQUEST_DEFAULTS,
        w.credential_options.publicKey,
        overrides?.request,
      );
      return ceremony$(credentials, 'get', publicKey, { signal }).pipe(map(done));
    }
    const base = w.credential_options.publicKey;
    // The browser refuses a credential without a user name; when the server gives none, the
    // factor's name, else the user's (auth-js prefixes it with the user handle as a string,
    // "[object ArrayBuffer]" once decoded, so that prefix is left out here).
    const named$ = base.user.name
      ? of(base.user.name)
      : friendlyName
        ? of(friendlyName)
        : this.context
            .getUser()
            .pipe(
              map(
                (u) => (u.user_metadata?.name as string | undefined) || u.email || u.id || 'User',
              ),
            );
    return named$.pipe(
      switchMap((name) => {
        const user = { ...base.user, name, displayName: base.user.displayName || name };
        const publicKey = layered<PublicKeyCredentialCreationOptions>(
          MFA_CREATION_DEFAULTS,
          { ...base, user },
          overrides?.create,
        );
        return ceremony$(credentials, 'create', publicKey, { signal }).pipe(map(done));
      }),
    );
  }
}
