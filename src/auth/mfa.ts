import { concat, last, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthCore } from './auth-core.js';
import { AuthInvalidTokenResponseError, AuthValidationError } from './errors.js';
import { coldWith } from './flows/session-result.js';
import { getUser } from './flows/user.js';
import { decodeToken } from './jwt-decode.js';
import type { AMREntry, AuthenticatorAssuranceLevels, Factor, Session, User } from './types.js';

/** Arguments of `mfa.enroll`. */
export type MFAEnrollParams =
  | { factorType: 'totp'; friendlyName?: string; issuer?: string }
  | { factorType: 'phone'; friendlyName?: string; phone: string };

/** What `mfa.enroll` emits. */
export interface MFAEnrollResult {
  id: string;
  type: 'totp' | 'phone';
  friendly_name?: string;
  totp?: { qr_code: string; secret: string; uri: string };
  phone?: string;
}

/** What `mfa.challenge` emits. */
export interface MFAChallengeResult {
  id: string;
  type: string;
  expires_at: number;
}

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
 * Multi-factor authentication of the signed-in user (`auth.mfa`): TOTP and phone factors.
 *
 * @example
 * ```ts
 * auth.mfa.enroll({ factorType: 'totp' }).subscribe(({ id, totp }) => showQr(totp!.qr_code));
 * ```
 */
export class MfaApi {
  constructor(private readonly core: AuthCore) {}

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
      if (!params || (params.factorType !== 'totp' && params.factorType !== 'phone')) {
        throw new AuthValidationError('factorType must be "totp" or "phone"');
      }
      const body = {
        friendly_name: params.friendlyName,
        factor_type: params.factorType,
        ...(params.factorType === 'phone' ? { phone: params.phone } : { issuer: params.issuer }),
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
   * `POST /factors/<id>/challenge` (phone factors get a code by `channel`).
   *
   * @example
   * ```ts
   * auth.mfa.challenge({ factorId }).subscribe(({ id }) => …);
   * ```
   */
  challenge(params: {
    factorId: string;
    channel?: 'sms' | 'whatsapp';
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
        map(({ data }) => data as MFAChallengeResult),
      );
    });
  }

  /**
   * `POST /factors/<id>/verify`: the session is raised to aal2 (MFA_CHALLENGE_VERIFIED).
   *
   * @example
   * ```ts
   * auth.mfa.verify({ factorId, challengeId, code: '123456' }).subscribe();
   * ```
   */
  verify(params: { factorId: string; challengeId: string; code: string }): Observable<Session> {
    return coldWith(() => {
      const id = requireFactorId(params);
      return this.core.requireSession().pipe(
        switchMap((s) =>
          this.core.api.request('POST', `/factors/${encodeURIComponent(id)}/verify`, {
            body: { challenge_id: params.challengeId, code: params.code },
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
