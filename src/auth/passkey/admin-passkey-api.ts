import { map, type Observable } from 'rxjs';
import type { AuthApi } from '../auth-api.js';
import { AuthValidationError } from '../errors.js';
import { coldWith } from '../flows/session-result.js';
import type {
  AuthPasskeyAdminDeleteParams,
  AuthPasskeyAdminListParams,
  PasskeyListItem,
} from './types.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** As auth-js's `validateUUID`: ids go into the path, so anything else is refused first. */
function uuid(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw new AuthValidationError(`${what} must be a UUID, got ${JSON.stringify(value)}`);
  }
  return value;
}

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
      const userId = uuid(params?.userId, 'userId');
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
      const userId = uuid(params?.userId, 'userId');
      const passkeyId = uuid(params?.passkeyId, 'passkeyId');
      return this.api
        .request('DELETE', `/admin/users/${userId}/passkeys/${passkeyId}`)
        .pipe(map(() => null));
    });
  }
}
