import type { OAuthServerSettings } from './oauth-server-settings.js';

/** The scopes GoTrue's OAuth server knows (`models.SupportedOAuthScopes`). */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'phone'];

/** The claims an id token or `/oauth/userinfo` may carry, as GoTrue lists them. */
const CLAIMS_SUPPORTED = [
  'sub',
  'aud',
  'iss',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'email',
  'email_verified',
  'phone_number',
  'phone_number_verified',
  'name',
  'picture',
  'preferred_username',
  'updated_at',
];

/**
 * GoTrue's one metadata document, served both as OpenID Connect discovery
 * (`/.well-known/openid-configuration`, always) and as RFC 8414 authorization server metadata
 * (`/.well-known/oauth-authorization-server`, OAuth server on). Endpoints hang off the issuer;
 * `registration_endpoint` only when dynamic registration is allowed. Pure.
 *
 * @example
 * discoveryDocument('http://127.0.0.1:54321/auth/v1', settings.oauthServer).token_endpoint;
 * // 'http://127.0.0.1:54321/auth/v1/oauth/token'
 */
export function discoveryDocument(
  issuer: string,
  settings: OAuthServerSettings,
): Record<string, unknown> {
  const base = issuer.replace(/\/+$/, '');
  const doc: Record<string, unknown> = {
    issuer,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    userinfo_endpoint: `${base}/oauth/userinfo`,
  };
  if (settings.enabled && settings.allowDynamicRegistration) {
    doc.registration_endpoint = `${base}/oauth/clients/register`;
  }
  return {
    ...doc,
    scopes_supported: SUPPORTED_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    // GoTrue lists these whatever the project's key (its source says so, with a TODO).
    id_token_signing_alg_values_supported: ['RS256', 'HS256', 'ES256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    claims_supported: CLAIMS_SUPPORTED,
    code_challenge_methods_supported: ['S256', 'plain'],
  };
}
