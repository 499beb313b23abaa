import { EMPTY, concat, last, map, of, switchMap, tap, type Observable } from 'rxjs';
import type { AuthCore } from './auth-core.js';
import { AuthImplicitGrantRedirectError, AuthPKCEGrantCodeExchangeError } from './errors.js';
import { verifyFlows } from './lazy-flows.js';
import { readPkceVerifier, validFlowId } from './pkce.js';
import { parseUserResponse } from './session-codec.js';
import type { Session } from './types.js';

/** `detectSessionInUrl` option: on/off, or a predicate saying whether a URL is an implicit callback. */
export type DetectSessionInUrl = boolean | ((url: URL, params: Record<string, string>) => boolean);

/**
 * The parameters of a callback URL: fragment first, then query (the query wins). Pure.
 *
 * @example
 * ```ts
 * urlParameters('https://app/cb?code=x#access_token=y'); // { access_token: 'y', code: 'x' }
 * ```
 */
export function urlParameters(href: string): Record<string, string> {
  const url = new URL(href);
  const out: Record<string, string> = {};
  if (url.hash.startsWith('#')) {
    new URLSearchParams(url.hash.slice(1)).forEach((v, k) => (out[k] = v));
  }
  url.searchParams.forEach((v, k) => (out[k] = v));
  return out;
}

/** What kind of callback a URL is. */
export type CallbackKind = 'implicit' | 'pkce' | 'error' | 'none';

/**
 * Classifies a callback URL (pure). `hasVerifier` says whether a PKCE verifier is stored.
 *
 * @example
 * ```ts
 * callbackKind(params, url, true, true); // 'pkce' when ?code= and a verifier
 * ```
 */
export function callbackKind(
  params: Record<string, string>,
  url: URL,
  detect: DetectSessionInUrl,
  hasVerifier: boolean,
): CallbackKind {
  if (params.error || params.error_description || params.error_code) return 'error';
  const implicit =
    typeof detect === 'function' ? detect(url, params) : Boolean(params.access_token);
  if (implicit) return 'implicit';
  if (params.code && hasVerifier) return 'pkce';
  return 'none';
}

interface BrowserLocation {
  href: string;
  hash: string;
}

/**
 * Finds a session in the browser's URL during `initialize()` (protocol.md §3.12): an implicit
 * fragment (`#access_token=…`, checked with `GET /user`), a PKCE `?code=` (exchanged), or an error
 * (an {@link AuthImplicitGrantRedirectError}; the existing session is kept). Emits `true` when the
 * URL was a callback, `false` otherwise.
 *
 * @example
 * ```ts
 * sessionFromUrl(core, window.location, true).subscribe();
 * ```
 */
export function sessionFromUrl(
  core: AuthCore,
  location: BrowserLocation,
  detect: DetectSessionInUrl,
  history?: { replaceState(data: unknown, unused: string, url?: string): void },
): Observable<boolean> {
  const url = new URL(location.href);
  const params = urlParameters(location.href);
  const { storage, storageKey, flowType } = core.options;
  const flowId = validFlowId(params.sb_flow_id);
  const verifier$ = params.code ? readPkceVerifier(storage, storageKey, flowId) : of(null);
  return verifier$.pipe(
    switchMap((verifier) => {
      const kind = callbackKind(params, url, detect, verifier !== null);
      if (kind === 'none') return of(false);
      if (kind === 'error') {
        throw new AuthImplicitGrantRedirectError(
          params.error_description || 'Error in URL with unspecified error_description',
          {
            error: params.error || 'unspecified_error',
            code: params.error_code || 'unspecified_code',
          },
        );
      }
      if (kind === 'pkce') {
        if (flowType === 'implicit')
          throw new AuthPKCEGrantCodeExchangeError('Not a valid implicit grant flow url.');
        return verifyFlows((m) =>
          m.exchangeCodeForSession(core, params.code, flowId ? { flowId } : {}),
        ).pipe(
          tap(() => {
            url.searchParams.delete('code');
            url.searchParams.delete('sb_flow_id');
            history?.replaceState(null, '', url.toString());
          }),
          map(() => true),
        );
      }
      if (flowType === 'pkce')
        throw new AuthImplicitGrantRedirectError('Not a valid PKCE flow url.');
      const { access_token, refresh_token, expires_in, token_type } = params;
      if (!access_token || !expires_in || !refresh_token || !token_type) {
        throw new AuthImplicitGrantRedirectError('No session defined in URL');
      }
      const nowSec = Math.round(core.now() / 1000);
      const expiresAt = params.expires_at
        ? parseInt(params.expires_at, 10)
        : nowSec + parseInt(expires_in, 10);
      return core.api.request('GET', '/user', { jwt: access_token }).pipe(
        switchMap(({ data }) => {
          const session: Session = {
            provider_token: params.provider_token,
            provider_refresh_token: params.provider_refresh_token,
            access_token,
            expires_in: parseInt(expires_in, 10),
            expires_at: expiresAt,
            refresh_token,
            token_type,
            user: parseUserResponse(data),
          };
          location.hash = '';
          const event = params.type === 'recovery' ? 'PASSWORD_RECOVERY' : 'SIGNED_IN';
          return concat(core.saveSession(session, event), EMPTY).pipe(last(null, undefined));
        }),
        map(() => true),
      );
    }),
  );
}
