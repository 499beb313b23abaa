/**
 * Passkeys on the SDK side: the two-step and management API (`auth.passkey`), the whole
 * ceremonies (`signInWithPasskey`, `registerPasskey`), the admin API (`auth.admin.passkey`) and
 * the browser's WebAuthn calls as Observables.
 *
 * @example
 * ```ts
 * import { PasskeyApi, signInWithPasskey, browserCredentials } from './passkey/index.js';
 * ```
 */
export { AdminPasskeyApi } from './admin-passkey-api.js';
export { PasskeyApi, type PasskeyApiContext } from './passkey-api.js';
export {
  registerPasskey,
  signInWithPasskey,
  type RegisterPasskeyCredentials,
} from './passkey-ceremonies.js';
export {
  browserCredentials,
  ceremony$,
  credentialJson,
  toCreationOptions,
  toRequestOptions,
  type CeremonyOptions,
  type WebAuthnCredentials,
} from './webauthn-browser.js';
export { WebAuthnError } from './webauthn-errors.js';
export type * from './types.js';
