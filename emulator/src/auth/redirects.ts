import type { AuthSettings } from './settings.js';

/** A glob of `additional_redirect_urls` as a RegExp: `**` any text, `*` any text without a dot. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (ch === '*') {
      out += '[^.]*';
    } else if (ch === '?') {
      out += '[^.]';
    } else {
      out += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/**
 * The URL to send the user back to: `redirect_to` when it is on the site URL's host or matches
 * one of `additional_redirect_urls`, else `site_url` — GoTrue falls back silently.
 *
 * @example
 * resolveRedirect(settings, 'https://evil.example/cb'); // settings.siteUrl
 */
export function resolveRedirect(
  settings: AuthSettings,
  redirectTo: string | undefined | null,
): string {
  if (!redirectTo) return settings.siteUrl;
  let target: URL;
  try {
    target = new URL(redirectTo);
  } catch {
    return settings.siteUrl;
  }
  try {
    if (new URL(settings.siteUrl).hostname === target.hostname) return redirectTo;
  } catch {
    // A malformed site_url matches nothing.
  }
  const trimmed = redirectTo.replace(/\/$/, '');
  for (const pattern of settings.additionalRedirectUrls) {
    if (pattern.replace(/\/$/, '') === trimmed || globToRegExp(pattern).test(redirectTo)) {
      return redirectTo;
    }
  }
  return settings.siteUrl;
}

/**
 * GoTrue's implicit-flow redirect: the session in the fragment, keys sorted, URL-encoded.
 *
 * @example
 * implicitRedirect('https://app/cb', { access_token: 'eyJ…', type: 'magiclink' });
 */
export function implicitRedirect(to: string, params: Record<string, string | number>): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(params).sort()) q.set(key, String(params[key]));
  const base = to.split('#')[0];
  return `${base}#${q.toString()}`;
}

/**
 * GoTrue's PKCE redirect: `?code=<auth code>` added to the redirect URL's query.
 *
 * @example
 * codeRedirect('https://app/cb?x=1', 'abc'); // 'https://app/cb?x=1&code=abc'
 */
export function codeRedirect(to: string, code: string): string {
  const url = new URL(to);
  url.searchParams.set('code', code);
  return url.toString();
}

/**
 * GoTrue's error redirect: `error`, `error_code`, `error_description` in the query, and in the
 * fragment too for the implicit flow (where the client reads them).
 *
 * @example
 * errorRedirect('https://app/cb', 'access_denied', 'otp_expired', 'Email link is invalid or has expired', 'implicit');
 */
export function errorRedirect(
  to: string,
  error: string,
  code: string,
  description: string,
  flow: 'implicit' | 'pkce',
): string {
  const url = new URL(to);
  url.searchParams.set('error', error);
  url.searchParams.set('error_code', code);
  url.searchParams.set('error_description', description);
  if (flow === 'implicit') {
    const frag = new URLSearchParams({ error, error_code: code, error_description: description });
    url.hash = frag.toString();
  }
  return url.toString();
}
