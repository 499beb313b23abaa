import type { Context } from 'hono';

/** The first API version whose error bodies are `{ code, message }` (protocol.md §3.14). */
const API_VERSION_2024 = '2024-01-01';

/**
 * A GoTrue error: HTTP status, stable string code and GoTrue's exact message. Thrown anywhere in
 * a handler and rendered by {@link renderAuthError} in the shape the request's API version asks for.
 *
 * @example
 * throw new AuthHttpError(400, 'invalid_credentials', 'Invalid login credentials');
 */
export class AuthHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra body fields, e.g. `{ weak_password: { reasons } }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AuthHttpError';
  }
}

/**
 * GoTrue's `OAuthError` (internal/api/errors.go): always 400 with an OAuth2 body
 * `{ error, error_description }`, whatever the API version. The web3 grant answers its
 * signature and message checks this way.
 *
 * @example
 * throw new OAuthGrantError('invalid_grant', 'Signature does not match address in message');
 */
export class OAuthGrantError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
    this.name = 'OAuthGrantError';
  }
}

/**
 * 400 `validation_failed` with the given message: the most common bad-input answer.
 *
 * @example
 * throw validationFailed('Unable to validate email address: invalid format');
 */
export function validationFailed(message: string): AuthHttpError {
  return new AuthHttpError(400, 'validation_failed', message);
}

/**
 * Reads `X-Supabase-Api-Version`: `null` when absent, the version date otherwise. GoTrue maps any
 * date on or after 2024-01-01 to that version; a malformed value is refused.
 *
 * @example
 * requestApiVersion(c); // '2024-01-01' or null
 */
export function requestApiVersion(c: Context): string | null {
  const raw = c.req.header('x-supabase-api-version');
  if (!raw) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    throw new AuthHttpError(
      400,
      'bad_json',
      `Invalid version in X-Supabase-Api-Version header: "${raw}"`,
    );
  }
  return raw >= API_VERSION_2024 ? API_VERSION_2024 : null;
}

/**
 * Renders an error as GoTrue does: `{ code, message }` (echoing the version header) for API
 * version 2024-01-01, the legacy `{ code: <status>, error_code, msg }` otherwise; `x-sb-error-code`
 * either way. Unknown errors become 500 `unexpected_failure`.
 *
 * @example
 * app.onError((err, c) => renderAuthError(c, err));
 */
export function renderAuthError(c: Context, err: unknown): Response {
  if (err instanceof OAuthGrantError) return oauthError(400, err.error, err.message);
  const e =
    err instanceof AuthHttpError
      ? err
      : new AuthHttpError(
          500,
          'unexpected_failure',
          err instanceof Error ? err.message : String(err),
        );
  let version: string | null = null;
  try {
    version = requestApiVersion(c);
  } catch {
    version = null;
  }
  const headers: Record<string, string> = { 'x-sb-error-code': e.code };
  let body: Record<string, unknown>;
  if (version) {
    headers['x-supabase-api-version'] = version;
    body = { code: e.code, message: e.message, ...e.extra };
  } else {
    body = { code: e.status, error_code: e.code, msg: e.message, ...e.extra };
  }
  return new Response(JSON.stringify(body), {
    status: e.status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * An OAuth2-style error body `{ error, error_description }`, which GoTrue uses for the OAuth
 * endpoints (`/authorize`, `/callback`) when it cannot redirect.
 *
 * @example
 * return oauthError(400, 'invalid_request', 'Missing state');
 */
export function oauthError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
