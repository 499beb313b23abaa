import { map, type Observable } from 'rxjs';
import { parsePagination } from '../admin-pagination.js';
import type { AuthApi } from '../auth-api.js';
import { AuthValidationError } from '../errors.js';
import { coldWith } from '../flows/session-result.js';
import { requireNonEmptyString } from '../input-checks.js';
import type {
  CreateOAuthClientParams,
  OAuthClient,
  OAuthClientPage,
  UpdateOAuthClientParams,
} from './types.js';

function clientPath(clientId: unknown): string {
  return `/admin/oauth/clients/${encodeURIComponent(requireNonEmptyString(clientId, 'clientId'))}`;
}

function requireParams(params: unknown, method: string): void {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new AuthValidationError(`${method} needs a parameters object`);
  }
}

/**
 * The OAuth 2.1 server's client registry (`auth.admin.oauth`): register, read, change and delete
 * the third-party apps that may ask users for access. Needs a client built with the service role
 * key; never use it in a browser.
 *
 * @example
 * ```ts
 * admin.oauth
 *   .createClient({ client_name: 'CLI', redirect_uris: ['http://localhost:4000/cb'] })
 *   .subscribe(({ client_id, client_secret }) => save(client_id, client_secret));
 * ```
 */
export class AdminOAuthApi {
  constructor(private readonly api: AuthApi) {}

  /**
   * `GET /admin/oauth/clients?page=&per_page=`, with the `Link` and `X-Total-Count` headers read
   * into the result as `admin.listUsers` reads them.
   *
   * @example
   * ```ts
   * admin.oauth.listClients({ page: 1, perPage: 20 }).subscribe(({ clients, total }) => …);
   * ```
   */
  listClients(params: { page?: number; perPage?: number } = {}): Observable<OAuthClientPage> {
    return coldWith(() => {
      for (const [name, value] of Object.entries(params ?? {})) {
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1)) {
          throw new AuthValidationError(
            `listClients: ${name} must be a positive integer, got ${String(value)}`,
          );
        }
      }
      return this.api
        .request('GET', '/admin/oauth/clients', {
          query: {
            page: params?.page?.toString() ?? '',
            per_page: params?.perPage?.toString() ?? '',
          },
        })
        .pipe(
          map(({ data, headers }) => {
            const body = (data ?? {}) as { clients?: OAuthClient[]; aud?: string };
            return {
              ...body,
              clients: body.clients ?? [],
              ...parsePagination(headers.get('link'), headers.get('x-total-count')),
            };
          }),
        );
    });
  }

  /**
   * `POST /admin/oauth/clients`: a confidential client's answer carries its `client_secret`,
   * the only time it is shown.
   *
   * @example
   * ```ts
   * admin.oauth.createClient({ client_name: 'App', redirect_uris: ['https://app/cb'] }).subscribe();
   * ```
   */
  createClient(params: CreateOAuthClientParams): Observable<OAuthClient> {
    return coldWith(() => {
      requireParams(params, 'createClient');
      return this.api
        .request('POST', '/admin/oauth/clients', { body: params })
        .pipe(map(({ data }) => data as OAuthClient));
    });
  }

  /**
   * `GET /admin/oauth/clients/<clientId>` (no secret).
   *
   * @example
   * ```ts
   * admin.oauth.getClient(clientId).subscribe(({ redirect_uris }) => …);
   * ```
   */
  getClient(clientId: string): Observable<OAuthClient> {
    return coldWith(() =>
      this.api.request('GET', clientPath(clientId)).pipe(map(({ data }) => data as OAuthClient)),
    );
  }

  /**
   * `PUT /admin/oauth/clients/<clientId>`: changes the fields given.
   *
   * @example
   * ```ts
   * admin.oauth.updateClient(clientId, { client_name: 'Renamed' }).subscribe();
   * ```
   */
  updateClient(clientId: string, params: UpdateOAuthClientParams): Observable<OAuthClient> {
    return coldWith(() => {
      const path = clientPath(clientId);
      requireParams(params, 'updateClient');
      return this.api
        .request('PUT', path, { body: params })
        .pipe(map(({ data }) => data as OAuthClient));
    });
  }

  /**
   * `DELETE /admin/oauth/clients/<clientId>`; emits `undefined` once deleted.
   *
   * @example
   * ```ts
   * admin.oauth.deleteClient(clientId).subscribe();
   * ```
   */
  deleteClient(clientId: string): Observable<void> {
    return coldWith(() =>
      this.api.request('DELETE', clientPath(clientId)).pipe(map(() => undefined)),
    );
  }

  /**
   * `POST /admin/oauth/clients/<clientId>/regenerate_secret`: the client with its new secret (the
   * old one stops working).
   *
   * @example
   * ```ts
   * admin.oauth.regenerateClientSecret(clientId).subscribe(({ client_secret }) => …);
   * ```
   */
  regenerateClientSecret(clientId: string): Observable<OAuthClient> {
    return coldWith(() =>
      this.api
        .request('POST', `${clientPath(clientId)}/regenerate_secret`)
        .pipe(map(({ data }) => data as OAuthClient)),
    );
  }
}
