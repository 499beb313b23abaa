import { map, switchMap, tap, type Observable } from 'rxjs';
import { securityMeta, type AuthCore } from '../auth-core.js';
import { AuthInvalidCredentialsError } from '../errors.js';
import type { AuthSessionResponse, Provider } from '../types.js';
import { coldWith, requireSessionFrom } from './session-result.js';
import type { SignInWithIdTokenCredentials } from './sign-in.js';
import { pkceFields, withPkce } from './pkce-fields.js';

/** Arguments of `signInWithOAuth` and OAuth `linkIdentity`. */
export interface SignInWithOAuthCredentials {
  provider: Provider;
  options?: {
    redirectTo?: string;
    scopes?: string;
    queryParams?: Record<string, string>;
    skipBrowserRedirect?: boolean;
  };
}

/** Arguments of `signInWithSSO`: an SSO provider id or a domain. */
export type SignInWithSSOParams = (
  { providerId: string; domain?: never } | { domain: string; providerId?: never }
) & { options?: { redirectTo?: string; captchaToken?: string; skipBrowserRedirect?: boolean } };

/** What `signInWithOAuth` / OAuth `linkIdentity` emit. */
export interface OAuthResult {
  provider: Provider;
  url: string;
  /** The PKCE flow id (PKCE mode), else `null`. */
  flowId: string | null;
}

/**
 * Navigates the browser; does nothing where there is no `window`.
 *
 * @example
 * ```ts
 * redirectBrowser('https://github.com/login/oauth/authorize?…');
 * ```
 */
export function redirectBrowser(url: string): void {
  const w = (
    globalThis as { window?: { location?: { assign(u: string): void } }; document?: unknown }
  ).window;
  if (w?.location && typeof (globalThis as { document?: unknown }).document !== 'undefined')
    w.location.assign(url);
}

/**
 * Builds an `/authorize`-style URL (pure): `redirect_to` and `scopes` encoded with
 * `encodeURIComponent`, the PKCE pair and `queryParams` with URLSearchParams, as supabase-js does.
 *
 * @example
 * ```ts
 * providerUrl('https://x.supabase.co/auth/v1/authorize', 'github', { scopes: 'repo user' }, null);
 * // 'https://x.supabase.co/auth/v1/authorize?provider=github&scopes=repo%20user'
 * ```
 */
export function providerUrl(
  base: string,
  provider: string,
  options: (SignInWithOAuthCredentials['options'] & { skipHttpRedirect?: boolean }) | undefined,
  pkce: { code_challenge: string | null; code_challenge_method: string | null } | null,
): string {
  const parts = [`provider=${encodeURIComponent(provider)}`];
  if (options?.redirectTo) parts.push(`redirect_to=${encodeURIComponent(options.redirectTo)}`);
  if (options?.scopes) parts.push(`scopes=${encodeURIComponent(options.scopes)}`);
  if (pkce?.code_challenge != null && pkce.code_challenge_method != null) {
    parts.push(
      new URLSearchParams({
        code_challenge: pkce.code_challenge,
        code_challenge_method: pkce.code_challenge_method,
      }).toString(),
    );
  }
  if (options?.queryParams) parts.push(new URLSearchParams(options.queryParams).toString());
  if (options?.skipHttpRedirect) parts.push('skip_http_redirect=true');
  return `${base}?${parts.join('&')}`;
}

function requireProvider(credentials: SignInWithOAuthCredentials): void {
  if (!credentials || typeof credentials.provider !== 'string' || !credentials.provider) {
    throw new AuthInvalidCredentialsError('An OAuth provider is required');
  }
}

/**
 * Builds the `/authorize` URL (no request), storing a PKCE verifier in PKCE mode; in a browser
 * it navigates there unless `skipBrowserRedirect`.
 *
 * @example
 * ```ts
 * signInWithOAuth(core, { provider: 'github', options: { skipBrowserRedirect: true } }).subscribe(({ url }) => …);
 * ```
 */
