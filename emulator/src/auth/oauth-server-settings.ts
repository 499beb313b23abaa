/** `[auth.oauth_server]` of config.toml, or GoTrue's `GOTRUE_OAUTH_SERVER_*` environment. */
export interface OAuthServerSettings {
  /** Off by default: every OAuth server route answers 404 `feature_disabled`. */
  enabled: boolean;
  /** Path on the site URL of the app's consent page (`authorization_url_path`). */
  authorizationPath: string;
  /** The scope of an `/oauth/authorize` request that names none (GoTrue: `email`). */
  defaultScope: string;
  /** How long an authorization request (and its code) lives: GoTrue's 10 minutes. */
  authorizationTtlMs: number;
  /** `POST /oauth/clients/register` (RFC 7591) open to anyone (`allow_dynamic_registration`). */
  allowDynamicRegistration: boolean;
}

const TRUE = /^(1|t|true)$/i;

/**
 * Reads the OAuth 2.1 server settings. A `GOTRUE_OAUTH_SERVER_*` variable set in the environment
 * wins over config.toml, as it would for GoTrue started by hand.
 *
 * @example
 * readOAuthServerSettings({ enabled: true }).authorizationPath; // '/oauth/consent'
 */
export function readOAuthServerSettings(
  table: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): OAuthServerSettings {
  const envEnabled = env.GOTRUE_OAUTH_SERVER_ENABLED?.trim();
  const path = env.GOTRUE_OAUTH_SERVER_AUTHORIZATION_PATH?.trim();
  const envDynamic = env.GOTRUE_OAUTH_SERVER_ALLOW_DYNAMIC_REGISTRATION?.trim();
  return {
    enabled: envEnabled ? TRUE.test(envEnabled) : table.enabled === true,
    authorizationPath:
      path ||
      (typeof table.authorization_url_path === 'string'
        ? table.authorization_url_path
        : '/oauth/consent'),
    defaultScope: env.GOTRUE_OAUTH_SERVER_DEFAULT_SCOPE?.trim() || 'email',
    authorizationTtlMs: 10 * 60_000,
    allowDynamicRegistration: envDynamic
      ? TRUE.test(envDynamic)
      : table.allow_dynamic_registration === true,
  };
}
