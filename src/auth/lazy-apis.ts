import type { AdminApi } from './admin.js';
import type { AuthApi } from './auth-api.js';
import type { AuthCore } from './auth-core.js';
import type { MfaApi } from './mfa.js';
import type { MfaOptions } from './mfa/recovery-codes-types.js';
import type { OAuthServerApi } from './oauth-server/oauth-server-api.js';
import type { PasskeyApi } from './passkey/passkey-api.js';
import { lazyFacade, type MethodNames } from '../lazy/lazy-facade.js';
import { lazyModule } from '../lazy/lazy-module.js';

// `auth.admin`, `auth.mfa`, `auth.oauth` and `auth.passkey` as objects the client makes at once,
// whose code loads on their first call: most apps never use the admin API (it needs the service
// role key), MFA, the OAuth 2.1 server's consent page or passkeys.

/** `auth.admin`. */
export const adminModule = lazyModule(() => import('./admin.js'));
/** `auth.mfa`. */
export const mfaModule = lazyModule(() => import('./mfa.js'));
/** `auth.oauth`. */
export const oauthServerModule = lazyModule(() => import('./oauth-server/oauth-server-api.js'));
/** `auth.passkey`, `signInWithPasskey`, `registerPasskey`. */
export const passkeyModule = lazyModule(() => import('./passkey/index.js'));

const adminMethods: MethodNames<AdminApi> = {
  mfa: { listFactors: true, deleteFactor: true },
  getUserById: true,
  listUsers: true,
  createUser: true,
  updateUserById: true,
  deleteUser: true,
  inviteUserByEmail: true,
  generateLink: true,
  signOut: true,
  oauth: {
    listClients: true,
    createClient: true,
    getClient: true,
    updateClient: true,
    deleteClient: true,
    regenerateClientSecret: true,
  },
  passkey: { listPasskeys: true, deletePasskey: true },
};

const oauthServerMethods: MethodNames<OAuthServerApi> = {
  getAuthorizationDetails: true,
  approveAuthorization: true,
  denyAuthorization: true,
  listGrants: true,
  revokeGrant: true,
};

const passkeyMethods: MethodNames<PasskeyApi> = {
  startRegistration: true,
  verifyRegistration: true,
  startAuthentication: true,
  verifyAuthentication: true,
  list: true,
  update: true,
  delete: true,
};

const mfaMethods: MethodNames<MfaApi> = {
  enroll: true,
  challenge: true,
  verify: true,
  challengeAndVerify: true,
  unenroll: true,
  listFactors: true,
  getAuthenticatorAssuranceLevel: true,
  webauthn: { enroll: true, challenge: true, verify: true, authenticate: true, register: true },
  recoveryCodes: {
    getStatus: true,
    generate: true,
    verify: true,
    regenerate: true,
    unenroll: true,
  },
};

/**
 * `auth.admin`: the {@link AdminApi} of `api`, loaded on its first call.
 *
 * @example
 * ```ts
 * lazyAdminApi(api).listUsers().subscribe(({ users }) => …);
 * ```
 */
export function lazyAdminApi(api: AuthApi): AdminApi {
  return lazyFacade(adminModule, (m) => new m.AdminApi(api), adminMethods);
}

/**
 * `auth.mfa`: the {@link MfaApi} of `core` (with the client's `webauthn` and `experimental`
 * options), loaded on its first call.
 *
 * @example
 * ```ts
 * lazyMfaApi(core).listFactors().subscribe(({ totp }) => …);
 * ```
 */
export function lazyMfaApi(core: AuthCore, options?: MfaOptions): MfaApi {
  return lazyFacade(mfaModule, (m) => new m.MfaApi(core, options), mfaMethods);
}

/**
 * `auth.oauth`: the {@link OAuthServerApi} of `core` (consent and grants), loaded on its first call.
 *
 * @example
 * ```ts
 * lazyOAuthServerApi(core).listGrants().subscribe((grants) => …);
 * ```
 */
export function lazyOAuthServerApi(core: AuthCore): OAuthServerApi {
  return lazyFacade(oauthServerModule, (m) => new m.OAuthServerApi(core), oauthServerMethods);
}

/**
 * `auth.passkey`: the {@link PasskeyApi} of `core`, loaded on its first call.
 *
 * @example
 * ```ts
 * lazyPasskeyApi(core).list().subscribe((passkeys) => …);
 * ```
 */
export function lazyPasskeyApi(core: AuthCore): PasskeyApi {
  return lazyFacade(passkeyModule, (m) => new m.PasskeyApi(core), passkeyMethods);
}
