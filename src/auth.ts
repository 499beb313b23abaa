/**
 * `supabase-rx/auth`: the auth client on its own, its errors and types.
 *
 * @example
 * ```ts
 * import { AuthClient, AuthApiError } from 'supabase-rx/auth';
 * ```
 */
export { AuthClient, type AuthSubscription } from './auth/auth-client.js';
export { AuthSessionMethods } from './auth/auth-methods.js';
export { AuthSignInMethods } from './auth/auth-sign-in-methods.js';
export {
  AdminApi,
  parsePagination,
  type AdminUserAttributes,
  type GenerateLinkParams,
  type GenerateLinkResult,
  type UserPage,
} from './auth/admin.js';
export {
  MfaApi,
  groupFactors,
  type AssuranceLevel,
  type MFAChallengeResult,
  type MFAEnrollParams,
  type MFAEnrollResult,
  type MFAFactors,
  type MFAVerifyParams,
} from './auth/mfa.js';
export { AuthExperimentalDisabledError } from './auth/mfa/experimental-error.js';
export { MfaWebAuthnApi, type MfaWebAuthnContext } from './auth/mfa/mfa-webauthn-api.js';
export { RecoveryCodesApi } from './auth/mfa/recovery-codes-api.js';
export type * from './auth/mfa/recovery-codes-types.js';
export type * from './auth/mfa/webauthn-types.js';
export * from './auth/errors.js';
export type * from './auth/types.js';
export { memoryStorage, type StorageFailure } from './auth/storage.js';
export { EXPIRY_MARGIN_MS } from './auth/auth-core.js';
export { AUTO_REFRESH_TICK_MS, AUTO_REFRESH_TICK_THRESHOLD } from './auth/auto-refresh.js';
export { JWKS_TTL_MS, type ClaimsResult, type GetClaimsOptions } from './auth/flows/claims.js';
export type {
  OAuthResult,
  SignInWithOAuthCredentials,
  SignInWithSSOParams,
} from './auth/flows/oauth.js';
export type {
  SignInWithIdTokenCredentials,
  SignInWithOtpCredentials,
  SignInWithPasswordCredentials,
} from './auth/flows/sign-in.js';
export type { SignOutScope } from './auth/flows/sign-out.js';
export type { SignInAnonymouslyCredentials, SignUpCredentials } from './auth/flows/sign-up.js';
export type { UserAttributes } from './auth/flows/user.js';
export type {
  CodeExchangeResult,
  EmailOtpType,
  MobileOtpType,
  ResendParams,
  VerifyOtpParams,
} from './auth/flows/verify.js';
export {
  siweMessage,
  siwsMessage,
  type EthereumWallet,
  type SolanaWallet,
  type Web3Credentials,
} from './auth/flows/web3.js';
export {
  AdminOAuthApi,
  OAuthServerApi,
  type OAuthServerApiContext,
  type OAuthServerApiOptions,
} from './auth/oauth-server/index.js';
export type * from './auth/oauth-server/types.js';
export {
  AdminPasskeyApi,
  PasskeyApi,
  WebAuthnError,
  browserCredentials,
  type RegisterPasskeyCredentials,
  type WebAuthnCredentials,
} from './auth/passkey/index.js';
export type * from './auth/passkey/types.js';
