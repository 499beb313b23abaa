import { concat, last, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthCore } from './auth-core.js';
import { AuthInvalidTokenResponseError, AuthValidationError } from './errors.js';
import { coldWith } from './flows/session-result.js';
import { getUser } from './flows/user.js';
import { decodeToken } from './jwt-decode.js';
import { MfaWebAuthnApi } from './mfa/mfa-webauthn-api.js';
import { RecoveryCodesApi } from './mfa/recovery-codes-api.js';
import type { MfaOptions } from './mfa/recovery-codes-types.js';
import { webAuthnChallengeResult, webAuthnVerifyBody } from './mfa/webauthn-bodies.js';
import type {
  MFAChallengeWebAuthn,
  MFAVerifyWebAuthn,
  MFAWebAuthnRelyingParty,
} from './mfa/webauthn-types.js';
import { browserCredentials } from './passkey/webauthn-browser.js';
import type { AMREntry, AuthenticatorAssuranceLevels, Factor, Session, User } from './types.js';

/** Arguments of `mfa.enroll`. */
export type MFAEnrollParams =
  | { factorType: 'totp'; friendlyName?: string; issuer?: string }
  | { factorType: 'phone'; friendlyName?: string; phone: string }
  | { factorType: 'webauthn'; friendlyName?: string };

/** What `mfa.enroll` emits. */
export interface MFAEnrollResult {
  id: string;
  type: 'totp' | 'phone' | 'webauthn';
  friendly_name?: string;
  totp?: { qr_code: string; secret: string; uri: string };
  phone?: string;
}

/** What `mfa.challenge` emits. */
export interface MFAChallengeResult {
  id: string;
  type: string;
  expires_at: number;
  /** WebAuthn factors: the options for the browser, decoded to what it takes. */
  webauthn?: MFAChallengeWebAuthn;
}

/** Arguments of `mfa.verify`: a TOTP or phone `code`, or a WebAuthn factor's credential. */
export type MFAVerifyParams =
  | { factorId: string; challengeId: string; code: string }
  | { factorId: string; challengeId: string; webauthn: MFAVerifyWebAuthn };

/** What `mfa.listFactors` emits: every factor, and the verified ones by type. */
export interface MFAFactors {
  all: Factor[];
  totp: Factor[];
  phone: Factor[];
  webauthn: Factor[];
  recovery_code: Factor[];
}

/** What `mfa.getAuthenticatorAssuranceLevel` emits. */
export interface AssuranceLevel {
  currentLevel: AuthenticatorAssuranceLevels | null;
  nextLevel: AuthenticatorAssuranceLevels | null;
  currentAuthenticationMethods: AMREntry[];
}

function requireFactorId(params: { factorId?: unknown } | undefined): string {
  if (!params || typeof params.factorId !== 'string' || !params.factorId) {
    throw new AuthValidationError('A factorId is required');
  }
  return params.factorId;
}

/**
 * Multi-factor authentication of the signed-in user (`auth.mfa`): TOTP, phone and WebAuthn
 * factors (`mfa.webauthn` for the whole ceremonies) and, experimental, recovery codes.
 *
 * @example
 * ```ts
 * auth.mfa.enroll({ factorType: 'totp' }).subscribe(({ id, totp }) => showQr(totp!.qr_code));
 * ```
 */
export class MfaApi {
  /** WebAuthn factors, the whole ceremonies through `navigator.credentials` (or `webauthn`). */
  readonly webauthn: MfaWebAuthnApi;
  /** Recovery codes; every call errors unless `experimental: { recoveryCodes: true }`. */
  readonly recoveryCodes: RecoveryCodesApi;

  constructor(
    private readonly core: AuthCore,
    options: MfaOptions = {},
  ) {
    this.webauthn = new MfaWebAuthnApi({
      mfa: this,
      getUser: () => getUser(core).pipe(map(({ user }) => user)),
      credentials: () => options.webauthn ?? browserCredentials(),
    });
    this.recoveryCodes = new RecoveryCodesApi(core, options.experimental?.recoveryCodes === true);
  }

  /**
   * `POST /factors`: a new unverified factor (TOTP: with its secret, URI and QR code SVG).
   *
   * @example
   * ```ts
   * auth.mfa.enroll({ factorType: 'totp' }).subscribe(({ id, totp }) => …);
   * ```
   */
  enroll(params: MFAEnrollParams): Observable<MFAEnrollResult> {
    return coldWith(() => {
      const type = params?.factorType;
      if (type !== 'totp' && type !== 'phone' && type !== 'webauthn') {
        throw new AuthValidationError('factorType must be "totp", "phone" or "webauthn"');
      }
      const body = {
        friendly_name: params.friendlyName,
        factor_type: type,
        ...(params.factorType === 'phone'
          ? { phone: params.phone }
          : params.factorType === 'totp'
            ? { issuer: params.issuer }
            : {}),
      };
      return this.core.requireSession().pipe(
        switchMap((s) => this.core.api.request('POST', '/factors', { body, jwt: s.access_token })),
        map(({ data }) => {
          const result = data as MFAEnrollResult;
          if (params.factorType === 'totp' && result.type === 'totp' && result.totp?.qr_code) {
            result.totp.qr_code = `data:image/svg+xml;utf-8,${result.totp.qr_code}`;
          }
          return result;
        }),
      );
    });
  }

