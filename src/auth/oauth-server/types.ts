/**
 * Types of Supabase Auth's OAuth 2.1 server (where the project is the identity provider for
 * third-party apps), as auth-js 2.119.1 names them. Only relevant when the OAuth 2.1 server is
 * enabled in Supabase Auth.
 */

/** Grant types a client may use (`authorization_code`, `refresh_token`, or another). */
export type OAuthClientGrantType = 'authorization_code' | 'refresh_token' | (string & {});

/** Response types a client may ask for. */
export type OAuthClientResponseType = 'code';

/** Whether the client can keep a secret (`confidential`) or not (`public`). */
export type OAuthClientType = 'public' | 'confidential';

/** How the client was registered. */
export type OAuthClientRegistrationType = 'dynamic' | 'manual';

/** How the client authenticates at `/oauth/token`. */
export type OAuthClientTokenEndpointAuthMethod =
  'none' | 'client_secret_basic' | 'client_secret_post';

/** A registered OAuth client, as the admin API returns it. */
export interface OAuthClient {
  client_id: string;
  client_name: string;
  /** Only in the answers of `createClient` and `regenerateClientSecret`. */
  client_secret?: string;
  client_type: OAuthClientType;
  token_endpoint_auth_method: OAuthClientTokenEndpointAuthMethod;
  registration_type: OAuthClientRegistrationType;
  client_uri?: string;
  logo_uri?: string;
  redirect_uris: string[];
  grant_types: OAuthClientGrantType[];
  response_types: OAuthClientResponseType[];
  scope?: string;
  created_at: string;
  updated_at: string;
}

/** Arguments of `admin.oauth.createClient`. */
export interface CreateOAuthClientParams {
  client_name: string;
  client_uri?: string;
  redirect_uris: string[];
  /** Default: `authorization_code` and `refresh_token`. */
  grant_types?: OAuthClientGrantType[];
  /** Default: `code`. */
  response_types?: OAuthClientResponseType[];
  scope?: string;
  /** Default: the server's. */
  token_endpoint_auth_method?: OAuthClientTokenEndpointAuthMethod;
}

/** Arguments of `admin.oauth.updateClient`: only the fields given are changed. */
export interface UpdateOAuthClientParams {
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  redirect_uris?: string[];
  grant_types?: OAuthClientGrantType[];
  token_endpoint_auth_method?: OAuthClientTokenEndpointAuthMethod;
}

/** What `admin.oauth.listClients` emits: a page of clients and where the other pages are. */
export interface OAuthClientPage {
  /** `[]` when the server lists none (GoTrue then answers `{}`). */
  clients: OAuthClient[];
  /** Present when the server sends it. */
  aud?: string;
  nextPage: number | null;
  lastPage: number;
  prevPage?: number;
  firstPage?: number;
  total: number;
}

/** The client as a consent page or a grant shows it. */
export interface OAuthAuthorizationClient {
  id: string;
  name: string;
  /** Absent when the client registered none. */
  uri?: string;
  /** Absent when the client registered none. */
  logo_uri?: string;
}

/** What a consent page needs: the request is waiting for the user's decision. */
export interface OAuthAuthorizationDetails {
  /** The id to pass to `approveAuthorization` / `denyAuthorization`. */
  authorization_id: string;
  /** The client's registered redirect URI (no code or state yet). */
  redirect_uri: string;
  client: OAuthAuthorizationClient;
  user: { id: string; email: string };
  /** Space-separated scopes, e.g. `"openid email"`. */
  scope: string;
}

/**
 * Where to send the user back to the client: with `code` and `state` after an approval (or an
 * earlier consent to the same scopes), with `error=access_denied` after a denial.
 */
export interface OAuthRedirect {
  redirect_url: string;
}

/** A user's standing authorization of a client. */
export interface OAuthGrant {
  client: OAuthAuthorizationClient;
  scopes: string[];
  /** ISO 8601. */
  granted_at: string;
}

/** Options of `approveAuthorization` / `denyAuthorization`. */
export interface OAuthConsentOptions {
  /**
   * In a browser the page goes to `redirect_url` unless this is `true`; elsewhere nothing
   * navigates. Default `false`.
   */
  skipBrowserRedirect?: boolean;
}
