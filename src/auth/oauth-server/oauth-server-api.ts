import { map, switchMap, tap, type Observable } from 'rxjs';
import type { AuthApi, AuthRequestOptions } from '../auth-api.js';
import { coldWith } from '../flows/session-result.js';
import { requireNonEmptyString } from '../input-checks.js';
import type { HttpMethod } from '../../http/types.js';
import type { Session } from '../types.js';
import type {
  OAuthAuthorizationDetails,
  OAuthConsentOptions,
  OAuthGrant,
  OAuthRedirect,
} from './types.js';

/** What the user-side OAuth server API needs: the auth API and the signed-in session. */
export interface OAuthServerApiContext {
  readonly api: AuthApi;
  /** The current session (refreshed when near expiry), or an `AuthSessionMissingError`. */
  requireSession(): Observable<Session>;
}

/** Options of {@link OAuthServerApi}. */
export interface OAuthServerApiOptions {
  /** Navigates to a consent answer's `redirect_url`. Default: `location.assign` in a browser. */
  redirect?: (url: string) => void;
}

/** `location.assign` where there is a page; nothing elsewhere (as auth-js's `isBrowser()`). */
function assignLocation(url: string): void {
  const g = globalThis as {
    window?: { location?: { assign(u: string): void } };
    document?: unknown;
  };
  if (g.window?.location && g.document !== undefined) g.window.location.assign(url);
}

/**
 * The signed-in user's side of Supabase Auth's OAuth 2.1 server (`auth.oauth`): what an app's
 * consent page calls — read an authorization request, approve or deny it — and the user's grants
 * to third-party clients. Every method needs a session (`AuthSessionMissingError` otherwise) and
 * sends the user's access token.
 *
 * @example
 * ```ts
 * const id = new URL(location.href).searchParams.get('authorization_id')!;
 * auth.oauth.getAuthorizationDetails(id).subscribe((details) => {
 *   if ('authorization_id' in details) showConsent(details.client.name, details.scope);
 *   else location.assign(details.redirect_url); // consented before
 * });
 * ```
 */
export class OAuthServerApi {
  readonly #context: OAuthServerApiContext;
  readonly #redirect: (url: string) => void;

  constructor(context: OAuthServerApiContext, options: OAuthServerApiOptions = {}) {
    this.#context = context;
    this.#redirect = options.redirect ?? assignLocation;
  }

  /**
   * `GET /oauth/authorizations/<id>`: the details a consent page shows, or `{ redirect_url }`
   * when the user already consented to every requested scope (the server approved at once).
   *
   * @example
   * ```ts
   * auth.oauth.getAuthorizationDetails(id).subscribe((d) => ('redirect_url' in d ? go(d) : ask(d)));
   * ```
   */
  getAuthorizationDetails(
    authorizationId: string,
  ): Observable<OAuthAuthorizationDetails | OAuthRedirect> {
    return coldWith(() => {
      const id = requireNonEmptyString(authorizationId, 'authorizationId');
      return this.#send<OAuthAuthorizationDetails | OAuthRedirect>(
        'GET',
        `/oauth/authorizations/${encodeURIComponent(id)}`,
      );
    });
  }

  /**
   * `POST /oauth/authorizations/<id>/consent` `{ action: 'approve' }`: emits the URL that takes
   * the code (and state) back to the client; in a browser, goes there unless
   * `skipBrowserRedirect`.
   *
   * @example
   * ```ts
   * auth.oauth.approveAuthorization(id, { skipBrowserRedirect: true }).subscribe(({ redirect_url }) => …);
   * ```
   */
  approveAuthorization(
    authorizationId: string,
    options?: OAuthConsentOptions,
  ): Observable<OAuthRedirect> {
    return this.#consent(authorizationId, 'approve', options);
  }

  /**
   * `POST /oauth/authorizations/<id>/consent` `{ action: 'deny' }`: emits the URL that tells the
   * client `error=access_denied`; in a browser, goes there unless `skipBrowserRedirect`.
   *
   * @example
   * ```ts
   * auth.oauth.denyAuthorization(id).subscribe();
   * ```
   */
  denyAuthorization(
    authorizationId: string,
    options?: OAuthConsentOptions,
  ): Observable<OAuthRedirect> {
    return this.#consent(authorizationId, 'deny', options);
  }

  /**
   * `GET /user/oauth/grants`: the clients the user has authorized, with the scopes granted.
   *
   * @example
   * ```ts
   * auth.oauth.listGrants().subscribe((grants) => grants.map((g) => g.client.name));
   * ```
   */
  listGrants(): Observable<OAuthGrant[]> {
    return coldWith(() => this.#send<OAuthGrant[]>('GET', '/user/oauth/grants'));
  }

  /**
   * `DELETE /user/oauth/grants?client_id=<id>`: revokes the consent; the server ends that
   * client's sessions and refresh tokens. Emits `{}`.
   *
   * @example
   * ```ts
   * auth.oauth.revokeGrant({ clientId }).subscribe();
   * ```
   */
  revokeGrant(options: { clientId: string }): Observable<Record<string, never>> {
    return coldWith(() => {
      const clientId = requireNonEmptyString(options?.clientId, 'clientId');
      return this.#send('DELETE', '/user/oauth/grants', { query: { client_id: clientId } }).pipe(
        map(() => ({})),
      );
    });
  }

  #consent(
    authorizationId: string,
    action: 'approve' | 'deny',
    options: OAuthConsentOptions | undefined,
  ): Observable<OAuthRedirect> {
    return coldWith(() => {
      const id = requireNonEmptyString(authorizationId, 'authorizationId');
      return this.#send<OAuthRedirect>(
        'POST',
        `/oauth/authorizations/${encodeURIComponent(id)}/consent`,
        { body: { action } },
      ).pipe(
        tap((data) => {
          if (data?.redirect_url && !options?.skipBrowserRedirect)
            this.#redirect(data.redirect_url);
        }),
      );
    });
  }

  /** One request with the session's access token; emits the parsed body. */
  #send<T>(
    method: HttpMethod,
    path: string,
    options: Omit<AuthRequestOptions, 'jwt'> = {},
  ): Observable<T> {
    return this.#context.requireSession().pipe(
      switchMap((session) =>
        this.#context.api.request(method, path, { ...options, jwt: session.access_token }),
      ),
      map(({ data }) => data as T),
    );
  }
}
