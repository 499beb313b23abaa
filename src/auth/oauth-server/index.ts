/**
 * The OAuth 2.1 server's SDK side: the user's consent and grants API (`auth.oauth`) and the
 * admin client registry (`auth.admin.oauth`).
 *
 * @example
 * ```ts
 * import { AdminOAuthApi, OAuthServerApi } from './oauth-server/index.js';
 * ```
 */
export { AdminOAuthApi } from './admin-oauth-api.js';
export {
  OAuthServerApi,
  type OAuthServerApiContext,
  type OAuthServerApiOptions,
} from './oauth-server-api.js';
export type * from './types.js';
