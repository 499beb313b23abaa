import { map, type Observable } from 'rxjs';
import type { AuthApi } from '../auth-api.js';
import { requireUuid } from '../input-checks.js';
import { coldWith } from '../flows/session-result.js';
import type {
  AuthPasskeyAdminDeleteParams,
  AuthPasskeyAdminListParams,
  PasskeyListItem,
} from './types.js';

/**
 * Users' passkeys for the service role (`auth.admin.passkey`). Never use it in a browser.
 *
 * @example
 * ```ts
 * admin.passkey.listPasskeys({ userId }).subscribe((keys) => …);
 * ```
 */
export class AdminPasskeyApi {
  constructor(private readonly api: AuthApi) {}

  /**
   * `GET /admin/users/<userId>/passkeys`.
   *
   * @example
   * ```ts
   * admin.passkey.listPasskeys({ userId }).subscribe((keys) => keys.length);
   * ```
   */
  listPasskeys(params: AuthPasskeyAdminListParams): Observable<PasskeyListItem[]> {
    return coldWith(() => {
      const userId = requireUuid(params?.userId, 'userId');
      return this.api
        .request('GET', `/admin/users/${userId}/passkeys`)
        .pipe(map(({ data }) => data as PasskeyListItem[]));
    });
  }

  /**
   * `DELETE /admin/users/<userId>/passkeys/<passkeyId>`; emits `null`.
   *
   * @example
   * ```ts
   * admin.passkey.deletePasskey({ userId, passkeyId }).subscribe();
   * ```
   */
  deletePasskey(params: AuthPasskeyAdminDeleteParams): Observable<null> {
    return coldWith(() => {
      const userId = requireUuid(params?.userId, 'userId');
      const passkeyId = requireUuid(params?.passkeyId, 'passkeyId');
      return this.api
        .request('DELETE', `/admin/users/${userId}/passkeys/${passkeyId}`)
        .pipe(map(() => null));
    });
  }
}
