import type { AdminApi } from './admin.js';
import type { AuthApi } from './auth-api.js';
import type { AuthCore } from './auth-core.js';
import type { MfaApi } from './mfa.js';
import { lazyFacade, type MethodNames } from '../lazy/lazy-facade.js';
import { lazyModule } from '../lazy/lazy-module.js';

// `auth.admin` and `auth.mfa` as objects the client makes at once, whose code loads on their first
// call: most apps never use the admin API (it needs the service role key) nor MFA.

/** `auth.admin`. */
export const adminModule = lazyModule(() => import('./admin.js'));
/** `auth.mfa`. */
export const mfaModule = lazyModule(() => import('./mfa.js'));

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
};

const mfaMethods: MethodNames<MfaApi> = {
  enroll: true,
  challenge: true,
  verify: true,
  challengeAndVerify: true,
  unenroll: true,
  listFactors: true,
  getAuthenticatorAssuranceLevel: true,
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
 * `auth.mfa`: the {@link MfaApi} of `core`, loaded on its first call.
 *
 * @example
 * ```ts
 * lazyMfaApi(core).listFactors().subscribe(({ totp }) => …);
 * ```
 */
export function lazyMfaApi(core: AuthCore): MfaApi {
  return lazyFacade(mfaModule, (m) => new m.MfaApi(core), mfaMethods);
}
