import { concat, last, map, of, switchMap, type Observable } from 'rxjs';
import type { AuthCore } from '../auth-core.js';
import { AuthInvalidTokenResponseError, AuthValidationError } from '../errors.js';
import { coldWith } from '../flows/session-result.js';
import type { HttpMethod } from '../../http/types.js';
import type { Session } from '../types.js';
import { AuthExperimentalDisabledError } from './experimental-error.js';
import type { MFARecoveryCodesGenerated, MFARecoveryCodesStatus } from './recovery-codes-types.js';

const DISABLED =
  '@supabase/auth-js: the MFA recovery codes API is experimental and disabled by default. Enable it by passing `auth: { experimental: { recoveryCodes: true } }` to createClient (or to the GoTrueClient constructor).';

/**
 * MFA recovery codes of the signed-in user (`auth.mfa.recoveryCodes`), as auth-js 2.119 has
 * them: experimental, so every call errors with {@link AuthExperimentalDisabledError} unless the
 * client was made with `experimental: { recoveryCodes: true }`. The server refuses codes as the
 * only factor (`mfa_recovery_codes_sole_factor`).
 *
 * @example
 * ```ts
 * auth.mfa.recoveryCodes.generate().subscribe(({ codes }) => showOnce(codes));
 * ```
 */
export class RecoveryCodesApi {
  constructor(
    private readonly core: AuthCore,
    private readonly enabled: boolean,
  ) {}

  /**
   * `GET /factors/recovery-codes`: how many codes there are and how many are left.
   *
   * @example
   * ```ts
   * auth.mfa.recoveryCodes.getStatus().subscribe(({ remaining }) => …);
   * ```
   */
  getStatus(): Observable<MFARecoveryCodesStatus> {
    return this.#asUser('GET', '/factors/recovery-codes');
  }

  /**
   * `POST /factors/recovery-codes` (`{ friendly_name }` only when a name is given): a new set of
   * codes, shown only in this answer.
   *
   * @example
   * ```ts
   * auth.mfa.recoveryCodes.generate({ friendlyName: 'Backup' }).subscribe(({ codes }) => …);
   * ```
   */
  generate(params?: { friendlyName?: string }): Observable<MFARecoveryCodesGenerated> {
    const body = params?.friendlyName ? { friendly_name: params.friendlyName } : undefined;
    return this.#asUser('POST', '/factors/recovery-codes', body);
  }

  /**
   * `POST /factors/recovery-codes/verify` `{ code }`: uses up one code; the session it answers
   * (aal2, `mfa/recovery_code` in `amr`) is saved (MFA_CHALLENGE_VERIFIED) and emitted.
   *
   * @example
   * ```ts
   * auth.mfa.recoveryCodes.verify({ code: 'abcd-efgh' }).subscribe();
   * ```
   */
  verify(params: { code: string }): Observable<Session> {
    return coldWith(() => {
      this.#check();
      if (typeof params?.code !== 'string') throw new AuthValidationError('A code is required');
      return this.#asUser<Partial<Session> | null>('POST', '/factors/recovery-codes/verify', {
        code: params.code,
      }).pipe(
        switchMap((d) => {
          if (!d?.access_token || !d.refresh_token) throw new AuthInvalidTokenResponseError();
          // A server-provided expires_at takes precedence over the computed one (as auth-js).
          const session = {
            expires_at: Math.round(this.core.now() / 1000) + Number(d.expires_in),
            ...d,
          } as Session;
          return concat(this.core.saveSession(session, 'MFA_CHALLENGE_VERIFIED'), of(session));
        }),
        last(),
        map((s) => s as Session),
      );
    });
  }

  /**
   * `POST /factors/recovery-codes/regenerate`: replaces every code with a new set.
   *
   * @example
   * ```ts
   * auth.mfa.recoveryCodes.regenerate().subscribe(({ codes }) => …);
   * ```
   */
  regenerate(): Observable<MFARecoveryCodesGenerated> {
    return this.#asUser('POST', '/factors/recovery-codes/regenerate');
  }

  /**
   * `DELETE /factors/recovery-codes`: removes the codes; emits the factor's `{ id }`.
   *
   * @example
   * ```ts
   * auth.mfa.recoveryCodes.unenroll().subscribe();
   * ```
   */
  unenroll(): Observable<{ id: string }> {
    return this.#asUser('DELETE', '/factors/recovery-codes');
  }

  #check(): void {
    if (!this.enabled) throw new AuthExperimentalDisabledError(DISABLED);
  }

  /** One request with the session's access token, once the option is checked. */
  #asUser<T>(method: HttpMethod, path: string, body?: unknown): Observable<T> {
    return coldWith(() => {
      this.#check();
      return this.core.requireSession().pipe(
        switchMap((s) => this.core.api.request(method, path, { body, jwt: s.access_token })),
        map(({ data }) => data as T),
      );
    });
  }
}