  /**
   * `POST /factors/<id>/challenge` (phone factors get a code by `channel`; WebAuthn factors
   * name the relying party in `webauthn` and get the browser's options, decoded).
   *
   * @example
   * ```ts
   * auth.mfa.challenge({ factorId }).subscribe(({ id }) => …);
   * ```
   */
  challenge(params: {
    factorId: string;
    channel?: 'sms' | 'whatsapp';
    webauthn?: MFAWebAuthnRelyingParty;
  }): Observable<MFAChallengeResult> {
    return coldWith(() => {
      const id = requireFactorId(params);
      return this.core.requireSession().pipe(
        switchMap((s) =>
          // supabase-js sends the parameters object as given, factorId included.
          this.core.api.request('POST', `/factors/${encodeURIComponent(id)}/challenge`, {
            body: params,
            jwt: s.access_token,
          }),
        ),
        map(({ data }) => webAuthnChallengeResult(data as MFAChallengeResult)),
      );
    });
  }

  /**
   * `POST /factors/<id>/verify`: the session is raised to aal2 (MFA_CHALLENGE_VERIFIED). A
   * WebAuthn factor sends `webauthn` (its credential serialized) instead of a `code`.
   *
   * @example
   * ```ts
   * auth.mfa.verify({ factorId, challengeId, code: '123456' }).subscribe();
   * ```
   */
  verify(params: MFAVerifyParams): Observable<Session> {
    return coldWith(() => {
      const id = requireFactorId(params);
      return this.core.requireSession().pipe(
        switchMap((s) =>
          this.core.api.request('POST', `/factors/${encodeURIComponent(id)}/verify`, {
            body: webAuthnVerifyBody(params),
            jwt: s.access_token,
          }),
        ),
        switchMap(({ data }) => {
          const d = data as Partial<Session> | null;
          if (!d?.access_token || !d.refresh_token) throw new AuthInvalidTokenResponseError();
          const session = {
            expires_at: Math.round(this.core.now() / 1000) + Number(d.expires_in),
            ...d,
          } as Session;
          return concat(this.core.saveSession(session, 'MFA_CHALLENGE_VERIFIED'), of(session)).pipe(
            last(),
          );
        }),
        map((s) => s as Session),
      );
    });
  }

  /**
   * A challenge, then its verification with `code`.
   *
   * @example
   * ```ts
   * auth.mfa.challengeAndVerify({ factorId, code: '123456' }).subscribe();
   * ```
   */
  challengeAndVerify(params: { factorId: string; code: string }): Observable<Session> {
    return coldWith(() => {
      requireFactorId(params);
      return this.challenge({ factorId: params.factorId }).pipe(
        switchMap((c) =>
          this.verify({ factorId: params.factorId, challengeId: c.id, code: params.code }),
        ),
      );
    });
  }

  /**
   * `DELETE /factors/<id>`.
   *
   * @example
   * ```ts
   * auth.mfa.unenroll({ factorId }).subscribe();
   * ```
   */
  unenroll(params: { factorId: string }): Observable<{ id: string }> {
    return coldWith(() => {
      const id = requireFactorId(params);
      return this.core.requireSession().pipe(
        switchMap((s) =>
          this.core.api.request('DELETE', `/factors/${encodeURIComponent(id)}`, {
            jwt: s.access_token,
          }),
        ),
        map(({ data }) => (data ?? { id }) as { id: string }),
      );
    });
  }

  /**
   * The user's factors (`GET /user`), the verified ones grouped by type.
   *
   * @example
   * ```ts
   * auth.mfa.listFactors().subscribe(({ totp }) => …);
   * ```
   */
  listFactors(): Observable<MFAFactors> {
    return getUser(this.core).pipe(map(({ user }) => groupFactors(user)));
  }

  /**
   * The session's assurance level (`aal` claim) and the next one reachable (aal2 when the user has
   * a verified factor). No request, unless a `jwt` is passed (then `GET /user`).
   *
   * @example
   * ```ts
   * auth.mfa.getAuthenticatorAssuranceLevel().subscribe(({ currentLevel, nextLevel }) => …);
   * ```
   */
  getAuthenticatorAssuranceLevel(jwt?: string): Observable<AssuranceLevel> {
    return coldWith(() => {
      if (jwt) {
        const { payload } = decodeToken(jwt);
        return getUser(this.core, jwt).pipe(
          map(({ user }) => assurance(payload.aal, payload.amr, user)),
        );
      }
      return this.core.currentSession().pipe(
        map((session): AssuranceLevel => {
          if (!session)
            return { currentLevel: null, nextLevel: null, currentAuthenticationMethods: [] };
          const { payload } = decodeToken(session.access_token);
          return assurance(payload.aal, payload.amr, session.user);
        }),
      );
    });
  }
}

/**
 * Groups a user's factors as `mfa.listFactors` reports them. Pure.
 *
 * @example
 * ```ts
 * groupFactors(user).totp; // verified TOTP factors
 * ```
 */
export function groupFactors(user: User): MFAFactors {
  const out: MFAFactors = { all: [], totp: [], phone: [], webauthn: [], recovery_code: [] };
  for (const factor of user.factors ?? []) {
    out.all.push(factor);
    const group = out[factor.factor_type as keyof MFAFactors];
    if (factor.status === 'verified' && Array.isArray(group) && factor.factor_type !== 'all')
      group.push(factor);
  }
  return out;
}

function assurance(
  aal: AuthenticatorAssuranceLevels | undefined,
  amr: AMREntry[] | undefined,
  user: User,
): AssuranceLevel {
  const currentLevel = aal ?? null;
  const verified = (user.factors ?? []).some((f) => f.status === 'verified');
  return {
    currentLevel,
    nextLevel: verified ? 'aal2' : currentLevel,
    currentAuthenticationMethods: amr ?? [],
  };
}
