import type { DetectSessionInUrl } from './url-session.js';

/** The parameters without which a URL is no auth callback (see `callbackKind`). */
const CALLBACK_PARAMETERS = ['access_token', 'code', 'error', 'error_description', 'error_code'];

/**
 * Whether the URL may be an auth callback, so that `initialize()` loads the URL-session code only
 * then: with a `detectSessionInUrl` predicate (it decides), or when the query or the fragment has
 * one of the parameters a callback carries. A `true` is only a maybe; the loaded code decides.
 *
 * @example
 * ```ts
 * mayBeAuthCallback('https://app/', true); // false: nothing to load
 * mayBeAuthCallback('https://app/cb#access_token=…', true); // true
 * ```
 */
export function mayBeAuthCallback(href: string, detect: DetectSessionInUrl): boolean {
  if (typeof detect === 'function') return true;
  const url = new URL(href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  return CALLBACK_PARAMETERS.some((name) => url.searchParams.has(name) || fragment.has(name));
}