export function signInWithOAuth(
  core: AuthCore,
  credentials: SignInWithOAuthCredentials,
): Observable<OAuthResult> {
  return coldWith(() => {
    requireProvider(credentials);
    const { provider, options } = credentials;
    return pkceFields(core).pipe(
      map((pkce) => ({
        provider,
        url: providerUrl(`${core.api.url}/authorize`, provider, options, pkce),
        flowId: pkce.flowId ?? null,
      })),
      tap(({ url }) => {
        if (!options?.skipBrowserRedirect) redirectBrowser(url);
      }),
    );
  });
}

/**
 * `POST /sso`: emits `{ url }` of the identity provider; in a browser navigates there unless
 * `skipBrowserRedirect`.
 *
 * @example
 * ```ts
 * signInWithSSO(core, { domain: 'acme.com' }).subscribe(({ url }) => …);
 * ```
 */
export function signInWithSSO(
  core: AuthCore,
  params: SignInWithSSOParams,
): Observable<{ url: string }> {
  return coldWith(() => {
    if (!params || (typeof params.providerId !== 'string' && typeof params.domain !== 'string')) {
      throw new AuthInvalidCredentialsError('signInWithSSO needs a providerId or a domain');
    }
    const o = params.options;
    return withPkce(core, (pkce) =>
      core.api.request('POST', '/sso', {
        body: {
          ...('providerId' in params ? { provider_id: params.providerId } : null),
          ...('domain' in params ? { domain: params.domain } : null),
          redirect_to: o?.redirectTo,
          ...(o?.captchaToken ? { gotrue_meta_security: securityMeta(o.captchaToken) } : null),
          skip_http_redirect: true,
          code_challenge: pkce.code_challenge,
          code_challenge_method: pkce.code_challenge_method,
        },
      }),
    ).pipe(
      map(({ data }) => data as { url: string }),
      tap(({ url }) => {
        if (url && !o?.skipBrowserRedirect) redirectBrowser(url);
      }),
    );
  });
}

/**
 * Links an identity to the signed-in user: OAuth (`GET /user/identities/authorize`, emits the URL to
 * follow) or an id token (`POST /token?grant_type=id_token` with `link_identity`, USER_UPDATED).
 *
 * @example
 * ```ts
 * linkIdentity(core, { provider: 'github' }).subscribe(({ url }) => …);
 * ```
 */
export function linkIdentity(
  core: AuthCore,
  credentials: SignInWithOAuthCredentials | SignInWithIdTokenCredentials,
): Observable<OAuthResult | AuthSessionResponse> {
  return coldWith((): Observable<OAuthResult | AuthSessionResponse> => {
    requireProvider(credentials as SignInWithOAuthCredentials);
    if ('token' in credentials) {
      const { provider, token, access_token, nonce, options } = credentials;
      return core.requireSession().pipe(
        switchMap((session) =>
          core.api
            .request('POST', '/token', {
              query: { grant_type: 'id_token' },
              jwt: session.access_token,
              body: {
                provider,
                id_token: token,
                access_token,
                nonce,
                link_identity: true,
                gotrue_meta_security: securityMeta(options?.captchaToken),
              },
            })
            .pipe(requireSessionFrom(core, 'USER_UPDATED')),
        ),
      );
    }
    const { provider, options } = credentials;
    return core.requireSession().pipe(
      switchMap((session) =>
        pkceFields(core).pipe(
          switchMap((pkce) => {
            const url = providerUrl(
              '/user/identities/authorize',
              provider,
              { ...options, skipHttpRedirect: true },
              pkce,
            );
            return core.api.request('GET', url, { jwt: session.access_token }).pipe(
              map(({ data }) => ({
                provider,
                url: (data as { url: string }).url,
                flowId: pkce.flowId ?? null,
              })),
            );
          }),
        ),
      ),
      tap(({ url }) => {
        if (!options?.skipBrowserRedirect) redirectBrowser(url);
      }),
    );
  });
}
